package com.cleanupservice.guard;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.schedule.ScheduleEndpoints;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The percent limit (a run's share of every tracked resource not yet deleted, for runs of more than
 * percent-min-resources) on data of the test's own, and a follow-up the guard refuses: its node left cleanup_failed
 * with no automatic retry, the refusal in its run, nothing deleted.
 */
class BlastRadiusPercentTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.demo.enabled", "false", "cleanup.guard.max-resources", "0",
                "cleanup.guard.max-percent", "50", "cleanup.guard.percent-min-resources", "10"));
        sim = app.simulator();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aRunOverItsShareOfEverythingTrackedIsRefusedAndAFollowUpIsNotTakenAgainAndAgain() {
        DemoData.seed(app.jdbc(), sim, "pct-a", List.of(DemoData.node(71, "pct-a-71", "failed"), DemoData.node(72, "pct-a-72", "failed")), false);
        DemoData.seed(app.jdbc(), sim, "pct-b", List.of(DemoData.node(73, "pct-b-73", "failed")), false);
        long deletes = deletes();

        // 24 of 36: 66.7 %
        Reply refused = app.post("/api/cleanup/deployment/pct-a");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("guard_exceeded");
        assertThat(refused.json().get("limit").asText()).isEqualTo("max_percent");
        assertThat(refused.json().get("planned_count").asLong()).isEqualTo(24);
        assertThat(refused.json().get("max_percent").asInt()).isEqualTo(50);
        assertThat(refused.json().get("planned_percent").asDouble()).isEqualTo(66.7);
        assertThat(refused.json().get("total_tracked").asLong()).isEqualTo(36);
        assertThat(refused.json().has("max_resources")).isFalse();
        assertThat(deletes()).isEqualTo(deletes);

        // 12 of 36: within the share
        Reply within = app.post("/api/cleanup/deployment/pct-b");
        assertThat(within.status()).as(within.body()).isEqualTo(200);
        Reply dry = app.post("/api/cleanup/deployment/pct-a?dry_run=true");
        assertThat(dry.json().at("/guard/planned_percent").asDouble()).as(dry.body()).isEqualTo(100.0);
        assertThat(dry.json().at("/guard/total_tracked").asLong()).isEqualTo(24);
        assertThat(app.post("/api/cleanup/deployment/pct-a?confirm_count=24").status()).isEqualTo(200);

        // a pending node that is all there is: its follow-up is refused and the node left for a person
        DemoData.seed(app.jdbc(), sim, "pct-c", List.of(DemoData.node(74, "pct-c-74", "cleanup_pending")), false);
        app.jdbc().update("UPDATE nodes SET updated_at = now() - interval '1 hour' WHERE id = 74");
        deletes = deletes();

        app.context().createProducerTemplate().sendBody(ScheduleEndpoints.FOLLOW_UP_PENDING, null);

        Map<String, Object> node = app.jdbc().rows("SELECT deployment_status, next_auto_retry_at FROM nodes WHERE id = 74").get(0);
        assertThat(node.get("deployment_status")).isEqualTo("cleanup_failed");
        assertThat(node.get("next_auto_retry_at")).isNull();
        Map<String, Object> run = app.jdbc().rows("SELECT state, http_status, summary->>'code' AS code FROM cleanup_runs"
                + " WHERE target = 'pct-c-74' AND trigger = 'follow_up'").get(0);
        assertThat(run).containsEntry("state", "failed").containsEntry("http_status", 409).containsEntry("code", "guard_exceeded");
        assertThat(deletes()).isEqualTo(deletes);

        app.context().createProducerTemplate().sendBody(ScheduleEndpoints.FOLLOW_UP_PENDING, null);
        assertThat(app.jdbc().rows("SELECT 1 FROM cleanup_runs WHERE target = 'pct-c-74'")).as("not taken again").hasSize(1);
    }

    private static long deletes() {
        return List.of("delete_bare_metal_server", "delete_virtual_network_interface", "delete_subnet_reserved_ip", "delete_dns_record")
                .stream().mapToLong(op -> sim.stats().count(op)).sum();
    }
}
