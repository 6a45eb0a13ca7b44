package com.cleanupservice.failures;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/cleanup/failures and POST .../{id}/retry, on the shared application with a node of its own (id 59). */
@SharedSandbox
class FailuresTest {
    private static SandboxApp app;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
    }

    @AfterEach
    void clearFaults() {
        app.simulator().faults().clear();
    }

    @Test
    void aFailureIsListedFilteredAndRetried() {
        DemoData.Node node = DemoData.node(59, "fl-node-59", "failed");
        DemoData.seed(app.jdbc(), app.simulator(), "fl-deployment", List.of(node), false);
        String cvm = node.ips().get(2).id();
        app.simulator().faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(cvm));
        assertThat(app.post("/api/cleanup/node/" + node.name()).status()).isEqualTo(207);

        JsonNode list = app.get("/api/cleanup/failures?node_name=" + node.name()).json();
        assertThat(list.get("count").asInt()).isEqualTo(1);
        JsonNode failure = list.at("/failures/0");
        assertThat(failure.get("resource_type").asText()).isEqualTo("subnet_reserved_ip");
        assertThat(failure.get("resource_id").asText()).isEqualTo(cvm);
        assertThat(failure.get("last_http_status").asInt()).isEqualTo(403);
        assertThat(failure.get("status").asText()).isEqualTo("open");
        assertThat(app.get("/api/cleanup/failures?node_name=" + node.name() + "&resource_type=dns_record").json().get("count").asInt()).isZero();
        assertThat(app.get("/api/cleanup/failures?deployment_id=fl-deployment").json().get("count").asInt()).isEqualTo(1);
        assertThat(app.get("/api/cleanup/failures?status=bogus").status()).isEqualTo(400);

        // still forbidden: the retry fails again and the old letter is superseded by the new one
        long id = failure.get("id").asLong();
        Reply again = app.post("/api/cleanup/failures/" + id + "/retry");
        assertThat(again.status()).as(again.body()).isEqualTo(207);
        assertThat(again.json().get("failure_status").asText()).isEqualTo("superseded");
        long newer = app.get("/api/cleanup/failures?node_name=" + node.name()).json().at("/failures/0/id").asLong();
        assertThat(newer).isGreaterThan(id);
        assertThat(app.post("/api/cleanup/failures/" + id + "/retry").status()).as("no longer open").isEqualTo(409);

        app.simulator().faults().clear();
        Reply fixed = app.post("/api/cleanup/failures/" + newer + "/retry");
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        assertThat(fixed.json().get("retried_failure_id").asLong()).isEqualTo(newer);
        assertThat(fixed.json().get("failure_status").asText()).isEqualTo("resolved");
        assertThat(app.simulator().exists("subnet_reserved_ip", cvm)).isFalse();
        assertThat(app.get("/api/cleanup/failures?node_name=" + node.name()).json().get("count").asInt()).isZero();
        assertThat(app.get("/api/cleanup/failures?node_name=" + node.name() + "&status=all").json().get("count").asInt()).isEqualTo(2);
        assertThat(app.post("/api/cleanup/failures/999999/retry").status()).isEqualTo(404);
        assertThat(app.post("/api/cleanup/failures/abc/retry").status()).isEqualTo(400);
    }
}
