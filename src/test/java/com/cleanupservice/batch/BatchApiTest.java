package com.cleanupservice.batch;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/cleanup/batch} through the real service: every target answered in order, one failure never stops the rest. */
@SharedSandbox
class BatchApiTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @Test
    void cleansValidTargetsAndReportsEveryBadOneWithoutStopping() {
        List<DemoData.Node> nodes = seed("mix-dep", 101, "mix-node", 3, "failed");

        Reply reply = app.post("/api/cleanup/batch", """
                {"operation": "cleanup_nodes",
                 "targets": ["mix-node-101", 102, {"node_name": "mix-node-103"}, "no-such-node", 42.5, ["mix-node-101"]]}
                """);

        assertThat(reply.status()).as(reply.body()).isEqualTo(207);
        JsonNode body = reply.json();
        assertThat(body.get("message").asText()).isEqualTo("Batch cleanup_nodes completed");
        assertThat(body.get("operation").asText()).isEqualTo("cleanup_nodes");
        assertThat(body.get("total_operations").asInt()).isEqualTo(6);
        assertThat(body.get("successful_operations").asInt()).isEqualTo(3);
        assertThat(body.get("success_rate").asText()).isEqualTo("50.0%");
        assertThat(body.get("timestamp").asText()).isNotBlank();
        JsonNode results = body.get("results");
        assertThat(results).hasSize(6);
        for (int i = 0; i < 3; i++) {
            JsonNode entry = results.get(i);
            assertThat(entry.get("node_name").asText()).isEqualTo(nodes.get(i).name());
            assertThat(entry.get("success").asBoolean()).as(entry.toString()).isTrue();
            assertThat(entry.at("/result/summary/success_rate").asText()).isEqualTo("100.0%");
            assertThat(entry.at("/result/node_status").asText()).isEqualTo("cleanup_completed");
            assertThat(sim.exists("bare_metal_server", nodes.get(i).serverId())).isFalse();
        }
        assertThat(results.get(3).get("node_name").asText()).isEqualTo("no-such-node");
        assertThat(results.get(3).get("success").asBoolean()).isFalse();
        assertThat(results.get(3).get("status").asInt()).isEqualTo(404);
        assertThat(results.get(3).get("error").asText()).contains("no-such-node");
        for (int i = 4; i < 6; i++) {
            assertThat(results.get(i).get("success").asBoolean()).isFalse();
            assertThat(results.get(i).get("error").asText()).isEqualTo("Invalid target format");
        }
        assertThat(results.get(4).get("target").asDouble()).isEqualTo(42.5);
        assertThat(results.get(5).get("target").isArray()).isTrue();
        // each node cleanup is a run of its own, recorded as started by a batch
        assertThat(app.jdbc().rows("SELECT target FROM cleanup_runs WHERE trigger = 'batch' AND kind = 'node'"))
                .extracting(r -> r.get("target"))
                .contains(nodes.get(0).name(), nodes.get(1).name(), nodes.get(2).name());
    }

    @Test
    void allTargetsSucceedingIs200AndKeepsTheirOrder() {
        List<DemoData.Node> nodes = seed("order-dep", 110, "order-node", 6, "timeout");
        List<String> names = nodes.stream().map(DemoData.Node::name).toList();

        Reply reply = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": " + quoted(names) + "}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("success_rate").asText()).isEqualTo("100.0%");
        assertThat(reply.json().get("successful_operations").asInt()).isEqualTo(6);
        List<String> answered = new ArrayList<>();
        reply.json().get("results").forEach(r -> answered.add(r.get("node_name").asText()));
        assertThat(answered).containsExactlyElementsOf(names);
    }

    @Test
    void flagsApplyToEveryTarget() {
        List<DemoData.Node> nodes = seed("flag-dep", 120, "flag-node", 2, "deployed");

        Reply refused = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": " + quoted(names(nodes)) + "}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(207);
        refused.json().get("results").forEach(r -> {
            assertThat(r.get("status").asInt()).as(r.toString()).isEqualTo(409);
            assertThat(r.get("refused_nodes").isArray()).as(r.toString()).isTrue();
        });

        Reply dryRun = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"force\": true, \"dry_run\": true, \"targets\": "
                + quoted(names(nodes)) + "}");
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().get("dry_run").asBoolean()).isTrue();
        nodes.forEach(n -> assertThat(sim.exists("bare_metal_server", n.serverId())).isTrue());

        Reply forced = app.post("/api/cleanup/batch?force=true", "{\"operation\": \"cleanup_nodes\", \"targets\": " + quoted(names(nodes)) + "}");
        assertThat(forced.status()).as(forced.body()).isEqualTo(200);
        nodes.forEach(n -> assertThat(sim.exists("bare_metal_server", n.serverId())).isFalse());
    }

    @Test
    void cleansDeployments() {
        List<DemoData.Node> nodes = seed("batch-dep-a", 130, "dep-a-node", 2, "failed");

        Reply reply = app.post("/api/cleanup/batch", """
                {"operation": "cleanup_deployments", "targets": ["batch-dep-a", "no-such-deployment", {"deployment_id": 7.5}]}
                """);

        assertThat(reply.status()).as(reply.body()).isEqualTo(207);
        JsonNode results = reply.json().get("results");
        assertThat(results.get(0).get("deployment_id").asText()).isEqualTo("batch-dep-a");
        assertThat(results.get(0).get("success").asBoolean()).as(results.get(0).toString()).isTrue();
        assertThat(results.get(0).at("/result/nodes_cleaned").asInt()).isEqualTo(2);
        assertThat(results.get(1).get("deployment_id").asText()).isEqualTo("no-such-deployment");
        assertThat(results.get(1).get("success").asBoolean()).isFalse();
        assertThat(results.get(1).get("status").asInt()).isEqualTo(404);
        assertThat(results.get(2).get("error").asText()).isEqualTo("Invalid target format");
        assertThat(reply.json().get("successful_operations").asInt()).isEqualTo(1);
        nodes.forEach(n -> assertThat(sim.exists("bare_metal_server", n.serverId())).isFalse());
    }

    /** Needs {@code direct:validate-node} (GET /api/cleanup/validate); until it exists every entry reports a 500. */
    @Test
    void validatesNodes() {
        List<DemoData.Node> nodes = seed("val-dep", 140, "val-node", 2, "failed");
        assertThat(app.post("/api/cleanup/node/" + nodes.get(0).name()).status()).isEqualTo(200);

        Reply reply = app.post("/api/cleanup/batch", "{\"operation\": \"validate_cleanup\", \"targets\": [\""
                + nodes.get(0).name() + "\", {\"node_name\": \"" + nodes.get(1).name() + "\"}, \"no-such-node\", true]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(207);
        JsonNode results = reply.json().get("results");
        assertThat(results.get(0).get("node_name").asText()).isEqualTo(nodes.get(0).name());
        assertThat(results.get(0).get("cleanup_complete").asBoolean()).as(results.get(0).toString()).isTrue();
        assertThat(results.get(0).at("/result/validation_results").isArray()).isTrue();
        assertThat(results.get(1).get("node_name").asText()).isEqualTo(nodes.get(1).name());
        assertThat(results.get(1).get("cleanup_complete").asBoolean()).isFalse();
        assertThat(results.get(1).has("result")).as(results.get(1).toString()).isTrue();
        assertThat(results.get(2).get("cleanup_complete").asBoolean()).isFalse();
        assertThat(results.get(2).get("status").asInt()).isEqualTo(404);
        assertThat(results.get(3).get("error").asText()).isEqualTo("Invalid target format");
        assertThat(reply.json().get("successful_operations").asInt()).isEqualTo(1);
        assertThat(reply.json().get("success_rate").asText()).isEqualTo("25.0%");
    }

    @Test
    void refusesBadRequestsWithTheSeedsMessages() {
        assertError(app.post("/api/cleanup/batch", "{\"operation\": \"explode\", \"targets\": [\"a\"]}"), "Unknown operation: explode");
        assertError(app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": []}"), "Missing operation or targets");
        assertError(app.post("/api/cleanup/batch", "{\"targets\": [\"a\"]}"), "Missing operation or targets");
        assertError(app.post("/api/cleanup/batch", "{}"), "No data provided");
        assertError(app.post("/api/cleanup/batch"), "No data provided");
        assertError(app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": \"node-1\"}"),
                "targets must be a JSON array");
        assertError(app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": [\"a\"], \"force\": \"yes\"}"),
                "force must be true or false");
        assertError(app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": [\"a\""), "Invalid JSON");
        assertError(app.post("/api/cleanup/batch", "not json at all"), "Invalid JSON");
        assertError(app.post("/api/cleanup/batch", "[\"cleanup_nodes\"]"), "must be a JSON object");
    }

    private static void assertError(Reply reply, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("status").asInt()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).contains(message);
    }

    private static List<DemoData.Node> seed(String deployment, int firstId, String prefix, int count, String status) {
        List<DemoData.Node> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(DemoData.node(firstId + i, prefix + "-" + (firstId + i), status));
        }
        DemoData.seed(app.jdbc(), sim, deployment, nodes, false);
        return nodes;
    }

    private static List<String> names(List<DemoData.Node> nodes) {
        return nodes.stream().map(DemoData.Node::name).toList();
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").reduce((a, b) -> a + ", " + b).map(s -> "[" + s + "]").orElse("[]");
    }
}
