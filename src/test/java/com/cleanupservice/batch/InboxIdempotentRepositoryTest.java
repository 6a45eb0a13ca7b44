package com.cleanupservice.batch;

import com.cleanupservice.lease.Leases;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox's record in PostgreSQL, as several instances (each with its own repository object) see it. */
class InboxIdempotentRepositoryTest {
    private static final Duration STALE = Duration.ofMinutes(15);
    private static Jdbc jdbc;

    @BeforeAll
    static void migrate() {
        jdbc = TestDatabase.freshMigrated();
    }

    @Test
    void aClaimIsHeldUntilDoneAndDoneIsForever() {
        InboxIdempotentRepository holder = new InboxIdempotentRepository(jdbc, new Leases(STALE));
        InboxIdempotentRepository other = new InboxIdempotentRepository(jdbc, new Leases(STALE));

        assertThat(holder.add("a.json-10-1")).isTrue();
        assertThat(other.contains("a.json-10-1")).isTrue();
        assertThat(other.add("a.json-10-1")).isFalse();
        assertThat(holder.confirm("a.json-10-1")).isTrue();
        age("a.json-10-1", "1 year");
        assertThat(other.contains("a.json-10-1")).as("done is forever").isTrue();
        assertThat(other.add("a.json-10-1")).isFalse();
        assertThat(other.add("a.json-11-1")).as("same name, other size: another file").isTrue();
    }

    @Test
    void aClaimThatStopsBeingRenewedGoesStaleAndIsTakenOver() {
        Leases leasesOfHolder = new Leases(STALE);
        InboxIdempotentRepository holder = new InboxIdempotentRepository(jdbc, leasesOfHolder);
        InboxIdempotentRepository other = new InboxIdempotentRepository(jdbc, new Leases(STALE));
        assertThat(holder.add("b.json-10-1")).isTrue();

        age("b.json-10-1", "16 minutes");
        assertThat(leasesOfHolder.renewAll()).isEqualTo(1);
        assertThat(other.contains("b.json-10-1")).as("renewed by its holder").isTrue();

        age("b.json-10-1", "16 minutes");
        assertThat(other.contains("b.json-10-1")).as("stale").isFalse();
        assertThat(other.add("b.json-10-1")).as("taken over").isTrue();
        assertThat(holder.add("b.json-10-1")).isFalse();
        assertThat(leasesOfHolder.renewAll()).as("the old holder's renewal is refused: the epoch moved on").isZero();
        assertThat(holder.holds("b.json-10-1")).as("so it knows, and writes nothing").isFalse();
        assertThat(holder.confirm("b.json-10-1")).as("nor can it finish the new holder's claim").isFalse();
        assertThat(holder.remove("b.json-10-1")).as("or drop it").isFalse();
        assertThat(other.contains("b.json-10-1")).isTrue();
    }

    @Test
    void aClaimHandedBackAtShutdownIsTakenAtOnceAndItsOldHolderWritesNothingForIt() {
        Leases leasesOfHolder = new Leases(STALE);
        InboxIdempotentRepository holder = new InboxIdempotentRepository(jdbc, leasesOfHolder);
        InboxIdempotentRepository other = new InboxIdempotentRepository(jdbc, new Leases(STALE));
        assertThat(holder.add("d.json-10-1")).isTrue();

        assertThat(leasesOfHolder.handOver(Duration.ofSeconds(5)).handedBack()).isEqualTo(1);

        assertThat(holder.add("e.json-10-1")).as("an instance shutting down takes no file").isFalse();
        assertThat(other.contains("d.json-10-1")).as("free at once, not a lease later").isFalse();
        assertThat(holder.finishing("d.json-10-1")).as("so the old holder writes no outcome").isFalse();
        assertThat(other.add("d.json-10-1")).isTrue();
        assertThat(holder.confirm("d.json-10-1")).isFalse();
        assertThat(holder.remove("d.json-10-1")).as("nor drops the new holder's claim").isFalse();
        assertThat(other.contains("d.json-10-1")).isTrue();
        assertThat(other.confirm("d.json-10-1")).isTrue();
    }

    @Test
    void aFileWhoseOutcomeIsBeingWrittenIsHandedBackOnlyOnceConfirmed() throws Exception {
        Leases leasesOfHolder = new Leases(STALE);
        InboxIdempotentRepository holder = new InboxIdempotentRepository(jdbc, leasesOfHolder);
        assertThat(holder.add("g.json-10-1")).isTrue();
        assertThat(holder.finishing("g.json-10-1")).as("about to write its result file").isTrue();
        ExecutorService shutdown = Executors.newSingleThreadExecutor();
        try {
            Future<Leases.HandOver> handOver = shutdown.submit(() -> leasesOfHolder.handOver(Duration.ofSeconds(60)));
            Await.until("the hand over began", () -> !holder.holds("g.json-10-1"));
            assertThat(handOver.isDone()).as("it waits for the outcome").isFalse();

            assertThat(holder.confirm("g.json-10-1")).as("written and confirmed under the file's epoch").isTrue();

            assertThat(handOver.get(30, TimeUnit.SECONDS).notOurs()).as("done: nothing left to give back").isEqualTo(1);
        } finally {
            shutdown.shutdownNow();
        }
        assertThat(new InboxIdempotentRepository(jdbc, new Leases(STALE)).add("g.json-10-1")).as("done is forever").isFalse();
    }

    @Test
    void aRolledBackClaimIsForgotten() {
        InboxIdempotentRepository holder = new InboxIdempotentRepository(jdbc, new Leases(STALE));
        assertThat(holder.add("c.json-10-1")).isTrue();

        assertThat(holder.remove("c.json-10-1")).isTrue();

        assertThat(new InboxIdempotentRepository(jdbc, new Leases(STALE)).add("c.json-10-1")).isTrue();
    }

    @Test
    void ofManySimultaneousClaimsExactlyOneWins() throws Exception {
        int contenders = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                InboxIdempotentRepository instance = new InboxIdempotentRepository(jdbc, new Leases(STALE));
                Callable<Boolean> claim = () -> {
                    go.await();
                    return instance.add("race.json-10-1");
                };
                claims.add(pool.submit(claim));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> claim : claims) {
                won += claim.get() ? 1 : 0; // a duplicate-key error would surface here
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void age(String key, String interval) {
        // interval comes from the tests above, never from input
        jdbc.update("UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = now() - CAST(? AS INTERVAL) WHERE messageId = ?", interval, key);
    }
}
