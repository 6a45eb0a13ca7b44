package com.cleanupservice.discovery;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a drift report of a large deployment costs in IBM calls: each collection is listed once, a page of 100 at a
 * time, so the list calls follow the pages of the collections and not the nodes times their resources; and with
 * nothing missing there is no lookup of single resources at all. 110 nodes make every VPC collection longer than one
 * page (113 servers with the demo's, 226 VNIs, 452 reserved IPs in the management subnet), so a scan that listed
 * per node, or re-listed a collection, or fetched each resource would exceed the bounds below. On the shared
 * application (node ids 301-410): the collections also hold other classes' resources, which only lengthen them, and
 * the simulator's calls are counted as the change around this class's one request.
 */
@SharedSandbox
class DriftCostTest {
    private static final int NODES = 110;
    private static final int PAGE = 100; // the limit the product lists with
    private static final String DEPLOYMENT = "cost-deployment";
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
        List<DemoData.Node> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            // deployed: no sweep or follow-up cleanup touches them (and IBM) while the report is measured
            nodes.add(DemoData.node(301 + i, "cost-node-%03d".formatted(i), "deployed"));
        }
        DemoData.seed(app.jdbc(), sim, DEPLOYMENT, nodes, false);
    }

    @Test
    void aDeploymentReportListsEachCollectionAPageAtATimeAndLooksNothingUp() {
        Map<String, Long> before = operations();

        Reply reply = app.get("/api/cleanup/drift/deployment/" + DEPLOYMENT);

        Map<String, Long> calls = operations();
        before.forEach((op, n) -> calls.merge(op, -n, Long::sum));
        calls.values().removeIf(n -> n == 0);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode report = reply.json();
        assertThat(report.get("complete").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("untracked")).isEmpty();
        assertThat(report.get("missing")).isEmpty();

        Map<String, JsonNode> collections = new HashMap<>();
        report.at("/scanned/collections").forEach(c -> collections.put(c.get("collection").asText(), c));
        assertThat(collections).containsKeys("bare_metal_servers", "virtual_network_interfaces",
                "subnets/" + DemoData.MANAGEMENT_SUBNET + "/reserved_ips", "subnets/" + DemoData.WORKLOAD_SUBNET + "/reserved_ips",
                "dnszones/" + DemoData.DNS_ZONE + "/resource_records");
        // the scan saw the whole deployment: every collection holds at least the deployment's resources
        assertThat(collections.get("bare_metal_servers").get("items").asInt()).isGreaterThanOrEqualTo(NODES);
        assertThat(collections.get("virtual_network_interfaces").get("items").asInt()).isGreaterThanOrEqualTo(2 * NODES);
        assertThat(collections.get("subnets/" + DemoData.MANAGEMENT_SUBNET + "/reserved_ips").get("items").asInt())
                .isGreaterThanOrEqualTo(4 * NODES);
        assertThat(collections.get("dnszones/" + DemoData.DNS_ZONE + "/resource_records").get("items").asInt())
                .isGreaterThanOrEqualTo(4 * NODES);

        int bound = 0;
        int pages = 0;
        for (JsonNode c : collections.values()) {
            int items = c.get("items").asInt();
            int expected = Math.max(1, (items + PAGE - 1) / PAGE); // an empty collection still takes one call
            assertThat(c.get("pages").asInt()).as(c.toString()).isLessThanOrEqualTo(expected);
            bound += expected;
            pages += c.get("pages").asInt();
        }
        int listCalls = report.at("/scanned/list_calls").asInt();
        assertThat(listCalls).isEqualTo(pages).isLessThanOrEqualTo(bound).isLessThan(NODES);
        assertThat(report.at("/scanned/lookups").asInt()).isZero();

        // what the simulator was asked agrees: the list calls the report counts, and not one GET of a single resource
        long listed = calls.entrySet().stream().filter(e -> e.getKey().startsWith("list_")).mapToLong(Map.Entry::getValue).sum();
        assertThat(listed).as(calls.toString()).isEqualTo(listCalls);
        assertThat(calls.entrySet().stream().filter(e -> e.getKey().startsWith("get_")).toList()).as(calls.toString()).isEmpty();
        assertThat(calls.keySet().stream().filter(op -> op.startsWith("delete_")).toList()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> operations() {
        Map<String, Long> ops = new HashMap<>();
        ((Map<String, Object>) sim.stats().snapshot().get("operations")).forEach((op, n) -> ops.put(op, ((Number) n).longValue()));
        return ops;
    }
}
