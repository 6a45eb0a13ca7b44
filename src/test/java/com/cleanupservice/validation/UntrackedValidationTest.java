package com.cleanupservice.validation;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation's {@code untracked_resources} check: a node whose tracked resources are all gone is still not validated
 * while IBM Cloud holds a resource of it that nobody tracked (FAIL, with the evidence); an incomplete scan is an ERROR,
 * never a PASS; adopting and cleaning again makes it complete. On the shared application: each test a node of its
 * own (ids 60-64, failed like the demo's node 01), the deployment one a deployment laid out like the demo one.
 */
@SharedSandbox
class UntrackedValidationTest {
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

    /** A failed node of its own, in a deployment of its own, laid out like the demo's node 01. */
    private static DemoData.Node seed(String deployment, int id, String status) {
        DemoData.Node node = DemoData.node(id, "uv-node-" + id, status);
        DemoData.seed(app.jdbc(), sim, deployment, List.of(node), false);
        return node;
    }

    @Test
    void aCleanedNodeWithAnUntrackedResourceIsNotValidatedUntilItIsAdoptedAndCleaned() {
        String name = seed("uv-dep-60", 60, "failed").name();
        Reply cleanup = app.post("/api/cleanup/node/60");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        JsonNode clean = validate("/api/cleanup/validate/60");
        assertThat(clean.get("cleanup_complete").asBoolean()).as(clean.toString()).isTrue();
        assertThat(untracked(clean).get("status").asText()).isEqualTo("PASS");

        // created behind tracking's back, named after the node in its subnet
        sim.createReservedIp(DemoData.MANAGEMENT_SUBNET, "0717-uv-late-ip-60", name + "-late-ip", "10.240.60.80", false);
        sim.createVirtualNetworkInterface("0717-uv-late-vni-60", name + "-late-vni", DemoData.MANAGEMENT_SUBNET, "0717-uv-late-ip-60", false);

        JsonNode left = validate("/api/cleanup/validate/" + name);
        assertThat(left.get("cleanup_complete").asBoolean()).isFalse();
        JsonNode check = untracked(left);
        assertThat(check.get("status").asText()).isEqualTo("FAIL");
        assertThat(check.get("message").asText()).startsWith("2 untracked resource(s) still exist in IBM Cloud")
                .contains("virtual_network_interface 0717-uv-late-vni-60").contains("/api/cleanup/drift/node/" + name + "/adopt");
        JsonNode vni = resource(check, "0717-uv-late-vni-60");
        assertThat(vni.get("resource_type").asText()).isEqualTo("virtual_network_interface");
        assertThat(vni.get("resource_name").asText()).isEqualTo(name + "-late-vni");
        assertThat(vni.get("status").asText()).isEqualTo("FAIL");
        assertThat(vni.get("tracked").asBoolean()).isFalse();
        assertThat(vni.get("node_name").asText()).isEqualTo(name);
        assertThat(vni.get("evidence").toString()).contains("named after node " + name + " in subnet " + DemoData.MANAGEMENT_SUBNET);
        assertThat(vni.get("account").asText() + "/" + vni.get("region").asText()).isEqualTo("sandbox/us-south");
        assertThat(check.get("message").asText()).contains("(" + name + "-late-vni) in sandbox/us-south");
        // every tracked check still passes: only the untracked one says something is left
        left.get("validation_results").forEach(c -> {
            if (!c.get("check").asText().equals("untracked_resources")) {
                assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("PASS");
            }
        });

        Reply adopt = app.post("/api/cleanup/drift/node/" + name + "/adopt", "{\"all\": true}");
        assertThat(adopt.status()).as(adopt.body()).isEqualTo(200);
        Reply again = app.post("/api/cleanup/node/60");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        JsonNode done = validate("/api/cleanup/validate/60");
        assertThat(done.get("cleanup_complete").asBoolean()).as(done.toString()).isTrue();
        assertThat(untracked(done).get("resources")).isEmpty();
    }

    @Test
    void anIncompleteScanIsAnErrorNeverAPass() {
        seed("uv-dep-61", 61, "failed");
        Reply cleanup = app.post("/api/cleanup/node/61");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        sim.faults().add(FaultRule.status("list_virtual_network_interfaces", 500));

        JsonNode body = validate("/api/cleanup/validate/61");

        assertThat(body.get("cleanup_complete").asBoolean()).isFalse();
        JsonNode check = untracked(body);
        assertThat(check.get("status").asText()).isEqualTo("ERROR");
        assertThat(check.get("message").asText()).startsWith("Could not look for untracked resources: the scan was incomplete")
                .contains("virtual_network_interface");

        sim.faults().clear();
        assertThat(validate("/api/cleanup/validate/61").get("cleanup_complete").asBoolean()).isTrue();
    }

    @Test
    void aDeploymentGivesEachNodeItsOwnUntrackedResources() {
        String deployment = "uv-deployment";
        String name = seed(deployment, 62, "failed").name();
        seed(deployment, 63, "deployed");
        seed(deployment, 64, "timeout");
        sim.createDnsRecord(DemoData.DNS_INSTANCE, DemoData.DNS_ZONE, "A:uv-cluster", "uv-cluster." + DemoData.ZONE_NAME, "A", "10.240.62.250");
        app.jdbc().update("""
                INSERT INTO dns_records (node_name, deployment_id, record_name, record_type, rdata, record_id, dns_instance_id, dns_zone_id)
                VALUES (NULL, ?, ?, 'A', '10.240.62.250', 'A:uv-cluster', ?, ?)
                """, deployment, "uv-cluster." + DemoData.ZONE_NAME, DemoData.DNS_INSTANCE, DemoData.DNS_ZONE);
        sim.createReservedIp(DemoData.MANAGEMENT_SUBNET, "0717-uv-late-ip-62", name + "-late-ip", "10.240.62.80", false);

        JsonNode body = validate("/api/cleanup/validate/deployment/" + deployment);

        assertThat(body.get("cleanup_complete").asBoolean()).isFalse();
        assertThat(body.get("nodes")).hasSize(3);
        for (JsonNode node : body.get("nodes")) {
            JsonNode check = untracked(node);
            if (node.get("node_name").asText().equals(name)) {
                assertThat(check.get("status").asText()).isEqualTo("FAIL");
                assertThat(resource(check, "0717-uv-late-ip-62").get("node_name").asText()).isEqualTo(name);
            } else {
                assertThat(check.get("status").asText()).as(node.get("node_name").asText()).isEqualTo("PASS");
            }
        }
        assertThat(untracked(body.get("cluster")).get("status").asText()).isEqualTo("PASS");
    }

    private JsonNode validate(String path) {
        Reply reply = app.get(path);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static JsonNode untracked(JsonNode body) {
        JsonNode results = body.get("validation_results");
        JsonNode last = results.get(results.size() - 1);
        assertThat(last.get("check").asText()).isEqualTo("untracked_resources");
        return last;
    }

    private static JsonNode resource(JsonNode check, String id) {
        for (JsonNode r : check.get("resources")) {
            if (r.get("resource_id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no resource " + id + " in " + check);
    }
}
