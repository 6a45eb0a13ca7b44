package com.cleanupservice.cleanup;

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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node's cleanup through the real service: REST -> claim -> camel-jdbc load -> plan -> delete routes against the
 * simulator over HTTP -> ledger. The simulator enforces IBM's rules (409 for a wrong order), so a clean 200 with one
 * DELETE per resource proves the order. On the shared application, with a deployment of its own laid out like the
 * demo one (nodes 80-82: failed, deployed, timeout); the simulator's delete totals are compared around its own requests.
 */
@SharedSandbox
class NodeCleanupTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;
    private static List<DemoData.Node> nodes;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
        nodes = List.of(DemoData.node(80, "nc-node-80", "failed"), DemoData.node(81, "nc-node-81", "deployed"),
                DemoData.node(82, "nc-node-82", "timeout"));
        DemoData.seed(app.jdbc(), sim, "nc-deployment", nodes, false);
    }

    @Test
    void cleansEveryResourceOfANodeInDependencyOrder() {
        DemoData.Node node = nodes.get(0);

        Reply reply = app.post("/api/cleanup/node/80");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("message").asText()).isEqualTo("Cleanup completed successfully for node 80");
        assertThat(body.get("node_name").asText()).isEqualTo(node.name());
        assertThat(body.at("/summary/total_operations").asInt()).isEqualTo(node.resourceCount() + 1);
        assertThat(body.at("/summary/successful_operations").asInt()).isEqualTo(node.resourceCount() + 1);
        assertThat(body.at("/summary/success_rate").asText()).isEqualTo("100.0%");
        assertThat(groups(body)).containsExactly("bare_metal_server", "virtual_network_interfaces", "dns_records",
                "ip_reservations", "database_records");
        assertThat(body.get("node_status").asText()).isEqualTo("cleanup_completed");

        // every resource gone from "IBM Cloud"
        assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();
        assertThat(sim.exists("virtual_network_interface", node.mgmtVniId())).isFalse();
        assertThat(sim.exists("virtual_network_interface", node.workloadVniId())).isFalse();
        node.ips().forEach(ip -> assertThat(sim.exists("subnet_reserved_ip", ip.id())).as(ip.type()).isFalse());
        node.records().forEach(r -> assertThat(sim.exists("dns_record", r.id())).as(r.name()).isFalse());
        // right order the first time: a wrong one would have drawn 409s and redeliveries
        assertThat(sim.stats().count("delete_bare_metal_server", node.serverId())).isEqualTo(1);
        assertThat(sim.stats().count("delete_virtual_network_interface", node.workloadVniId())).isEqualTo(1);
        node.records().forEach(r -> assertThat(sim.stats().count("delete_dns_record", r.id())).as(r.name()).isEqualTo(1));

        // the ledger: rows marked, never removed; one audit row per resource; node status set
        assertThat(app.jdbc().rows("SELECT state FROM ip_reservations WHERE node_name = ?", node.name()))
                .hasSize(5).allSatisfy(r -> assertThat(r.get("state")).isEqualTo("GONE"));
        assertThat(app.jdbc().rows("SELECT bare_metal_state, deployment_status, cleanup_owner FROM nodes WHERE id = 80").get(0))
                .containsEntry("bare_metal_state", "GONE").containsEntry("deployment_status", "cleanup_completed")
                .containsEntry("cleanup_owner", null);
        assertThat(app.jdbc().rows("SELECT outcome FROM cleanup_operations WHERE run_id = CAST(? AS UUID)", body.get("run_id").asText()))
                .hasSize(node.resourceCount());
        assertThat(app.jdbc().rows("SELECT state, total, done, http_status FROM cleanup_runs WHERE run_id = CAST(? AS UUID)",
                body.get("run_id").asText()).get(0))
                .containsEntry("state", "completed").containsEntry("http_status", 200)
                .containsEntry("total", node.resourceCount() + 1).containsEntry("done", node.resourceCount() + 1);

        // a second run finds nothing left to do and touches nothing
        long deletesBefore = deletes();
        Reply again = app.post("/api/cleanup/node/" + node.name());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().at("/summary/total_operations").asInt()).isEqualTo(1);
        assertThat(deletes()).isEqualTo(deletesBefore);
    }

    @Test
    void refusesALiveNodeWithoutForce() {
        Reply reply = app.post("/api/cleanup/node/81");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("error").asText()).contains("deployed").contains("force=true");
        assertThat(app.jdbc().rows("SELECT deployment_status FROM nodes WHERE id = 81").get(0)).containsEntry("deployment_status", "deployed");
        assertThat(sim.stats().count("delete_bare_metal_server", nodes.get(1).serverId())).isZero();
    }

    @Test
    void dryRunReturnsTheOrderedPlanAndDeletesNothing() {
        long deletesBefore = deletes();

        Reply reply = app.post("/api/cleanup/node/82?dry_run=true");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode plan = reply.json().get("plan");
        assertThat(plan.get("total_operations").asInt()).isEqualTo(12);
        List<String> vpcLane = new ArrayList<>();
        List<List<String>> dnsLanes = new ArrayList<>();
        String ptrLaneFirst = null;
        for (JsonNode lane : plan.get("lanes")) {
            boolean dns = lane.get("lane").asText().startsWith("dns_record");
            List<String> steps = dns ? new ArrayList<>() : vpcLane;
            for (JsonNode step : lane.get("steps")) {
                steps.add(step.at("/operations/0/type").asText() + "x" + step.get("operations").size());
            }
            if (dns) {
                dnsLanes.add(steps);
                if (steps.size() == 2) {
                    ptrLaneFirst = lane.at("/steps/0/operations/0/resource_id").asText();
                }
            }
        }
        assertThat(vpcLane).containsExactly("bare_metal_server_deletionx1", "vni_deletionx2", "ip_reservation_deletionx5");
        // one lane per host name: the management A record after the PTR pointing at it, the other two on their own
        assertThat(dnsLanes).containsExactlyInAnyOrder(List.of("dns_record_deletionx1", "dns_record_deletionx1"),
                List.of("dns_record_deletionx1"), List.of("dns_record_deletionx1"));
        assertThat(ptrLaneFirst).startsWith("PTR:");
        assertThat(deletes()).isEqualTo(deletesBefore);
        assertThat(app.jdbc().rows("SELECT deployment_status, bare_metal_state FROM nodes WHERE id = 82").get(0))
                .containsEntry("deployment_status", "timeout").containsEntry("bare_metal_state", "PRESENT");
    }

    @Test
    void answersJsonErrorsForBadRequests() {
        assertThat(app.post("/api/cleanup/node/999").status()).isEqualTo(404);
        assertThat(app.post("/api/cleanup/node/999").json().get("error").asText()).startsWith("Node not found");
        assertThat(app.post("/api/cleanup/node/a%3Bb").status()).isEqualTo(400);
        assertThat(app.post("/api/cleanup/node/82?dry_run=perhaps").json().get("status").asInt()).isEqualTo(400);
        assertThat(app.post("/api/cleanup/deployment/no-such-deployment").status()).isEqualTo(404);
    }

    private static List<String> groups(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.get("details").forEach(g -> names.add(g.get("resource_type").asText()));
        return names;
    }

    private static long deletes() {
        @SuppressWarnings("unchecked")
        Map<String, Object> ops = (Map<String, Object>) sim.stats().snapshot().get("operations");
        return ops.entrySet().stream().filter(e -> e.getKey().startsWith("delete_"))
                .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    }

}
