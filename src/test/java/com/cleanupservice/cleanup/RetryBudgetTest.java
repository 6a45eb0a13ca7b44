package com.cleanupservice.cleanup;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries are budgets in time, per IBM call: the look at a server and its DELETE are retried each on their own, and a
 * DELETE IBM accepted is not given up because the polls after it hit transient errors — they go on until the wait ends.
 */
class RetryBudgetTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of(
                "cleanup.demo.enabled", "false",
                // far shorter than the polls below take: only the wait's deadline can carry them
                "cleanup.retry.budget-ms", "300",
                "cleanup.ibm.read-timeout-ms", "400",
                "cleanup.wait.budget-ms", "30000"));
        sim = app.simulator();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void clearFaults() {
        sim.faults().clear();
    }

    @Test
    void aLookAndADeleteAreRetriedEachOnItsOwn() {
        sim.setBareMetalDeleteDelay(Duration.ZERO);
        DemoData.Node node = seed(31);
        sim.faults().add(FaultRule.status("delete_bare_metal_server", 503).resourceId(node.serverId()).times(3));

        Reply reply = app.post("/api/cleanup/node/" + node.name());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(sim.stats().count("delete_bare_metal_server", node.serverId())).isEqualTo(4);
        assertThat(sim.stats().count("get_bare_metal_server", node.serverId()))
                .as("one look, then polls until 404; a failed DELETE does not repeat the look").isLessThanOrEqualTo(3);
    }

    @Test
    void pollsThatFailAfterAnAcceptedDeleteGoOnUntilTheWaitEnds() {
        sim.setBareMetalDeleteDelay(Duration.ofMillis(1500));
        DemoData.Node node = seed(32);
        Reply accepted = app.post("/api/cleanup/node/" + node.name() + "?async=true");
        assertThat(accepted.status()).isEqualTo(202);
        Await.until("the DELETE was accepted", () -> sim.find("bare_metal_server", node.serverId())
                .map(s -> "deleting".equals(s.get("status"))).orElse(false));

        sim.faults().add(FaultRule.status("get_bare_metal_server", 503).resourceId(node.serverId()).times(20));
        JsonNode run = app.awaitRunEnd(accepted.json().get("run_id").asText());

        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();
        assertThat(sim.faults().rules()).as("every injected 503 was answered, and retried").allSatisfy(r -> assertThat(r.remaining()).isZero());
        assertThat(app.jdbc().rows("SELECT 1 FROM dead_letters WHERE node_name = ?", node.name())).isEmpty();
    }

    @Test
    void aHungPtrDeleteHoldsOnlyTheARecordItPointsAt() {
        sim.setBareMetalDeleteDelay(Duration.ZERO);
        DemoData.Node node = seed(33);
        DemoData.Record ptr = node.records().stream().filter(r -> r.type().equals("PTR")).findFirst().orElseThrow();
        sim.faults().add(FaultRule.hang("delete_dns_record").resourceId(ptr.id()));

        Reply reply = app.post("/api/cleanup/node/" + node.name());

        assertThat(reply.status()).as(reply.body()).isEqualTo(207);
        Map<String, JsonNode> ops = FailureHandlingTest.operations(reply.json());
        assertThat(ops.get(ptr.id()).get("outcome").asText()).isEqualTo("FAILED");
        List<DemoData.Record> others = node.records().stream()
                .filter(r -> r.type().equals("A") && !r.name().equalsIgnoreCase(ptr.rdata())).toList();
        assertThat(others).hasSize(2);
        for (DemoData.Record a : others) {
            assertThat(ops.get(a.id()).get("outcome").asText()).isEqualTo("DELETED");
            assertThat(recordedAt(a.id())).as(a.name() + " did not wait for the unrelated PTR").isBefore(recordedAt(ptr.id()));
        }
    }

    private static Instant recordedAt(String ibmId) {
        return (Instant) app.jdbc().rows("SELECT created_at FROM cleanup_operations WHERE ibm_id = ?", ibmId).get(0).get("created_at");
    }

    private static DemoData.Node seed(int id) {
        DemoData.Node node = DemoData.node(id, "rb-node-" + id, "failed");
        DemoData.seed(app.jdbc(), sim, "rb-deployment-" + id, List.of(node), false);
        return node;
    }


}
