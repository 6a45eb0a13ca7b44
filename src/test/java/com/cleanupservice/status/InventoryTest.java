package com.cleanupservice.status;

import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.SimulatorOperations;
import com.cleanupservice.testsupport.SandboxApp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console lists: deployments a page at a time, and a node's (or a deployment's own) rows one by one. */
class InventoryTest {
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start();
        assertThat(app.post("/api/nodes", "{\"node_name\":\"inv-a-1\",\"deployment_id\":\"inv-a\",\"deployment_status\":\"failed\"}").status()).isEqualTo(201);
        assertThat(app.post("/api/nodes", "{\"node_name\":\"inv-a-2\",\"deployment_id\":\"inv-a\",\"deployment_status\":\"provisioning\"}").status()).isEqualTo(201);
        assertThat(app.post("/api/nodes", "{\"node_name\":\"inv-b-1\",\"deployment_id\":\"inv-b\",\"deployment_status\":\"deployed\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void deploymentsArePagedByIdWithTheirNodesCountedByStatus() {
        List<String> ids = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = app.get("/api/cleanup/deployments?limit=2" + (after == null ? "" : "&after=" + after)).json();
            page.get("deployments").forEach(d -> ids.add(d.get("deployment_id").asText()));
            after = page.get("next_after").isNull() ? null : page.get("next_after").asText();
            pages++;
        } while (after != null && pages < 5);
        assertThat(ids).containsExactly("demo-deployment", "inv-a", "inv-b");

        JsonNode a = app.get("/api/cleanup/deployments?after=demo-deployment&limit=1").json().get("deployments").get(0);
        assertThat(a.get("deployment_id").asText()).isEqualTo("inv-a");
        assertThat(a.get("total_nodes").asLong()).isEqualTo(2);
        assertThat(a.get("nodes_by_status").get("failed").asLong()).isEqualTo(1);
        assertThat(a.get("nodes_by_status").get("provisioning").asLong()).isEqualTo(1);
        assertThat(a.get("live_nodes").asLong()).isEqualTo(1);
        assertThat(a.get("cleanup_needed_by_status").asLong()).isEqualTo(1);

        JsonNode demo = app.get("/api/cleanup/deployments?limit=1").json().get("deployments").get(0);
        assertThat(demo.get("total_nodes").asLong()).isEqualTo(3);
        assertThat(demo.get("live_nodes").asLong()).isEqualTo(1); // node 02 is deployed
    }

    @Test
    void aNodesRowsAreListedOneByOneWithAttemptsAndLastError() {
        app.simulator().faults().add(FaultRule.status(SimulatorOperations.DELETE_SUBNET_RESERVED_IP, 403));
        try {
            assertThat(app.post("/api/cleanup/node/3").status()).isEqualTo(207);
        } finally {
            app.simulator().faults().clear();
        }
        JsonNode node = app.get("/api/cleanup/resources?node_name=nutanix-poc-bm-node-03").json();
        assertThat(node.get("current_status").asText()).isNotEqualTo("timeout");
        assertThat(node.get("live").asBoolean()).isFalse();
        assertThat(node.get("count").asInt()).isEqualTo(12);
        for (JsonNode row : node.get("resources")) {
            String type = row.get("resource_type").asText();
            if (type.equals("subnet_reserved_ip")) {
                assertThat(row.get("state").asText()).as(row.toString()).isEqualTo("FAILED");
                assertThat(row.get("last_error").asText()).contains("403");
                assertThat(row.get("last_http_status").asInt()).isEqualTo(403);
                assertThat(row.get("attempts").asInt()).isPositive();
                assertThat(row.get("resource_name").asText()).matches("10\\.24[01]\\.3\\.\\d+ \\(\\w+\\)");
            } else {
                assertThat(row.get("state").asText()).as(row.toString()).isEqualTo("GONE");
                assertThat(row.get("last_error").isNull()).isTrue();
            }
        }
        assertThat(node.get("resources").findValuesAsText("resource_type"))
                .containsOnly("bare_metal_server", "virtual_network_interface", "subnet_reserved_ip", "dns_record");

        JsonNode live = app.get("/api/cleanup/resources?node_name=nutanix-poc-bm-node-02").json();
        assertThat(live.get("live").asBoolean()).isTrue();
        assertThat(live.get("resources").findValuesAsText("state")).hasSize(12).containsOnly("PRESENT");

        JsonNode own = app.get("/api/cleanup/resources?deployment_id=demo-deployment").json();
        assertThat(own.get("resources")).hasSize(1);
        assertThat(own.get("resources").get(0).get("resource_type").asText()).isEqualTo("dns_record");
        assertThat(own.get("resources").get(0).get("resource_name").asText()).startsWith("nutanix-poc-cluster");
    }

    @Test
    void badQueriesAreRefusedWithTheirReason() {
        assertThat(app.get("/api/cleanup/resources").status()).isEqualTo(400);
        assertThat(app.get("/api/cleanup/resources?node_name=a&deployment_id=b").json().get("error").asText()).contains("exactly one");
        assertThat(app.get("/api/cleanup/resources?node_name=no-such-node").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/resources?deployment_id=no-such-deployment").status()).isEqualTo(404);
        // exact names only: a prefix of a node's name is no node
        assertThat(app.get("/api/cleanup/resources?node_name=nutanix-poc-bm-node-0").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/resources?node_name=%25").status()).isEqualTo(400);
        assertThat(app.get("/api/cleanup/resources?nodename=x").json().get("error").asText()).contains("nodename");
        assertThat(app.get("/api/cleanup/deployments?limit=0").status()).isEqualTo(400);
        assertThat(app.get("/api/cleanup/deployments?limit=501").status()).isEqualTo(400);
        assertThat(app.get("/api/cleanup/deployments?limit=ten").status()).isEqualTo(400);
    }
}
