package com.cleanupservice.status;

import com.cleanupservice.testsupport.SandboxApp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTest {
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void overallCountsNodesByStatusAndFollowsACleanup() {
        JsonNode before = app.get("/api/cleanup/status").json();
        assertThat(before.at("/overall_status/failed").asInt()).isEqualTo(1);
        assertThat(before.at("/overall_status/deployed").asInt()).isEqualTo(1);
        assertThat(before.at("/overall_status/timeout").asInt()).isEqualTo(1);
        assertThat(before.get("cleanup_needed").asInt()).isEqualTo(2);
        assertThat(before.get("cleanup_completed").asInt()).isZero();
        assertThat(before.has("timestamp")).isTrue();

        assertThat(app.post("/api/cleanup/node/1").status()).isEqualTo(200);

        JsonNode after = app.get("/api/cleanup/status").json();
        assertThat(after.get("cleanup_needed").asInt()).isEqualTo(1);
        assertThat(after.get("cleanup_completed").asInt()).isEqualTo(1);
        assertThat(after.at("/overall_status/cleanup_completed").asInt()).isEqualTo(1);

        JsonNode node = app.get("/api/cleanup/status?node_name=nutanix-poc-bm-node-01").json();
        assertThat(node.get("current_status").asText()).isEqualTo("cleanup_completed");
        assertThat(node.get("cleanup_needed").asBoolean()).isFalse();
        assertThat(node.get("cleanup_completed").asBoolean()).isTrue();
        assertThat(node.at("/resources/subnet_reserved_ip/GONE").asInt()).isEqualTo(5);
    }

    @Test
    void deploymentViewListsEveryNode() {
        JsonNode d = app.get("/api/cleanup/status?deployment_id=demo-deployment").json();

        assertThat(d.get("deployment_id").asText()).isEqualTo("demo-deployment");
        assertThat(d.get("total_nodes").asInt()).isEqualTo(3);
        assertThat(d.get("node_statuses")).hasSize(3);
        assertThat(d.at("/node_statuses/1/node_name").asText()).isEqualTo("nutanix-poc-bm-node-02");
        assertThat(d.at("/node_statuses/1/cleanup_needed").asBoolean()).isFalse();
        assertThat(d.get("cleanup_needed_count").asInt() + d.get("cleanup_completed_count").asInt()).isEqualTo(2);
    }

    @Test
    void unknownTargetsAre404AndNodeNameWinsOverDeployment() {
        assertThat(app.get("/api/cleanup/status?node_name=nope").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/status?deployment_id=nope").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/status?node_name=nutanix-poc-bm-node-02&deployment_id=nope").json()
                .get("current_status").asText()).isEqualTo("deployed");
        assertThat(app.get("/api/cleanup/status?node_name=a%27b").status()).isEqualTo(400);
    }
}
