package com.cleanupservice.runs;

import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.SandboxApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every run ends: a synchronous cleanup whose instance died (kill -9 mid-way) is closed as abandoned within a lease,
 * and its node, left claimed, is released and cleaned again by itself.
 */
class AbandonedRunTest {
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.lease.ms", "1000", "cleanup.lease.renew-interval-ms", "200",
                "cleanup.followup.enabled", "true", "cleanup.followup.interval-ms", "200"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aDeadInstancesRunIsAbandonedAndItsNodeCleanedAgain() {
        UUID dead = UUID.randomUUID();
        // what an instance killed in the middle of node 3's synchronous cleanup leaves behind
        app.jdbc().update("""
                INSERT INTO cleanup_runs (run_id, kind, target, trigger, state, owner, started_at, heartbeat_at, epoch)
                VALUES (?, 'node', 'nutanix-poc-bm-node-03', 'api', 'running', 'killed-instance', now() - interval '1 minute',
                        now() - interval '1 minute', 1)
                """, dead);
        app.jdbc().update("""
                UPDATE nodes SET status_before_cleanup = deployment_status, deployment_status = 'cleanup_in_progress',
                       cleanup_owner = 'killed-instance', cleanup_run_id = ?, cleanup_claimed_at = now() - interval '1 minute',
                       cleanup_epoch = cleanup_epoch + 1
                 WHERE id = 3
                """, dead);

        Await.until("the run is closed as abandoned", () -> "abandoned".equals(app.jdbc()
                .rows("SELECT state FROM cleanup_runs WHERE run_id = ?", dead).get(0).get("state")));
        Await.until("its node is cleaned again by itself", () -> "cleanup_completed".equals(app.jdbc()
                .rows("SELECT deployment_status FROM nodes WHERE id = 3").get(0).get("deployment_status")));

        assertThat(app.jdbc().rows("SELECT error, finished_at FROM cleanup_runs WHERE run_id = ?", dead).get(0).get("error"))
                .asString().contains("killed-instance").contains("stopped renewing");
        assertThat(app.jdbc().rows("SELECT trigger FROM cleanup_runs WHERE target = 'nutanix-poc-bm-node-03' AND run_id <> ?", dead))
                .extracting(r -> r.get("trigger")).containsExactly("auto_retry");
    }

}
