package com.cleanupservice.schedule;

import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.TestDatabase;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service on one database: the clustered job store fires each tick on one of them, never on
 * both, and when one stops the other carries on. Ticks every 2 s while each scheduler looks 1 s ahead (idle wait), so
 * both instances compete for every tick rather than one holding the next tick it acquired; nothing to clean, so
 * sweeps are quick.
 */
class OrphanScheduleClusterTest {

    @Test
    void eachTickFiresOnOneInstanceOnlyAndTheOtherTakesOverWhenOneStops() throws Exception {
        Map<String, String> settings = Map.of(
                "cleanup.db.url", TestDatabase.freshDatabaseUrl(),
                "cleanup.demo.enabled", "false",
                "cleanup.orphan-sweep.enabled", "true",
                "cleanup.orphan-sweep.cron", "0/2 * * * * ?",
                "cleanup.orphan-sweep.idle-wait-ms", "1000",
                "cleanup.orphan-sweep.cluster-checkin-ms", "1000");
        SandboxApp first = SandboxApp.start(settings);
        SandboxApp second = null;
        try {
            second = SandboxApp.start(settings);
            SandboxApp a = first;
            SandboxApp b = second;
            Orphans.await(Duration.ofSeconds(20), "6 ticks across both instances", () -> ticks(a).size() + ticks(b).size() >= 6);

            assertThat(scheduler(a).getSchedulerName()).isEqualTo(scheduler(b).getSchedulerName());
            assertThat(scheduler(a).getSchedulerInstanceId()).isNotEqualTo(scheduler(b).getSchedulerInstanceId());
            assertThat(a.jdbc().rows("SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = 'cleanup-service'"))
                    .hasSize(2);
            List<Instant> fired = new ArrayList<>();
            ticks(a).forEach(t -> fired.add(t.scheduledFor()));
            ticks(b).forEach(t -> fired.add(t.scheduledFor()));
            assertThat(fired).as("scheduled tick times fired by either instance").doesNotHaveDuplicates().doesNotContainNull();
            assertThat(ticks(a)).allSatisfy(t -> assertThat(t.instanceId()).isEqualTo(scheduler(a).getSchedulerInstanceId()));
            assertThat(ticks(b)).allSatisfy(t -> assertThat(t.instanceId()).isEqualTo(scheduler(b).getSchedulerInstanceId()));
            assertThat(ticks(a)).allSatisfy(t -> assertThat(t.status()).isEqualTo(200));

            Scheduler stopped = scheduler(a);
            first.close();
            first = null;
            Instant closedAt = Instant.now();
            assertThat(stopped.isShutdown()).as("the scheduler stops with the service").isTrue();
            Orphans.await(Duration.ofSeconds(20), "the remaining instance fires the ticks",
                    () -> ticks(b).stream().anyMatch(t -> t.scheduledFor().isAfter(closedAt)));
        } finally {
            if (second != null) {
                second.close();
            }
            if (first != null) {
                first.close();
            }
        }
    }

    private static List<ScheduledSweeps.Tick> ticks(SandboxApp app) {
        return app.context().getRegistry().lookupByNameAndType("scheduledSweeps", ScheduledSweeps.class).recent();
    }

    private static Scheduler scheduler(SandboxApp app) {
        return app.context().getComponent("quartz", QuartzComponent.class).getScheduler();
    }
}
