package com.cleanupservice.validation;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/cleanup/reconcile/node/{id} and /reconcile/deployment/{id}: after resources were deleted outside the
 * service (a cleanup script, by hand), the rows IBM Cloud answers 404 for now are marked GONE — and nothing else:
 * a resource that exists, or one IBM could not be asked about, stays as it was. Refused while a cleanup runs.
 */
@SharedSandbox
class ReconcileTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @AfterEach
    void clearFaults() {
        sim.faults().clear();
    }

    @Test
    void onlyTheRowsIbmAnswers404ForAreMarkedGone() {
        // tracked as the provisioner would, but gone from IBM Cloud (deleted by a script, say) - except the server
        DemoData.Node node = DemoData.node(150, "rec-150", "failed");
        DemoData.track(app.jdbc(), "rec-dep-150", List.of(node), false);
        sim.createBareMetalServer(node.serverId(), node.name(), "stopped", List.of());
        // and one IBM cannot answer for now
        String cvm = node.ips().get(2).id();
        sim.faults().add(FaultRule.status("get_subnet_reserved_ip", 500).resourceId(cvm));
        Map<String, String> before = states(node.name());

        Reply reply = app.post("/api/cleanup/reconcile/node/" + node.id());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode answer = reply.json();
        assertThat(answer.get("node_name").asText()).isEqualTo(node.name());
        assertThat(answer.get("node_id").asLong()).isEqualTo(150);
        assertThat(answer.get("checked").asInt()).isEqualTo(12);
        assertThat(answer.get("all_gone").asBoolean()).isFalse();
        assertThat(ids(answer.get("marked_gone"))).hasSize(10).doesNotContain(node.serverId(), cvm);
        assertThat(ids(answer.get("still_present"))).containsExactly(node.serverId());
        assertThat(answer.at("/still_present/0/resource_type").asText()).isEqualTo("bare_metal_server");
        assertThat(answer.at("/still_present/0/message").asText()).contains("still exists");
        assertThat(ids(answer.get("errors"))).containsExactly(cvm);
        assertThat(answer.at("/errors/0/http_status").asInt()).isEqualTo(500);
        assertThat(answer.get("message").asText()).contains("12 tracked row(s) looked up, 10 marked GONE", "1 still present",
                "1 could not be looked up", node.serverId(), cvm);
        assertThat(answer.at("/marked_gone/0/node_name").asText()).isEqualTo(node.name());

        Map<String, String> after = states(node.name());
        assertThat(after.get(node.serverId())).isEqualTo(before.get(node.serverId())).isEqualTo("PRESENT");
        assertThat(after.get(cvm)).isEqualTo("PRESENT");
        ids(answer.get("marked_gone")).forEach(id -> assertThat(after.get(id)).as(id).isEqualTo("GONE"));
        JsonNode row = row(node.name(), node.mgmtVniId());
        assertThat(row.get("last_error").asText()).isEqualTo("IBM Cloud answered 404 (reconcile)");
        assertThat(row.get("last_http_status").asInt()).isEqualTo(404);
        // the node's status is its own business: a cleanup now finds nothing but the server
        assertThat(app.get("/api/cleanup/status?node_name=" + node.name()).json().get("current_status").asText()).isEqualTo("failed");

        // asked again: what is GONE is not looked up again; the rest as before
        JsonNode again = app.post("/api/cleanup/reconcile/node/" + node.name()).json();
        assertThat(again.get("checked").asInt()).isEqualTo(2);
        assertThat(again.get("marked_gone")).isEmpty();
    }

    @Test
    void idsRestrictItToThoseRowsAndAnUnknownIdIsRefusedWithNothingMarked() {
        DemoData.Node node = DemoData.node(151, "rec-151", "failed");
        DemoData.track(app.jdbc(), "rec-dep-151", List.of(node), false);
        DemoData.Node other = DemoData.node(152, "rec-152", "failed");
        DemoData.track(app.jdbc(), "rec-dep-151", List.of(other), false);
        String path = "/api/cleanup/reconcile/node/" + node.id();

        Reply unknown = app.post(path, "{\"ids\": [\"" + node.mgmtVniId() + "\", \"no-such-id\", \"" + other.serverId() + "\"]}");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText()).contains("2 id(s) not tracked for node rec-151", "'no-such-id'",
                other.serverId(), "nothing was marked");
        assertThat(ids(unknown.json().get("unknown_ids"))).containsExactly("no-such-id", other.serverId());
        assertThat(states(node.name()).values()).containsOnly("PRESENT");

        for (String bad : List.of("{\"ids\": []}", "{\"ids\": \"" + node.mgmtVniId() + "\"}", "{\"ids\": [1]}",
                "{\"ids\": [\"\"]}", "{\"ids\": [\"" + node.mgmtVniId() + "\"], \"all\": true}", "[\"x\"]", "{")) {
            Reply refused = app.post(path, bad);
            assertThat(refused.status()).as(bad + " -> " + refused.body()).isEqualTo(400);
        }
        assertThat(app.post(path, "{\"ids\": [\"x\"], \"mark_gone\": true}").json().get("unknown_keys").toString()).contains("mark_gone");
        assertThat(app.post("/api/cleanup/reconcile/node/no-such-node").status()).isEqualTo(404);
        assertThat(app.post("/api/cleanup/reconcile/deployment/no-such-deployment").status()).isEqualTo(404);
        assertThat(app.post("/api/cleanup/reconcile/node/a%20b").status()).isEqualTo(400);
        assertThat(app.get(path).status()).isEqualTo(405);
        assertThat(app.post(path + "?force=true").status()).as("no query parameter is taken").isEqualTo(400);
        assertThat(states(node.name()).values()).containsOnly("PRESENT");

        Reply one = app.post(path, "{\"ids\": [\"" + node.mgmtVniId() + "\"]}");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(ids(one.json().get("marked_gone"))).containsExactly(node.mgmtVniId());
        assertThat(one.json().get("all_gone").asBoolean()).isTrue();
        Map<String, String> states = states(node.name());
        assertThat(states.get(node.mgmtVniId())).isEqualTo("GONE");
        assertThat(states.entrySet().stream().filter(e -> !e.getKey().equals(node.mgmtVniId())).map(Map.Entry::getValue)).containsOnly("PRESENT");

        // an id already GONE is no error: it is said so
        Reply gone = app.post(path, "{\"ids\": [\"" + node.mgmtVniId() + "\"]}");
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.json().get("checked").asInt()).isZero();
        assertThat(ids(gone.json().get("already_gone"))).containsExactly(node.mgmtVniId());
    }

    @Test
    void whileACleanupOfTheNodeRunsNothingIsMarked() {
        DemoData.Node node = DemoData.node(153, "rec-153", "failed");
        DemoData.track(app.jdbc(), "rec-dep-153", List.of(node), false);
        Reply own = app.post("/api/deployments/rec-dep-153/resources", "{\"type\": \"dns_record\", \"id\": \"A:rec-own-153\","
                + " \"record_type\": \"A\", \"dns_instance_id\": \"" + DemoData.DNS_INSTANCE + "\", \"dns_zone_id\": \"" + DemoData.DNS_ZONE + "\"}");
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        app.jdbc().update("UPDATE nodes SET deployment_status = 'cleanup_in_progress', cleanup_claimed_at = now() WHERE id = ?", node.id());

        Reply byNode = app.post("/api/cleanup/reconcile/node/" + node.id());
        Reply byDeployment = app.post("/api/cleanup/reconcile/deployment/rec-dep-153");

        for (Reply reply : List.of(byNode, byDeployment)) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(409);
            assertThat(reply.json().get("error").asText())
                    .isEqualTo("Reconcile refused for node rec-153: a cleanup of this node is already running");
            assertThat(reply.json().at("/refused_nodes/0/node_name").asText()).isEqualTo(node.name());
        }
        assertThat(states(node.name()).values()).containsOnly("PRESENT");

        app.jdbc().update("UPDATE nodes SET deployment_status = 'cleanup_failed', cleanup_claimed_at = NULL WHERE id = ?", node.id());
        Reply released = app.post("/api/cleanup/reconcile/deployment/rec-dep-153");
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        JsonNode answer = released.json();
        assertThat(answer.get("deployment_id").asText()).isEqualTo("rec-dep-153");
        assertThat(answer.has("node_name")).isFalse();
        // the node's twelve and the deployment's own cluster record
        assertThat(answer.get("marked_gone")).hasSize(13);
        assertThat(answer.get("all_gone").asBoolean()).isTrue();
        assertThat(answer.get("message").asText()).startsWith("Deployment rec-dep-153: 13 tracked row(s) looked up, 13 marked GONE");
        List<String> deploymentsOwn = new ArrayList<>();
        answer.get("marked_gone").forEach(r -> {
            if (r.get("node_name").isNull()) {
                deploymentsOwn.add(r.get("resource_id").asText());
            }
        });
        assertThat(deploymentsOwn).containsExactly("A:rec-own-153");
    }

    @Test
    void aLiveNodesRowsAreReconciledToo() {
        // the demo's node 02 is deployed: reconciling says what IBM Cloud holds, it deletes nothing
        Reply reply = app.post("/api/cleanup/reconcile/node/2");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("marked_gone")).isEmpty();
        assertThat(reply.json().get("still_present")).hasSize(12);
        assertThat(sim.exists("bare_metal_server", DemoData.nodes().get(1).serverId())).isTrue();
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(r -> ids.add(r.isTextual() ? r.asText() : r.get("resource_id").asText()));
        return ids;
    }

    /** IBM id -> ledger state, every row of the node. */
    private static Map<String, String> states(String nodeName) {
        Map<String, String> states = new LinkedHashMap<>();
        app.get("/api/cleanup/resources?node_name=" + nodeName).json().get("resources")
                .forEach(r -> states.put(r.get("resource_id").asText(), r.get("state").asText()));
        return states;
    }

    private static JsonNode row(String nodeName, String id) {
        for (JsonNode r : app.get("/api/cleanup/resources?node_name=" + nodeName).json().get("resources")) {
            if (r.get("resource_id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError(id + " is not a row of " + nodeName);
    }
}
