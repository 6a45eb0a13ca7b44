package com.cleanupservice.resources;

import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floating IPs end to end, through nothing but the type class: recorded by the provisioner hooks, planned, released by
 * a cleanup (bound or not), counted in status, checked by validation, scripted with the CLI's syntax.
 */
@SharedSandbox
class FloatingIpTypeTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @Test
    void aNodesFloatingIpsAreReleasedBoundOrNot() {
        sim.createReservedIp("subnet-f", "ip-f1", "f1-ip", "10.7.0.10", false);
        sim.createVirtualNetworkInterface("vni-f1", "f1-vni", "subnet-f", "ip-f1", false);
        sim.createBareMetalServer("bms-f1", "f1", "running", List.of("vni-f1"));
        simCreate("{\"kind\":\"floating_ip\",\"id\":\"fip-bound\",\"name\":\"f1-public\",\"address\":\"169.60.1.10\",\"target_id\":\"vni-f1\"}");
        simCreate("{\"kind\":\"floating_ip\",\"id\":\"fip-spare\",\"name\":\"f1-spare\",\"address\":\"169.60.1.11\"}");
        assertThat(app.post("/api/nodes", "{\"node_name\":\"f1\",\"deployment_id\":\"fip-dep\",\"deployment_status\":\"failed\"}").status())
                .isEqualTo(201);
        track("f1", "{\"type\":\"bare_metal_server\",\"id\":\"bms-f1\"}", 201);
        track("f1", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-f1\",\"name\":\"f1-vni\"}", 201);
        track("f1", "{\"type\":\"subnet_reserved_ip\",\"id\":\"ip-f1\",\"subnet_id\":\"subnet-f\",\"ip_address\":\"10.7.0.10\"}", 201);
        track("f1", "{\"type\":\"floating_ip\",\"id\":\"fip-bound\",\"name\":\"f1-public\",\"address\":\"169.60.1.10\",\"target_id\":\"vni-f1\"}", 201);
        track("f1", "{\"type\":\"floating_ip\",\"id\":\"fip-spare\",\"address\":\"169.60.1.11\"}", 201);
        track("f1", "{\"type\":\"floating_ip\",\"id\":\"fip-spare\"}", 200);
        track("f1", "{\"type\":\"floating_ip\",\"id\":\"fip-x\",\"address\":\"not-an-ip\"}", 400);
        track("f1", "{\"type\":\"floating_ip\",\"id\":\"fip-x\",\"subnet_id\":\"subnet-f\"}", 400);

        JsonNode plan = app.post("/api/cleanup/node/f1?dry_run=true").json();
        assertThat(plan.toString()).contains("DELETE /v1/floating_ips/fip-bound").contains("DELETE /v1/floating_ips/fip-spare");
        assertThat(sim.exists("floating_ip", "fip-bound")).as("a dry run deletes nothing").isTrue();

        String script = app.get("/api/cleanup/script/node/f1").body();
        assertThat(script).as("show, then release, each word quoted")
                .contains("'is' 'floating-ip' 'fip-bound' 'is' 'floating-ip-release' 'fip-bound' '-f'")
                .contains("'is' 'floating-ip' 'fip-spare' 'is' 'floating-ip-release' 'fip-spare' '-f'");

        Reply cleaned = app.post("/api/cleanup/node/f1");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        assertThat(sim.exists("floating_ip", "fip-bound")).isFalse();
        assertThat(sim.exists("floating_ip", "fip-spare")).isFalse();
        assertThat(sim.exists("virtual_network_interface", "vni-f1")).isFalse();
        JsonNode group = group(cleaned.json(), "floating_ips");
        assertThat(group.get("operations")).hasSize(2);
        assertThat(group.toString()).contains("floating_ip_deletion");

        JsonNode status = app.get("/api/cleanup/status?node_name=f1").json();
        assertThat(status.toString()).contains("floating_ip");
        assertThat(status.get("resources_left").asInt()).isZero();
        JsonNode validation = app.get("/api/cleanup/validate/f1").json();
        JsonNode check = check(validation, "floating_ips");
        assertThat(check.get("status").asText()).as(validation.toString()).isEqualTo("PASS");
        assertThat(check.get("resources")).hasSize(2);
    }

    @Test
    void aDeploymentsOwnFloatingIpGoesWithTheDeployment() {
        simCreate("{\"kind\":\"floating_ip\",\"id\":\"fip-cluster\",\"name\":\"cluster-vip\"}");
        assertThat(app.post("/api/nodes", "{\"node_name\":\"f2\",\"deployment_id\":\"fip-dep-2\",\"deployment_status\":\"failed\"}").status())
                .isEqualTo(201);
        Reply recorded = app.post("/api/deployments/fip-dep-2/resources", "{\"type\":\"floating_ip\",\"id\":\"fip-cluster\"}");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        assertThat(app.post("/api/nodes/f2/resources", "{\"type\":\"floating_ip\",\"id\":\"fip-cluster\"}").status())
                .as("another owner's id").isEqualTo(409);

        Reply cleaned = app.post("/api/cleanup/deployment/fip-dep-2");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        assertThat(sim.exists("floating_ip", "fip-cluster")).isFalse();
        assertThat(check(app.get("/api/cleanup/validate/deployment/fip-dep-2").json().get("cluster"), "floating_ips")
                .get("status").asText()).isEqualTo("PASS");
    }

    private static void simCreate(String json) {
        Reply created = app.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/resources"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static void track(String node, String json, int expected) {
        Reply reply = app.post("/api/nodes/" + node + "/resources", json);
        assertThat(reply.status()).as(json + " -> " + reply.body()).isEqualTo(expected);
    }

    static JsonNode group(JsonNode report, String name) {
        for (JsonNode g : report.get("details")) {
            if (name.equals(g.get("resource_type").asText())) {
                return g;
            }
        }
        throw new AssertionError("no group " + name + " in " + report);
    }

    static JsonNode check(JsonNode validation, String name) {
        for (JsonNode c : validation.get("validation_results")) {
            if (name.equals(c.get("check").asText())) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + validation);
    }
}
