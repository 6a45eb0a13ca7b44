package com.cleanupservice.status;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/cleanup/status, on the shared application: a deployment of its own laid out like the demo one (nodes
 * 240-242: failed, deployed, timeout); the overall counts are asserted as the change its own cleanup makes to them.
 */
@SharedSandbox
class StatusTest {
    private static final String DEPLOYMENT = "status-deployment";
    private static SandboxApp app;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        DemoData.seed(app.jdbc(), app.simulator(), DEPLOYMENT, List.of(DemoData.node(240, "status-node-240", "failed"),
                DemoData.node(241, "status-node-241", "deployed"), DemoData.node(242, "status-node-242", "timeout")), false);
    }

    @Test
    void overallCountsNodesByStatusAndFollowsACleanup() {
        JsonNode before = app.get("/api/cleanup/status").json();
        assertThat(before.at("/overall_status/failed").asInt()).isPositive();
        assertThat(before.at("/overall_status/deployed").asInt()).isPositive();
        assertThat(before.at("/overall_status/timeout").asInt()).isPositive();
        assertThat(before.has("timestamp")).isTrue();
        JsonNode node = app.get("/api/cleanup/status?node_name=status-node-240").json();
        assertThat(node.get("current_status").asText()).isEqualTo("failed");
        assertThat(node.get("cleanup_needed").asBoolean()).isTrue();

        assertThat(app.post("/api/cleanup/node/240").status()).isEqualTo(200);

        JsonNode after = app.get("/api/cleanup/status").json();
        assertThat(after.get("cleanup_needed").asInt()).isEqualTo(before.get("cleanup_needed").asInt() - 1);
        assertThat(after.get("cleanup_completed").asInt()).isEqualTo(before.get("cleanup_completed").asInt() + 1);
        assertThat(after.at("/overall_status/cleanup_completed").asInt())
                .isEqualTo(before.at("/overall_status/cleanup_completed").asInt() + 1);
        assertThat(after.at("/overall_status/failed").asInt()).isEqualTo(before.at("/overall_status/failed").asInt() - 1);

        node = app.get("/api/cleanup/status?node_name=status-node-240").json();
        assertThat(node.get("current_status").asText()).isEqualTo("cleanup_completed");
        assertThat(node.get("cleanup_needed").asBoolean()).isFalse();
        assertThat(node.get("cleanup_completed").asBoolean()).isTrue();
        assertThat(node.at("/resources/subnet_reserved_ip/GONE").asInt()).isEqualTo(5);
    }

    @Test
    void deploymentViewListsEveryNode() {
        JsonNode d = app.get("/api/cleanup/status?deployment_id=" + DEPLOYMENT).json();

        assertThat(d.get("deployment_id").asText()).isEqualTo(DEPLOYMENT);
        assertThat(d.get("total_nodes").asInt()).isEqualTo(3);
        assertThat(d.get("node_statuses")).hasSize(3);
        assertThat(d.at("/node_statuses/1/node_name").asText()).isEqualTo("status-node-241");
        assertThat(d.at("/node_statuses/1/cleanup_needed").asBoolean()).isFalse();
        assertThat(d.get("cleanup_needed_count").asInt() + d.get("cleanup_completed_count").asInt()).isEqualTo(2);
    }

    @Test
    void unknownTargetsAre404AndNodeNameWinsOverDeployment() {
        assertThat(app.get("/api/cleanup/status?node_name=nope").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/status?deployment_id=nope").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/status?node_name=status-node-241&deployment_id=nope").json()
                .get("current_status").asText()).isEqualTo("deployed");
        assertThat(app.get("/api/cleanup/status?node_name=a%27b").status()).isEqualTo(400);
    }
}
