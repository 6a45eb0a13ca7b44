package com.cleanupservice.runs;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ?dry_run=true&include_untracked=true}: the dry run's answer lists, next to the plan and apart from it, what
 * drift discovery finds untracked; without the flag the answer is as before; a real cleanup with it is refused, since
 * only adoption makes an untracked resource something a cleanup deletes. On the shared application, with a
 * deployment of its own laid out like the demo one (nodes 220-222: failed, deployed, timeout).
 */
@SharedSandbox
class DryRunUntrackedTest {
    private static final String DEPLOYMENT = "dru-deployment";
    private static final String NODE = "dru-node-220";
    private static final String EXTRA_IP = "0717-dru-extra-ip";
    private static final String EXTRA_VNI = "0717-dru-extra-vni";
    private static SandboxApp app;
    private static IbmCloudSimulator sim;
    private static List<DemoData.Node> nodes;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
        nodes = List.of(DemoData.node(220, NODE, "failed"), DemoData.node(221, "dru-node-221", "deployed"),
                DemoData.node(222, "dru-node-222", "timeout"));
        DemoData.seed(app.jdbc(), sim, DEPLOYMENT, nodes, false);
        sim.createReservedIp(DemoData.MANAGEMENT_SUBNET, EXTRA_IP, NODE + "-extra-ip", "10.240.220.50", false);
        sim.createVirtualNetworkInterface(EXTRA_VNI, NODE + "-extra-vni", DemoData.MANAGEMENT_SUBNET, EXTRA_IP, false);
    }

    @Test
    void aNodeDryRunListsItsUntrackedResourcesApartFromThePlan() {
        Reply reply = app.post("/api/cleanup/node/220?dry_run=true&include_untracked=true");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("dry_run").asBoolean()).isTrue();
        assertThat(ids(body.get("untracked"))).containsExactlyInAnyOrder(EXTRA_VNI, EXTRA_IP);
        for (JsonNode u : body.get("untracked")) {
            assertThat(u.get("tracked").asBoolean()).isFalse();
            assertThat(u.get("node_name").asText()).isEqualTo(NODE);
            assertThat(u.get("evidence")).isNotEmpty();
        }
        assertThat(body.at("/untracked_scan/complete").asBoolean()).isTrue();
        // the plan is what a cleanup deletes: tracked rows only
        assertThat(body.get("plan").toString()).doesNotContain(EXTRA_VNI).doesNotContain(EXTRA_IP);
        assertThat(body.get("plan").toString()).isEqualTo(app.post("/api/cleanup/node/220?dry_run=true").json().get("plan").toString());
        assertThat(sim.exists("virtual_network_interface", EXTRA_VNI)).isTrue();
    }

    @Test
    void withoutTheFlagTheDryRunIsAsBefore() {
        JsonNode body = app.post("/api/cleanup/node/220?dry_run=true").json();

        assertThat(body.has("untracked")).isFalse();
        assertThat(body.has("untracked_scan")).isFalse();
        assertThat(app.post("/api/cleanup/node/220?dry_run=true&include_untracked=false").json().has("untracked")).isFalse();
    }

    @Test
    void aDeploymentDryRunListsEveryNodesUntrackedResources() {
        Reply reply = app.post("/api/cleanup/deployment/" + DEPLOYMENT + "?dry_run=true&include_untracked=true");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(ids(reply.json().get("untracked"))).contains(EXTRA_VNI, EXTRA_IP);
        assertThat(reply.json().get("nodes")).hasSize(3);
    }

    @Test
    void aRealCleanupWithTheFlagIsRefusedAndDeletesNothing() {
        for (String path : List.of("/api/cleanup/node/220?include_untracked=true", "/api/cleanup/node/220?async=true&include_untracked=true",
                "/api/cleanup/deployment/" + DEPLOYMENT + "?force=true&include_untracked=true")) {
            Reply reply = app.post(path);
            assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(400);
            assertThat(reply.json().get("error").asText()).contains("dry_run").contains("adopt");
        }
        assertThat(sim.exists("bare_metal_server", nodes.get(0).serverId())).isTrue();
        assertThat(app.jdbc().rows("SELECT deployment_status FROM nodes WHERE id = 220").get(0).get("deployment_status")).isEqualTo("failed");
        // a misspelt flag is still an unknown parameter
        assertThat(app.post("/api/cleanup/node/220?dry_run=true&include_untrackd=true").status()).isEqualTo(400);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }
}
