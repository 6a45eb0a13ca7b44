package com.cleanupservice.validation;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation's {@code untracked_resources} check: a node whose tracked resources are all gone is still not validated
 * while IBM Cloud holds a resource of it that nobody tracked (FAIL, with the evidence); an incomplete scan is an ERROR,
 * never a PASS; adopting and cleaning again makes it complete.
 */
class UntrackedValidationTest {
    private static final String NODE = "nutanix-poc-bm-node-01";
    private SandboxApp app;
    private IbmCloudSimulator sim;

    @BeforeEach
    void start() {
        app = SandboxApp.start(Map.of("cleanup.orphan-sweep.enabled", "false"));
        sim = app.simulator();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void aCleanedNodeWithAnUntrackedResourceIsNotValidatedUntilItIsAdoptedAndCleaned() {
        Reply cleanup = app.post("/api/cleanup/node/1");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        JsonNode clean = validate("/api/cleanup/validate/1");
        assertThat(clean.get("cleanup_complete").asBoolean()).as(clean.toString()).isTrue();
        assertThat(untracked(clean).get("status").asText()).isEqualTo("PASS");

        // created behind tracking's back, named after node 01 in its subnet
        sim.createReservedIp(DemoData.MANAGEMENT_SUBNET, "0717-late-ip", NODE + "-late-ip", "10.240.1.80", false);
        sim.createVirtualNetworkInterface("0717-late-vni", NODE + "-late-vni", DemoData.MANAGEMENT_SUBNET, "0717-late-ip", false);

        JsonNode left = validate("/api/cleanup/validate/" + NODE);
        assertThat(left.get("cleanup_complete").asBoolean()).isFalse();
        JsonNode check = untracked(left);
        assertThat(check.get("status").asText()).isEqualTo("FAIL");
        assertThat(check.get("message").asText()).startsWith("2 untracked resource(s) still exist in IBM Cloud")
                .contains("virtual_network_interface 0717-late-vni").contains("/api/cleanup/drift/node/" + NODE + "/adopt");
        JsonNode vni = resource(check, "0717-late-vni");
        assertThat(vni.get("resource_type").asText()).isEqualTo("virtual_network_interface");
        assertThat(vni.get("resource_name").asText()).isEqualTo(NODE + "-late-vni");
        assertThat(vni.get("status").asText()).isEqualTo("FAIL");
        assertThat(vni.get("tracked").asBoolean()).isFalse();
        assertThat(vni.get("node_name").asText()).isEqualTo(NODE);
        assertThat(vni.get("evidence").toString()).contains("named after node " + NODE + " in subnet " + DemoData.MANAGEMENT_SUBNET);
        // every tracked check still passes: only the untracked one says something is left
        left.get("validation_results").forEach(c -> {
            if (!c.get("check").asText().equals("untracked_resources")) {
                assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("PASS");
            }
        });

        Reply adopt = app.post("/api/cleanup/drift/node/" + NODE + "/adopt", "{\"all\": true}");
        assertThat(adopt.status()).as(adopt.body()).isEqualTo(200);
        Reply again = app.post("/api/cleanup/node/1");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        JsonNode done = validate("/api/cleanup/validate/1");
        assertThat(done.get("cleanup_complete").asBoolean()).as(done.toString()).isTrue();
        assertThat(untracked(done).get("resources")).isEmpty();
    }

    @Test
    void anIncompleteScanIsAnErrorNeverAPass() {
        Reply cleanup = app.post("/api/cleanup/node/1");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        sim.faults().add(FaultRule.status("list_virtual_network_interfaces", 500));

        JsonNode body = validate("/api/cleanup/validate/1");

        assertThat(body.get("cleanup_complete").asBoolean()).isFalse();
        JsonNode check = untracked(body);
        assertThat(check.get("status").asText()).isEqualTo("ERROR");
        assertThat(check.get("message").asText()).startsWith("Could not look for untracked resources: the scan was incomplete")
                .contains("virtual_network_interface");

        sim.faults().clear();
        assertThat(validate("/api/cleanup/validate/1").get("cleanup_complete").asBoolean()).isTrue();
    }

    @Test
    void aDeploymentGivesEachNodeItsOwnUntrackedResources() {
        sim.createReservedIp(DemoData.MANAGEMENT_SUBNET, "0717-late-ip", NODE + "-late-ip", "10.240.1.80", false);

        JsonNode body = validate("/api/cleanup/validate/deployment/" + DemoData.DEPLOYMENT);

        assertThat(body.get("cleanup_complete").asBoolean()).isFalse();
        for (JsonNode node : body.get("nodes")) {
            JsonNode check = untracked(node);
            if (node.get("node_name").asText().equals(NODE)) {
                assertThat(check.get("status").asText()).isEqualTo("FAIL");
                assertThat(resource(check, "0717-late-ip").get("node_name").asText()).isEqualTo(NODE);
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
