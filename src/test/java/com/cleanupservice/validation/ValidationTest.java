package com.cleanupservice.validation;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/cleanup/validate/{id} and /validate/deployment/{id} through the real service against the simulator:
 * PASS only on IBM's 404, FAIL while a resource exists, ERROR whenever IBM could not be asked — never PASS. On the
 * shared application, with nodes of its own (ids 85-99, each in a deployment of its own unless a test groups them).
 */
@SharedSandbox
class ValidationTest {
    private static final List<String> CHECKS = List.of("bare_metal_server", "virtual_network_interfaces", "dns_records", "ip_reservations");
    /** After the tracked checks: what drift discovery finds that nobody tracks (nodes laid out like the demo ones have nothing of that). */
    private static final String UNTRACKED = "untracked_resources";
    private static final Map.Entry<String, String> NOTHING_UNTRACKED = Map.entry(UNTRACKED, "PASS");
    /** Every table validation could conceivably touch; compared row by row before and after. */
    private static final List<String> LEDGER_QUERIES = List.of(
            "SELECT * FROM deployments ORDER BY deployment_id",
            "SELECT * FROM nodes ORDER BY id",
            "SELECT * FROM vnic_info ORDER BY id",
            "SELECT * FROM ip_reservations ORDER BY id",
            "SELECT * FROM dns_records ORDER BY id",
            "SELECT * FROM cleanup_runs ORDER BY run_id",
            "SELECT * FROM cleanup_operations ORDER BY id",
            "SELECT * FROM dead_letters ORDER BY id");

    private static SandboxApp app;
    private static IbmCloudSimulator sim;
    /** Node 85 is the first test's (its server "running", like the demo's node 01); the others take the next ids. */
    private static int nextNodeId = 86;

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
    void everyCheckFailsBeforeCleanupAndPassesAfterIt() {
        DemoData.Node node = DemoData.node(85, "val-node-85", "failed");
        DemoData.seed(app.jdbc(), sim, "val-first-85", List.of(node), false);
        JsonNode before = validate("/api/cleanup/validate/85");

        assertThat(before.get("node_name").asText()).isEqualTo("val-node-85");
        assertThat(before.get("node_id").asLong()).isEqualTo(85);
        assertThat(before.get("cleanup_complete").asBoolean()).isFalse();
        assertThat(checkNames(before)).containsExactly("bare_metal_server", "virtual_network_interfaces", "dns_records", "ip_reservations", UNTRACKED);
        assertThat(tracked(before).values()).containsOnly("FAIL");
        assertThat(statuses(before)).contains(NOTHING_UNTRACKED);
        assertThat(check(before, "bare_metal_server").get("message").asText()).contains("still exists").contains("running");
        assertThat(check(before, "dns_records").get("message").asText()).startsWith("4 of 4 DNS records still exist");
        assertThat(CHECKS.stream().map(c -> check(before, c).get("resources").size())).containsExactly(1, 2, 4, 5);

        Reply cleanup = app.post("/api/cleanup/node/85");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);

        JsonNode after = validate("/api/cleanup/validate/85");
        assertThat(after.get("cleanup_complete").asBoolean()).isTrue();
        assertThat(statuses(after).values()).containsOnly("PASS");
        assertThat(check(after, "bare_metal_server").get("message").asText()).contains("not found (successfully deleted)");
        assertThat(check(after, "dns_records").get("message").asText()).startsWith("All DNS records successfully deleted");
        assertThat(check(after, "ip_reservations").get("message").asText()).startsWith("All IP reservations successfully deleted");
        // rows already GONE in the ledger were still looked up, one GET each
        check(after, "ip_reservations").get("resources").forEach(r -> {
            assertThat(r.get("status").asText()).isEqualTo("PASS");
            assertThat(r.get("ledger_state").asText()).isEqualTo("GONE");
        });
        // (and the cleanup looked once at each the server's look had not shown: the VNIs' primary IPs it had)
        node.ips().forEach(ip -> assertThat(sim.stats().count("get_subnet_reserved_ip", ip.id())).as(ip.type())
                .isEqualTo(List.of("management", "workload").contains(ip.type()) ? 2 : 3));

        // by name: the same node
        JsonNode byName = validate("/api/cleanup/validate/val-node-85");
        assertThat(byName.get("node_id").asLong()).isEqualTo(85);
        assertThat(byName.get("cleanup_complete").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 403, 429})
    void aLookupIBMDoesNotAnswerIsAnErrorNeverAPass(int status) {
        DemoData.Node node = cleanedNode();
        sim.faults().add(FaultRule.status("get_bare_metal_server", status));
        sim.faults().add(FaultRule.status("get_dns_record", status));

        JsonNode body = validate("/api/cleanup/validate/" + node.id());

        assertThat(body.get("cleanup_complete").asBoolean()).isFalse();
        assertThat(statuses(body)).containsExactly(Map.entry("bare_metal_server", "ERROR"),
                Map.entry("virtual_network_interfaces", "PASS"), Map.entry("dns_records", "ERROR"), Map.entry("ip_reservations", "PASS"),
                NOTHING_UNTRACKED);
        assertThat(check(body, "bare_metal_server").get("message").asText())
                .startsWith("Could not validate bare metal server " + node.serverId() + ": HTTP " + status);
        assertThat(check(body, "dns_records").get("message").asText()).startsWith("Could not validate 4 of 4 DNS records: HTTP " + status);
        check(body, "dns_records").get("resources").forEach(r -> assertThat(r.get("http_status").asInt()).isEqualTo(status));

        sim.faults().clear();
        assertThat(validate("/api/cleanup/validate/" + node.id()).get("cleanup_complete").asBoolean()).isTrue();
    }

    @Test
    void aDroppedConnectionIsAnError() {
        DemoData.Node node = cleanedNode();
        sim.faults().add(FaultRule.reset("get_virtual_network_interface").resourceId(node.workloadVniId()));

        JsonNode body = validate("/api/cleanup/validate/" + node.name());

        assertThat(body.get("cleanup_complete").asBoolean()).isFalse();
        JsonNode vnis = check(body, "virtual_network_interfaces");
        assertThat(vnis.get("status").asText()).isEqualTo("ERROR");
        assertThat(vnis.get("message").asText()).startsWith("Could not validate 1 of 2 virtual network interfaces: connection failure");
        assertThat(statuses(body).get("bare_metal_server")).isEqualTo("PASS");
    }

    @Test
    void aServerStillDeletingFails() {
        DemoData.Node node = seed("deleting");
        Duration delay = sim.bareMetalDeleteDelay();
        sim.setBareMetalDeleteDelay(Duration.ofMinutes(10));
        try {
            new com.cleanupservice.resources.BareMetalServerType.BareMetalServers(ibmClients().vpc()).deleteBareMetalServer(node.serverId());
        } finally {
            sim.setBareMetalDeleteDelay(delay);
        }

        JsonNode body = validate("/api/cleanup/validate/" + node.id());

        assertThat(body.get("cleanup_complete").asBoolean()).isFalse();
        JsonNode server = check(body, "bare_metal_server");
        assertThat(server.get("status").asText()).isEqualTo("FAIL");
        assertThat(server.get("message").asText()).contains(node.serverId()).contains("deleting");
    }

    @Test
    void validationDeletesNothingAndWritesNothing() {
        DemoData.Node cleaned = cleanedNode();
        // and a deployment nobody cleaned, like the demo one: a timed-out node and a live one
        DemoData.Node untouched = node("timeout");
        DemoData.seed(app.jdbc(), sim, "val-untouched", List.of(untouched, node("deployed")), false);
        sim.faults().add(FaultRule.status("get_subnet_reserved_ip", 500).times(2));
        List<List<Map<String, Object>>> ledgerBefore = ledger();
        long deletesBefore = deletes();

        validate("/api/cleanup/validate/" + untouched.id());
        validate("/api/cleanup/validate/" + cleaned.id());
        validate("/api/cleanup/validate/deployment/val-untouched");

        assertThat(deletes()).isEqualTo(deletesBefore);
        assertThat(ledger()).isEqualTo(ledgerBefore);
        assertThat(sim.exists("bare_metal_server", untouched.serverId())).isTrue();
    }

    @Test
    void validatesADeploymentWithItsClusterRecords() {
        List<DemoData.Node> nodes = List.of(node("failed"), node("deployed"));
        DemoData.seed(app.jdbc(), sim, "val-deployment", nodes, false);
        String clusterRecord = "A:val-deployment-cluster";
        sim.createDnsRecord(DemoData.DNS_INSTANCE, DemoData.DNS_ZONE, clusterRecord, "val-cluster." + DemoData.ZONE_NAME, "A", "10.240.0.251");
        app.jdbc().update("""
                INSERT INTO dns_records (node_name, deployment_id, record_name, record_type, rdata, record_id, dns_instance_id, dns_zone_id)
                VALUES (NULL, ?, ?, 'A', '10.240.0.251', ?, ?, ?)
                """, "val-deployment", "val-cluster." + DemoData.ZONE_NAME, clusterRecord, DemoData.DNS_INSTANCE, DemoData.DNS_ZONE);

        JsonNode before = validate("/api/cleanup/validate/deployment/val-deployment");
        assertThat(before.get("deployment_id").asText()).isEqualTo("val-deployment");
        assertThat(before.get("cleanup_complete").asBoolean()).isFalse();
        assertThat(before.get("nodes")).hasSize(2);
        before.get("nodes").forEach(n -> assertThat(tracked(n).values()).containsOnly("FAIL"));
        before.get("nodes").forEach(n -> assertThat(statuses(n)).contains(NOTHING_UNTRACKED));
        assertThat(statuses(before.get("cluster"))).containsExactly(Map.entry("dns_records", "FAIL"), NOTHING_UNTRACKED);

        Reply cleanup = app.post("/api/cleanup/deployment/val-deployment?force=true");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);

        JsonNode after = validate("/api/cleanup/validate/deployment/val-deployment");
        assertThat(after.get("cleanup_complete").asBoolean()).isTrue();
        assertThat(after.get("nodes")).extracting(n -> n.get("node_name").asText())
                .containsExactly(nodes.get(0).name(), nodes.get(1).name());
        after.get("nodes").forEach(n -> assertThat(statuses(n).values()).containsOnly("PASS"));
        assertThat(statuses(after.get("cluster"))).containsExactly(Map.entry("dns_records", "PASS"), NOTHING_UNTRACKED);
        assertThat(after.at("/cluster/validation_results/0/message").asText())
                .isEqualTo("DNS record val-cluster." + DemoData.ZONE_NAME + " not found (successfully deleted)");

        // one record of the deployment unanswerable: the whole deployment is not known to be clean
        sim.faults().add(FaultRule.status("get_dns_record", 503).resourceId(clusterRecord));
        JsonNode failing = validate("/api/cleanup/validate/deployment/val-deployment");
        assertThat(failing.get("cleanup_complete").asBoolean()).isFalse();
        assertThat(statuses(failing.get("cluster"))).containsExactly(Map.entry("dns_records", "ERROR"), NOTHING_UNTRACKED);
    }

    @Test
    void aDeploymentWithoutNodesHasNothingLeft() {
        app.jdbc().update("INSERT INTO deployments (deployment_id, name) VALUES (?, ?)", "empty-deployment", "empty");

        JsonNode body = validate("/api/cleanup/validate/deployment/empty-deployment");

        assertThat(body.get("nodes")).isEmpty();
        assertThat(body.get("cleanup_complete").asBoolean()).isTrue();
        assertThat(statuses(body.get("cluster"))).containsExactly(Map.entry("dns_records", "PASS"), NOTHING_UNTRACKED);
        assertThat(body.at("/cluster/validation_results/0/message").asText()).isEqualTo("No DNS records tracked");
    }

    @Test
    void answersJsonErrorsForUnknownAndBadIds() {
        Reply unknown = app.get("/api/cleanup/validate/999");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).startsWith("Node not found");
        assertThat(unknown.json().get("status").asInt()).isEqualTo(404);

        Reply bad = app.get("/api/cleanup/validate/a%3Bb");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).startsWith("invalid id");

        Reply unknownDeployment = app.get("/api/cleanup/validate/deployment/no-such-deployment");
        assertThat(unknownDeployment.status()).isEqualTo(404);
        assertThat(unknownDeployment.json().get("error").asText()).isEqualTo("Deployment not found: no-such-deployment");
        assertThat(app.get("/api/cleanup/validate/deployment/bad%3Bid").status()).isEqualTo(400);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static JsonNode validate(String path) {
        Reply reply = app.get(path);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static List<String> checkNames(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.get("validation_results").forEach(c -> names.add(c.get("check").asText()));
        return names;
    }

    private static Map<String, String> statuses(JsonNode body) {
        Map<String, String> statuses = new LinkedHashMap<>();
        body.get("validation_results").forEach(c -> statuses.put(c.get("check").asText(), c.get("status").asText()));
        return statuses;
    }

    /** The statuses of the checks of tracked resources (every one but untracked_resources). */
    private static Map<String, String> tracked(JsonNode body) {
        Map<String, String> statuses = statuses(body);
        statuses.remove(UNTRACKED);
        return statuses;
    }

    private static JsonNode check(JsonNode body, String name) {
        for (JsonNode c : body.get("validation_results")) {
            if (c.get("check").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + body);
    }

    private static DemoData.Node node(String status) {
        int id = nextNodeId++;
        return DemoData.node(id, "val-node-" + id, status);
    }

    private static DemoData.Node seed(String label) {
        DemoData.Node node = node("failed");
        DemoData.seed(app.jdbc(), sim, "val-" + label + "-" + node.id(), List.of(node), false);
        return node;
    }

    private static DemoData.Node cleanedNode() {
        DemoData.Node node = seed("cleaned");
        Reply reply = app.post("/api/cleanup/node/" + node.id());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return node;
    }

    private static IbmClients ibmClients() {
        return app.context().getRegistry().lookupByNameAndType("ibmClients", IbmClients.class);
    }

    private static List<List<Map<String, Object>>> ledger() {
        return LEDGER_QUERIES.stream().map(q -> app.jdbc().rows(q)).toList();
    }

    private static long deletes() {
        @SuppressWarnings("unchecked")
        Map<String, Object> ops = (Map<String, Object>) sim.stats().snapshot().get("operations");
        return ops.entrySet().stream().filter(e -> e.getKey().startsWith("delete_"))
                .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    }
}
