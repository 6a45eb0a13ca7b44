package com.cleanupservice.api;

import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.support.Refusal;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests as people really type them — a flag with no value, a name that is a number, a key written twice, the same
 * target twice — on a deployment laid out like the sandbox's demo one: none of them deletes what nobody asked to
 * delete. On the shared application, with a deployment of its own (nodes 97-99: failed, deployed, timeout).
 */
@SharedSandbox
class CarelessRequestsTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
        DemoData.seed(app.jdbc(), sim, "careless-deployment", List.of(DemoData.node(97, "careless-node-97", "failed"),
                DemoData.node(98, "careless-node-98", "deployed"), DemoData.node(99, "careless-node-99", "timeout")), false);
    }

    @Test
    void aFlagWithoutAValueIsRefusedNeverReadAsFalse() {
        long calls = sim.stats().total();
        long cleanups = app.jdbc().rows("SELECT 1 FROM cleanup_runs WHERE NOT dry_run").size();
        for (String path : List.of("/api/cleanup/node/97?dry_run", "/api/cleanup/node/97?dry_run=",
                "/api/cleanup/node/careless-node-97?dry_run", "/api/cleanup/deployment/careless-deployment?dry_run",
                "/api/cleanup/deployment/careless-deployment?dry_run=", "/api/cleanup/deployment/careless-deployment?dry_run=&force=true",
                "/api/cleanup/node/98?force", "/api/cleanup/node/97?dry_run=maybe", "/api/cleanup/node/97?async=")) {
            Reply refused = app.post(path);
            assertThat(refused.status()).as(path + ": " + refused.body()).isEqualTo(400);
            JsonNode body = refused.json();
            assertThat(body.get("error").asText()).as(path).contains("true or").contains("false");
            assertThat(body.get("accepted_values").toString()).contains("true", "false");
        }
        Reply batch = app.post("/api/cleanup/batch?dry_run", "{\"operation\": \"cleanup_nodes\", \"targets\": [\"97\"]}");
        assertThat(batch.status()).as(batch.body()).isEqualTo(400);
        assertThat(batch.json().get("error").asText()).contains("dry_run").contains("needs a value");
        assertThat(app.post("/api/cleanup/orphaned?async", "{}").status()).isEqualTo(400);
        assertThat(app.get("/api/cleanup/drift/node/97?async").status()).isEqualTo(400);
        Reply nullFlag = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": [\"97\"], \"dry_run\": null}");
        assertThat(nullFlag.status()).isEqualTo(400);
        assertThat(nullFlag.json().get("error").asText()).isEqualTo("dry_run must be true or false, not null");
        Reply contradiction = app.post("/api/cleanup/batch?dry_run=true",
                "{\"operation\": \"cleanup_nodes\", \"targets\": [\"97\"], \"dry_run\": false}");
        assertThat(contradiction.status()).isEqualTo(400);
        assertThat(contradiction.json().get("error").asText()).contains("contradicts");

        assertThat(sim.stats().total()).as("no IBM call was made").isEqualTo(calls);
        assertThat(app.jdbc().rows("SELECT 1 FROM cleanup_runs WHERE NOT dry_run")).as("no cleanup ran").hasSize((int) cleanups);
        assertThat(sim.exists("bare_metal_server", server(97))).isTrue();

        Reply spelledOut = app.post("/api/cleanup/node/97?dry_run=TRUE");
        assertThat(spelledOut.status()).as(spelledOut.body()).isEqualTo(200);
        assertThat(spelledOut.json().get("dry_run").asBoolean()).isTrue();
        assertThat(sim.exists("bare_metal_server", server(97))).isTrue();
    }

    @Test
    void aNumberWithoutAValueIsRefusedNeverReadAsNotGiven() {
        long calls = sim.stats().total();

        for (String path : List.of("/api/cleanup/node/97?confirm_count=", "/api/cleanup/node/97?confirm_count",
                "/api/cleanup/deployment/careless-deployment?confirm_count=&force=true", "/api/cleanup/batch?confirm_count=")) {
            Reply reply = app.post(path, "{\"operation\": \"cleanup_nodes\", \"targets\": [{\"node_id\": 97}]}");
            assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.json().get("parameter").asText()).as(path).isEqualTo("confirm_count");
        }
        Reply limit = app.get("/api/cleanup/runs?limit=");
        assertThat(limit.status()).as(limit.body()).isEqualTo(400);
        assertThat(sim.stats().total()).as("no IBM call was made").isEqualTo(calls);
    }

    @Test
    void aNumberIsAlwaysANodeIdAndANameIsNeverOne() {
        // a node stored by an earlier release under the name "99" (registration refuses such names now)
        app.jdbc().update("INSERT INTO deployments (deployment_id, name) VALUES ('legacy-dep', 'legacy-dep')");
        app.jdbc().update("INSERT INTO nodes (node_name, deployment_id, deployment_status) VALUES ('99', 'legacy-dep', 'failed')");
        sim.createReservedIp("subnet-legacy", "ip-legacy", "legacy-ip", "10.77.0.5", false);
        sim.createVirtualNetworkInterface("vni-legacy", "legacy-vni", "subnet-legacy", "ip-legacy", false);
        assertThat(app.post("/api/nodes/99/resources", "{\"type\": \"virtual_network_interface\", \"id\": \"vni-legacy\", \"name\": \"legacy-vni\"}")
                .status()).as("the provisioner's hooks name nodes by name").isEqualTo(201);

        Reply digits = app.post("/api/nodes", "{\"node_name\": \"6\", \"deployment_id\": \"d6\"}");
        assertThat(digits.status()).isEqualTo(400);
        assertThat(digits.json().get("error").asText()).contains("all digits").contains("node id");
        Reply number = app.post("/api/nodes", "{\"node_name\": 6, \"deployment_id\": \"d6\"}");
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.json().get("error").asText()).contains("JSON string");
        assertThat(app.jdbc().rows("SELECT 1 FROM nodes WHERE node_name = '6'")).isEmpty();

        assertThat(app.post("/api/cleanup/node/99?dry_run=true").json().get("node_name").asText())
                .as("a path's number is the node id").isEqualTo("careless-node-99");
        assertThat(app.get("/api/cleanup/validate/99").json().get("node_name").asText()).isEqualTo("careless-node-99");

        Reply byName = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": [{\"node_name\": \"99\"}]}");

        assertThat(byName.status()).as(byName.body()).isEqualTo(200);
        assertThat(byName.json().at("/results/0/node_name").asText()).isEqualTo("99");
        assertThat(sim.exists("virtual_network_interface", "vni-legacy")).as("the node named 99 was cleaned").isFalse();
        assertThat(sim.exists("virtual_network_interface", vni(99))).as("node id 99 was not touched").isTrue();
        assertThat(sim.exists("bare_metal_server", server(99))).isTrue();
        assertThat(app.jdbc().rows("SELECT deployment_status FROM nodes WHERE id = 99").get(0)).containsEntry("deployment_status", "timeout");

        Reply validated = app.post("/api/cleanup/batch", "{\"operation\": \"validate_cleanup\", \"targets\": [{\"node_name\": \"99\"}]}");
        assertThat(validated.json().at("/results/0/node_name").asText()).isEqualTo("99");
        Reply numberIsNoName = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": [{\"node_name\": 99}]}");
        assertThat(numberIsNoName.json().at("/results/0/error").asText()).isEqualTo("Invalid target format");
        Reply both = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": [{\"node_name\": \"99\", \"node_id\": 99}]}");
        assertThat(both.json().at("/results/0/error").asText()).isEqualTo("Invalid target format");
        Reply byId = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"dry_run\": true, \"targets\": [{\"node_id\": 99}, \"99\"]}");
        assertThat(byId.json().at("/results/0/node_name").asText()).isEqualTo("careless-node-99");
        assertThat(app.get("/api/cleanup/drift/node/99").json().get("node_name").asText()).isEqualTo("careless-node-99");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingIt() {
        long calls = sim.stats().total();
        Reply batch = app.post("/api/cleanup/batch", "{\"operation\": \"validate_cleanup\", \"targets\": [\"97\"], \"operation\": \"cleanup_nodes\"}");

        assertThat(batch.status()).isEqualTo(400);
        assertThat(batch.json().get("error").asText()).contains("'operation'").contains("more than once");
        assertThat(sim.stats().total()).isEqualTo(calls);
        assertThat(sim.exists("bare_metal_server", server(97))).isTrue();

        Reply nested = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": [{\"node_name\": \"a\", \"node_name\": \"b\"}]}");
        assertThat(nested.json().get("error").asText()).contains("'node_name'");
        Reply register = app.post("/api/nodes", "{\"node_name\": \"twice-a\", \"deployment_id\": \"d\", \"node_name\": \"twice-b\"}");
        assertThat(register.status()).isEqualTo(400);
        assertThat(app.jdbc().rows("SELECT 1 FROM nodes WHERE node_name LIKE 'twice-%'")).isEmpty();
    }

    @Test
    void theSameTargetTwiceRunsOnce() {
        Reply batch = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"dry_run\": true,"
                + " \"targets\": [\"careless-node-99\", \"99\", {\"node_name\": \"careless-node-99\"}, \"careless-node-97\"]}");

        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        JsonNode results = batch.json().get("results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        assertThat(results.get(0).has("duplicate_of")).isFalse();
        for (int i : new int[] {1, 2}) {
            assertThat(results.get(i).get("success").asBoolean()).as(results.get(i).toString()).isTrue();
            assertThat(results.get(i).get("duplicate_of").asInt()).isZero();
            assertThat(results.get(i).get("node_name").asText()).isEqualTo("careless-node-99");
        }
        assertThat(results.get(3).has("duplicate_of")).isFalse();
        assertThat(batch.json().get("successful_operations").asInt()).isEqualTo(4);
    }

    @Test
    void refusalsSayWhatIsTrue() {
        NodeClaims claims = app.context().getRegistry().findSingleByType(NodeClaims.class);
        Refusal ended = claims.refusal(List.of(new NodeRef(99, "n", "d", "cleanup_completed")));
        assertThat(ended.getMessage()).doesNotContain("live").contains("has just ended");
        Refusal live = claims.refusal(List.of(new NodeRef(99, "n", "d", "deployed")));
        assertThat(live.getMessage()).contains("(live)").contains("force=true");

        Reply negative = app.get("/api/cleanup/validate/-1");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().get("error").asText()).contains("a letter or digit, then");
    }

    private static String server(int nodeId) {
        return (String) app.jdbc().rows("SELECT bare_metal_id FROM nodes WHERE id = ?", nodeId).get(0).get("bare_metal_id");
    }

    private static String vni(int nodeId) {
        return (String) app.jdbc().rows("SELECT management_vnic_id FROM nodes WHERE id = ?", nodeId).get(0).get("management_vnic_id");
    }
}
