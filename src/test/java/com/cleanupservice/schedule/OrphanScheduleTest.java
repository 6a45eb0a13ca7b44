package com.cleanupservice.schedule;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.SchedulerMetaData;
import org.quartz.impl.jdbcjobstore.JobStoreTX;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Quartz route: a fast cron, and the sweeps it fires clean the orphans with trigger "schedule". */
class OrphanScheduleTest {
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of(
                "cleanup.orphan-sweep.enabled", "true",
                "cleanup.orphan-sweep.cron", "0/2 * * * * ?",
                "cleanup.orphan-sweep.idle-wait-ms", "1000"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aTickSweepsTheOrphansAndLeavesLiveNodesAlone() {
        DemoData.Node extra = Orphans.seed(app, 160, "error", 30);
        // the demo nodes are seeded fresh; age them past the sweep's 24 h (node 2, deployed, too: it must stay)
        app.jdbc().update("UPDATE nodes SET updated_at = now() - interval '2 days' WHERE id IN (1, 2, 3)");
        List<Long> orphans = List.of(1L, 3L, (long) extra.id());

        Orphans.await(Duration.ofSeconds(30), "scheduled sweeps clean nodes 1, 3 and 160",
                () -> orphans.stream().allMatch(id -> "cleanup_completed".equals(Orphans.status(app, id))));
        // the node's status is set a moment before its run is closed
        Orphans.await(Duration.ofSeconds(30), "their runs closed",
                () -> app.jdbc().rows("SELECT 1 FROM cleanup_runs WHERE kind = 'node' AND state = 'running'").isEmpty());

        assertThat(Orphans.status(app, 2)).isEqualTo("deployed");
        assertThat(app.simulator().exists("bare_metal_server", DemoData.nodes().get(1).serverId())).isTrue();
        for (String name : List.of(DemoData.nodes().get(0).name(), DemoData.nodes().get(2).name(), extra.name())) {
            assertThat(app.jdbc().rows("SELECT trigger, state FROM cleanup_runs WHERE target = ? AND kind = 'node'", name))
                    .as(name).containsExactly(Map.of("trigger", "schedule", "state", "completed"));
        }
        // the tick is recorded once its sweep has returned, a moment after the sweep's last node run closed
        Orphans.await(Duration.ofSeconds(30), "the tick that swept them recorded",
                () -> scheduledSweeps().recent().stream().anyMatch(t -> t.nodes() > 0));
        List<ScheduledSweeps.Tick> ticks = scheduledSweeps().recent();
        assertThat(ticks).anySatisfy(t -> {
            assertThat(t.status()).isEqualTo(200);
            assertThat(t.nodes()).isPositive();
        });
        assertThat(ticks).allSatisfy(t -> {
            assertThat(t.instanceId()).isNotBlank();
            // on the cron's even seconds
            assertThat(t.scheduledFor().getEpochSecond() % 2).isZero();
        });
    }

    @Test
    void theSchedulerIsAClusteredJdbcStoreWithOneThreadThatSkipsMissedTicks() throws Exception {
        SchedulerMetaData meta = app.context().getComponent("quartz", QuartzComponent.class).getScheduler().getMetaData();

        assertThat(meta.isStarted()).isTrue();
        assertThat(meta.getSchedulerName()).isEqualTo("cleanup-service");
        assertThat(meta.isJobStoreClustered()).isTrue();
        assertThat(meta.getJobStoreClass()).isEqualTo(JobStoreTX.class);
        assertThat(meta.getThreadPoolSize()).isEqualTo(1);
        assertThat(app.jdbc().rows("SELECT cron_expression FROM qrtz_cron_triggers WHERE sched_name = 'cleanup-service'"))
                .containsExactly(Map.of("cron_expression", "0/2 * * * * ?"));
        // 2 = CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING; non-concurrent = one sweep at a time across the cluster
        assertThat(app.jdbc().rows("SELECT misfire_instr FROM qrtz_triggers WHERE sched_name = 'cleanup-service'"))
                .extracting(r -> ((Number) r.get("misfire_instr")).intValue()).containsExactly(2);
        assertThat(app.jdbc().rows("SELECT is_nonconcurrent FROM qrtz_job_details WHERE sched_name = 'cleanup-service'"))
                .containsExactly(Map.of("is_nonconcurrent", true));
    }

    private static ScheduledSweeps scheduledSweeps() {
        return app.context().getRegistry().lookupByNameAndType("scheduledSweeps", ScheduledSweeps.class);
    }
}
