package com.cleanupservice.lease;

import com.cleanupservice.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand over of an instance that shuts down, as its leases see it: nothing starts under a lease once it began, the
 * calls under way are waited for (within the bound), and only then is each lease given back, the work inside a claim
 * before the claim around it.
 */
class LeasesTest {
    private final ExecutorService shutdown = Executors.newSingleThreadExecutor();
    private final List<String> handedBack = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        shutdown.shutdownNow();
    }

    private Lease hold(Leases leases, String what, Lease.Kind kind) {
        return leases.hold(what, kind, 1, epoch -> true, epoch -> handedBack.add(what));
    }

    @Test
    void theHandOverWaitsForTheCallsUnderWayThenGivesBackNodesBeforeRunsBeforeFilesBeforeTheGuard() throws Exception {
        Leases leases = new Leases(Duration.ofSeconds(90));
        Lease guard = hold(leases, "guard", Lease.Kind.GUARD);
        Lease file = hold(leases, "file", Lease.Kind.FILE);
        Lease run = hold(leases, "run", Lease.Kind.RUN);
        Lease node = hold(leases, "node", Lease.Kind.NODE);
        assertThat(node.enter()).as("a DELETE under way").isTrue();

        Future<Leases.HandOver> handOver = shutdown.submit(() -> leases.handOver(Duration.ofSeconds(60)));

        Await.until("the node's lease is stopped", () -> !node.held());
        assertThat(leases.closing()).isTrue();
        assertThat(run.enter()).as("no call starts under a stopped lease").isFalse();
        assertThat(node.whyNotHeld()).contains("shutting down");
        assertThat(handedBack).as("nothing given back while the DELETE is under way").isEmpty();
        assertThat(handOver.isDone()).isFalse();

        node.leave(); // its result recorded

        Leases.HandOver done = handOver.get(30, TimeUnit.SECONDS);
        assertThat(handedBack).containsExactly("node", "run", "file", "guard");
        assertThat(done.handedBack()).isEqualTo(4);
        assertThat(done.callsCutOff()).isZero();
        assertThat(leases.size()).isZero();
        assertThat(List.of(guard, file, run, node)).noneMatch(Lease::held);
    }

    @Test
    void aCallOutlastingTheBoundIsLeftAndItsLeaseHandedBackAnyway() {
        Leases leases = new Leases(Duration.ofSeconds(90));
        Lease node = hold(leases, "node", Lease.Kind.NODE);
        assertThat(node.enter()).isTrue();

        Leases.HandOver done = leases.handOver(Duration.ofMillis(200));

        assertThat(done.callsCutOff()).isEqualTo(1);
        assertThat(handedBack).containsExactly("node");
    }

    @Test
    void aLeaseTakenWhileClosingIsGivenBackAtOnceAndNeverHeld() {
        Leases leases = new Leases(Duration.ofSeconds(90));
        leases.close();

        Lease late = hold(leases, "a run claimed as the instance began to close", Lease.Kind.RUN);

        assertThat(late.held()).isFalse();
        assertThat(late.enter()).isFalse();
        assertThat(handedBack).containsExactly("a run claimed as the instance began to close");
        assertThat(leases.size()).isZero();
    }

    @Test
    void oneNoLongerOursOrThatCannotBeGivenBackIsCountedAndTheRestGoOn() {
        Leases leases = new Leases(Duration.ofSeconds(90));
        leases.hold("ended meanwhile", Lease.Kind.NODE, 1, epoch -> true, epoch -> false);
        leases.hold("database gone", Lease.Kind.RUN, 1, epoch -> true, epoch -> {
            throw new IllegalStateException("no connection");
        });
        hold(leases, "file", Lease.Kind.FILE);

        Leases.HandOver done = leases.handOver(Duration.ofSeconds(1));

        assertThat(done.notOurs()).isEqualTo(1);
        assertThat(done.failed()).isEqualTo(1);
        assertThat(done.handedBack()).isEqualTo(1);
        assertThat(handedBack).containsExactly("file");
    }

    @Test
    void aStoppedLeaseIsNotRenewedAndAnUnsharedOneIsAlwaysHeld() {
        Leases leases = new Leases(Duration.ofSeconds(90));
        hold(leases, "node", Lease.Kind.NODE);
        assertThat(leases.renewAll()).isEqualTo(1);

        leases.handOver(Duration.ZERO);

        assertThat(leases.renewAll()).isZero();
        Lease dryRun = Lease.unshared("dry run");
        assertThat(dryRun.enter()).isTrue();
        dryRun.leave();
        assertThat(dryRun.held()).isTrue();
    }
}
