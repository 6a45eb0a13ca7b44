package com.cleanupservice.schedule;

import com.cleanupservice.lease.Leases;
import com.cleanupservice.persistence.Database;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances on one database, as the guard sees them: one sweep at a time, each tick once, a dead holder replaced. */
class SweepGuardTest {

    @Test
    void oneSweepAtATimeEachTickOnceAndADeadHolderIsReplaced() {
        DataSource ds = TestDatabase.freshDataSource();
        Database.migrate(ds);
        Jdbc jdbc = new Jdbc(ds);
        Leases leasesOfA = new Leases(Duration.ofSeconds(60));
        Leases leasesOfB = new Leases(Duration.ofSeconds(60));
        SweepGuard a = new SweepGuard(jdbc, "orphan-sweep", "a", leasesOfA);
        SweepGuard b = new SweepGuard(jdbc, "orphan-sweep", "b", leasesOfB);
        Instant t1 = Instant.parse("2026-11-29T10:00:00Z");
        Instant t2 = t1.plusSeconds(10);
        Instant t3 = t2.plusSeconds(10);

        assertThat(a.take(t1)).isNull();
        assertThat(b.take(t1)).contains("a sweep is running on a/");
        assertThat(b.take(t2)).as("not while a sweeps, even for a later tick").contains("running");
        a.leave();
        assertThat(b.take(t1)).as("a paused instance's missed tick").contains("already ran");
        assertThat(b.take(t2)).isNull();

        assertThat(leasesOfB.renewAll()).as("b's hold is one of b's leases").isEqualTo(1);
        assertThat(a.take(t3)).as("b renews its hold").contains("running on b/");
        jdbc.update("UPDATE sweep_guard SET started_at = now() - interval '2 minutes'");
        assertThat(a.take(t3)).as("b stopped renewing: its instance died").isNull();
        b.leave();
        assertThat(jdbc.rows("SELECT owner FROM sweep_guard").get(0).get("owner")).as("b's leave cannot free a's hold").asString().startsWith("a/");
    }

    @Test
    void anInstanceShuttingDownLeavesTheGuardAtOnceAndTakesNoTick() {
        DataSource ds = TestDatabase.freshDataSource();
        Database.migrate(ds);
        Jdbc jdbc = new Jdbc(ds);
        Leases leasesOfA = new Leases(Duration.ofSeconds(60));
        SweepGuard a = new SweepGuard(jdbc, "orphan-sweep", "a", leasesOfA);
        SweepGuard b = new SweepGuard(jdbc, "orphan-sweep", "b", new Leases(Duration.ofSeconds(60)));
        Instant t1 = Instant.parse("2026-11-29T10:00:00Z");
        assertThat(a.take(t1)).isNull();

        assertThat(leasesOfA.handOver(Duration.ofSeconds(5)).handedBack()).isEqualTo(1);

        assertThat(a.take(t1.plusSeconds(10))).isEqualTo("this instance is shutting down");
        assertThat(b.take(t1.plusSeconds(10))).as("free at once, not a lease later").isNull();
        a.leave();
        assertThat(jdbc.rows("SELECT owner FROM sweep_guard").get(0).get("owner")).as("a's late leave cannot free b's hold")
                .asString().startsWith("b/");
    }
}
