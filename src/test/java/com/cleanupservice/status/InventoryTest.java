package com.cleanupservice.status;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.SimulatorOperations;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the console lists: deployments a page at a time, and a node's (or a deployment's own) rows one by one. On the
 * shared application: deployments {@code inv-a}, {@code inv-b} (registered) and {@code inv-c} (laid out like the demo
 * one: nodes 250-252, failed, deployed, timeout, and a record of its own) are this class's; other classes' deployments
 * page along with them.
 */
@SharedSandbox
class InventoryTest {
    private static SandboxApp app;
    private static List<DemoData.Node> nodes;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        nodes = List.of(DemoData.node(250, "inv-c-node-250", "failed"), DemoData.node(251, "inv-c-node-251", "deployed"),
                DemoData.node(252, "inv-c-node-252", "timeout"));
        DemoData.seed(app.jdbc(), app.simulator(), "inv-c", nodes, false);
        app.simulator().createDnsRecord(DemoData.DNS_INSTANCE, DemoData.DNS_ZONE, "A:inv-c-cluster", "inv-c-cluster." + DemoData.ZONE_NAME,
                "A", "10.240.250.250");
        app.jdbc().update("""
                INSERT INTO dns_records (node_name, deployment_id, record_name, record_type, rdata, record_id, dns_instance_id, dns_zone_id)
                VALUES (NULL, 'inv-c', ?, 'A', '10.240.250.250', 'A:inv-c-cluster', ?, ?)
                """, "inv-c-cluster." + DemoData.ZONE_NAME, DemoData.DNS_INSTANCE, DemoData.DNS_ZONE);
        assertThat(app.post("/api/nodes", "{\"node_name\":\"inv-a-1\",\"deployment_id\":\"inv-a\",\"deployment_status\":\"failed\"}").status()).isEqualTo(201);
        assertThat(app.post("/api/nodes", "{\"node_name\":\"inv-a-2\",\"deployment_id\":\"inv-a\",\"deployment_status\":\"provisioning\"}").status()).isEqualTo(201);
        assertThat(app.post("/api/nodes", "{\"node_name\":\"inv-b-1\",\"deployment_id\":\"inv-b\",\"deployment_status\":\"deployed\"}").status()).isEqualTo(201);
    }

    @AfterEach
    void clearFaults() {
        app.simulator().faults().clear();
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
        } while (after != null && pages < 10_000);
        // every deployment once (in the database's id order): this class's three next to each other
        assertThat(after).isNull();
        assertThat(ids).doesNotHaveDuplicates().contains("demo-deployment");
        assertThat(ids.subList(ids.indexOf("inv-a"), ids.indexOf("inv-a") + 3)).containsExactly("inv-a", "inv-b", "inv-c");

        JsonNode a = app.get("/api/cleanup/deployments?after=inv-&limit=1").json().get("deployments").get(0);
        assertThat(a.get("deployment_id").asText()).isEqualTo("inv-a");
        assertThat(a.get("total_nodes").asLong()).isEqualTo(2);
        assertThat(a.get("nodes_by_status").get("failed").asLong()).isEqualTo(1);
        assertThat(a.get("nodes_by_status").get("provisioning").asLong()).isEqualTo(1);
        assertThat(a.get("live_nodes").asLong()).isEqualTo(1);
        assertThat(a.get("cleanup_needed_by_status").asLong()).isEqualTo(1);

        JsonNode c = app.get("/api/cleanup/deployments?after=inv-b&limit=1").json().get("deployments").get(0);
        assertThat(c.get("deployment_id").asText()).isEqualTo("inv-c");
        assertThat(c.get("total_nodes").asLong()).isEqualTo(3);
        assertThat(c.get("live_nodes").asLong()).isEqualTo(1); // node 251 is deployed
    }

    @Test
    void aNodesRowsAreListedOneByOneWithAttemptsAndLastError() {
        DemoData.Node failing = nodes.get(2);
        failing.ips().forEach(ip -> app.simulator().faults().add(
                FaultRule.status(SimulatorOperations.DELETE_SUBNET_RESERVED_IP, 403).resourceId(ip.id())));
        assertThat(app.post("/api/cleanup/node/" + failing.id()).status()).isEqualTo(207);
        JsonNode node = app.get("/api/cleanup/resources?node_name=" + failing.name()).json();
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
                assertThat(row.get("resource_name").asText()).matches("10\\.24[01]\\.252\\.\\d+ \\(\\w+\\)");
            } else {
                assertThat(row.get("state").asText()).as(row.toString()).isEqualTo("GONE");
                assertThat(row.get("last_error").isNull()).isTrue();
            }
        }
        assertThat(node.get("resources").findValuesAsText("resource_type"))
                .containsOnly("bare_metal_server", "virtual_network_interface", "subnet_reserved_ip", "dns_record");

        JsonNode live = app.get("/api/cleanup/resources?node_name=" + nodes.get(1).name()).json();
        assertThat(live.get("live").asBoolean()).isTrue();
        assertThat(live.get("resources").findValuesAsText("state")).hasSize(12).containsOnly("PRESENT");

        JsonNode own = app.get("/api/cleanup/resources?deployment_id=inv-c").json();
        assertThat(own.get("resources")).hasSize(1);
        assertThat(own.get("resources").get(0).get("resource_type").asText()).isEqualTo("dns_record");
        assertThat(own.get("resources").get(0).get("resource_name").asText()).startsWith("inv-c-cluster");
    }

    @Test
    void badQueriesAreRefusedWithTheirReason() {
        assertThat(app.get("/api/cleanup/resources").status()).isEqualTo(400);
        assertThat(app.get("/api/cleanup/resources?node_name=a&deployment_id=b").json().get("error").asText()).contains("exactly one");
        assertThat(app.get("/api/cleanup/resources?node_name=no-such-node").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/resources?deployment_id=no-such-deployment").status()).isEqualTo(404);
        // exact names only: a prefix of a node's name is no node
        assertThat(app.get("/api/cleanup/resources?node_name=inv-c-node-25").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/resources?node_name=%25").status()).isEqualTo(400);
        assertThat(app.get("/api/cleanup/resources?nodename=x").json().get("error").asText()).contains("nodename");
        assertThat(app.get("/api/cleanup/deployments?limit=0").status()).isEqualTo(400);
        assertThat(app.get("/api/cleanup/deployments?limit=501").status()).isEqualTo(400);
        assertThat(app.get("/api/cleanup/deployments?limit=ten").status()).isEqualTo(400);
    }
}
