package com.cleanupservice.cleanup;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A run that cannot finish (a server that takes far longer than the run may) ends at its deadline, partial. */
class RunDeadlineTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.demo.enabled", "false", "cleanup.run.deadline-ms", "1500",
                "cleanup.wait.budget-ms", "600000"));
        sim = app.simulator();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void whatIsUndoneAtTheDeadlineEndsFailedWithADeadLetterAndNoCall() {
        sim.setBareMetalDeleteDelay(Duration.ofMinutes(10));
        DemoData.Node node = DemoData.node(51, "dl-node-51", "failed");
        DemoData.seed(app.jdbc(), sim, "dl-deployment-51", List.of(node), false);

        Reply reply = app.post("/api/cleanup/node/" + node.name());

        assertThat(reply.status()).as(reply.body()).isEqualTo(207);
        Map<String, JsonNode> ops = FailureHandlingTest.operations(reply.json());
        assertThat(ops.get(node.serverId()).get("outcome").asText()).isEqualTo("FAILED");
        assertThat(ops.get(node.serverId()).get("message").asText()).contains("run's deadline");
        assertThat(ops.get(node.mgmtVniId()).get("message").asText()).startsWith("Not attempted: the run's deadline");
        assertThat(sim.stats().count("delete_virtual_network_interface", node.mgmtVniId())).isZero();
        node.records().forEach(r -> assertThat(ops.get(r.id()).get("outcome").asText()).as("DNS went meanwhile").isEqualTo("DELETED"));
        assertThat(app.jdbc().rows("SELECT 1 FROM dead_letters WHERE node_name = ? AND status = 'open'", node.name()))
                .hasSize(1 + 2 + node.ips().size());
        assertThat(app.jdbc().rows("SELECT deployment_status, next_auto_retry_at FROM nodes WHERE id = ?", node.id()).get(0))
                .containsEntry("deployment_status", "cleanup_failed").doesNotContainEntry("next_auto_retry_at", null);
    }
}
