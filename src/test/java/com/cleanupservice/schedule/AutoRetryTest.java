package com.cleanupservice.schedule;

import com.cleanupservice.cleanup.AutoRetries;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cleanup that failed only for reasons that pass is run again by itself, as a run of its own (trigger auto_retry);
 * one that needs a person (a 403) is not.
 */
class AutoRetryTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of(
                "cleanup.demo.enabled", "false",
                "cleanup.retry.budget-ms", "300",
                "cleanup.followup.enabled", "true",
                "cleanup.followup.interval-ms", "200",
                "cleanup.followup.auto-retry-intervals", "2s",
                "cleanup.followup.auto-retry-max", "3"));
        sim = app.simulator();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aTransientFailureIsCleanedAgainByItselfAndAPermanentOneIsLeftToAPerson() {
        DemoData.Node flaky = seed(41);
        DemoData.Node forbidden = seed(42);
        sim.faults().add(FaultRule.status("delete_dns_record", 503).resourceId(flaky.records().get(0).id()));
        sim.faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(forbidden.ips().get(1).id()));

        Reply first = app.post("/api/cleanup/node/" + flaky.name());
        Reply refused = app.post("/api/cleanup/node/" + forbidden.name());

        assertThat(first.status()).as(first.body()).isEqualTo(207);
        assertThat(first.body()).contains("cleaned again by itself");
        assertThat(refused.status()).isEqualTo(207);
        assertThat(row(flaky).get("next_auto_retry_at")).as("a 503 passes").isNotNull();
        assertThat(row(forbidden).get("next_auto_retry_at")).as("a 403 needs a person").isNull();
        assertThat(row(forbidden).get("deployment_status")).isEqualTo("cleanup_failed");

        sim.faults().clear();
        Orphans.await(Duration.ofSeconds(60), "the automatic retry cleaned the flaky node",
                () -> "cleanup_completed".equals(row(flaky).get("deployment_status")));
        Orphans.await(Duration.ofSeconds(30), "its run closed", () -> app.jdbc()
                .rows("SELECT 1 FROM cleanup_runs WHERE target = ? AND state = 'running'", flaky.name()).isEmpty());

        assertThat(sim.exists("dns_record", flaky.records().get(0).id())).isFalse();
        assertThat(app.jdbc().rows("SELECT trigger, state FROM cleanup_runs WHERE target = ? ORDER BY created_at", flaky.name()))
                .containsExactly(Map.of("trigger", "api", "state", "partial"), Map.of("trigger", "auto_retry", "state", "completed"));
        assertThat(row(flaky)).containsEntry("auto_retries", 0).containsEntry("next_auto_retry_at", null);
        assertThat(app.jdbc().rows("SELECT trigger FROM cleanup_runs WHERE target = ?", forbidden.name()))
                .extracting(r -> r.get("trigger")).containsExactly("api");
        assertThat(app.jdbc().rows("SELECT status FROM dead_letters WHERE node_name = ?", forbidden.name()))
                .extracting(r -> r.get("status")).containsExactly("open");
    }

    @Test
    void intervalsGrowTheLastRepeatsAndTheyEnd() {
        AutoRetries retries = AutoRetries.parse("2m, 10m, 30m", 5);

        assertThat(retries.after(0)).isEqualTo(Duration.ofMinutes(2));
        assertThat(retries.after(1)).isEqualTo(Duration.ofMinutes(10));
        assertThat(retries.after(2)).isEqualTo(Duration.ofMinutes(30));
        assertThat(retries.after(4)).isEqualTo(Duration.ofMinutes(30));
        assertThat(retries.after(5)).isNull();
        assertThat(AutoRetries.parse("", 5).after(0)).isNull();
    }

    private static Map<String, Object> row(DemoData.Node node) {
        return app.jdbc().rows("SELECT deployment_status, auto_retries, next_auto_retry_at FROM nodes WHERE id = ?", node.id()).get(0);
    }

    private static DemoData.Node seed(int id) {
        DemoData.Node node = DemoData.node(id, "ar-node-" + id, "failed");
        DemoData.seed(app.jdbc(), sim, "ar-deployment-" + id, List.of(node), false);
        return node;
    }
}
