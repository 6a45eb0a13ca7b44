package com.cleanupservice.cleanup;

import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 409 that names what is in the way (issue #25): a blocker this run is still deleting is waited for, without a
 * retry, and the resource goes after it; a blocker the run does not track ends the resource BLOCKED at once, naming
 * it, with nothing retried and everything else done. Ids 940–959 of the shared sandbox.
 */
@SharedSandbox
class BlockerTest {
    private static final Pattern RETRIES_409 = Pattern.compile(
            "(?m)^cleanup_ibm_retries_total\\{([^}]*)}\\s+(\\S+)");
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @Test
    void aGroupWithAnUntrackedTargetEndsBlockedNamingItWithoutRetries() {
        node("blk-940", "blk-dep-940", true);
        sim.createVirtualNetworkInterface("vni-blk-940-untracked", null, "subnet-s", null, false);
        simCreate("{\"kind\":\"security_group\",\"id\":\"sg-blk-940\",\"target_ids\":[\"vni-blk-940-a\",\"vni-blk-940-untracked\"]}");
        track("/api/deployments/blk-dep-940/resources", "{\"type\":\"security_group\",\"id\":\"sg-blk-940\"}");
        double retriesBefore = groupRetries409();

        Reply cleaned = app.post("/api/cleanup/deployment/blk-dep-940");

        Map<String, JsonNode> ops = operations(cleaned.json());
        JsonNode group = ops.get("sg-blk-940");
        assertThat(group).as(cleaned.body()).isNotNull();
        assertThat(group.get("outcome").asText()).isEqualTo("BLOCKED");
        assertThat(group.get("message").asText()).contains("vni-blk-940-untracked").contains("does not track").contains("409");
        assertThat(sim.stats().count("delete_security_group", "sg-blk-940")).as("one 409, no retry storm").isEqualTo(1);
        assertThat(groupRetries409()).as("cleanup_ibm_retries_total{type=security_group, reason=409}").isEqualTo(retriesBefore);
        assertThat(sim.exists("security_group", "sg-blk-940")).isTrue();
        assertThat(sim.exists("virtual_network_interface", "vni-blk-940-untracked")).as("never ours to delete").isTrue();
        // everything else of the deployment is done
        ops.forEach((id, op) -> {
            if (!id.equals("sg-blk-940")) {
                assertThat(op.get("success").asBoolean()).as(id + ": " + op).isTrue();
            }
        });
        assertThat(sim.exists("bare_metal_server", "bms-blk-940")).isFalse();
        assertThat(sim.exists("virtual_network_interface", "vni-blk-940-a")).isFalse();
        // recorded BLOCKED (not FAILED), with IBM's reason and the blocker's id
        assertThat(app.jdbc().rows("SELECT state, last_error FROM tracked_resources WHERE ibm_id = 'sg-blk-940'"))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("state")).isEqualTo("BLOCKED");
                    assertThat(String.valueOf(row.get("last_error"))).contains("vni-blk-940-untracked").contains("HTTP 409");
                });
        assertThat(app.get("/api/cleanup/failures?deployment_id=blk-dep-940").body())
                .contains("BLOCKED").contains("vni-blk-940-untracked");
    }

    @Test
    void aGroupWhoseTargetThisRunIsStillDeletingWaitsForItThenGoes() {
        // node blk-942 tracks the group; node blk-943 (same deployment, cleaned side by side) tracks its target VNI,
        // whose delete IBM takes a while to answer: the group's delete is tried while the VNI is still there
        register("blk-942", "blk-dep-942");
        sim.createReservedIp("subnet-s", "ip-blk-943", null, null, false);
        sim.createVirtualNetworkInterface("vni-blk-943", null, "subnet-s", "ip-blk-943", false);
        register("blk-943", "blk-dep-942");
        track("/api/nodes/blk-943/resources", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-blk-943\"}");
        track("/api/nodes/blk-943/resources", "{\"type\":\"subnet_reserved_ip\",\"id\":\"ip-blk-943\",\"subnet_id\":\"subnet-s\"}");
        simCreate("{\"kind\":\"security_group\",\"id\":\"sg-blk-942\",\"target_ids\":[\"vni-blk-943\"]}");
        track("/api/nodes/blk-942/resources", "{\"type\":\"security_group\",\"id\":\"sg-blk-942\"}");
        sim.faults().add(FaultRule.latency("delete_virtual_network_interface", 1500, 0).resourceId("vni-blk-943").times(1));
        double retriesBefore = groupRetries409();

        Reply cleaned = app.post("/api/cleanup/deployment/blk-dep-942");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        Map<String, JsonNode> ops = operations(cleaned.json());
        assertThat(ops.get("sg-blk-942").get("outcome").asText()).isEqualTo("DELETED");
        assertThat(ops.get("vni-blk-943").get("outcome").asText()).isEqualTo("DELETED");
        assertThat(sim.exists("security_group", "sg-blk-942")).isFalse();
        assertThat(sim.exists("virtual_network_interface", "vni-blk-943")).isFalse();
        assertThat(sim.stats().count("delete_security_group", "sg-blk-942"))
                .as("refused once while its target was there, then deleted after it").isEqualTo(2);
        assertThat(groupRetries409()).as("waiting spends no retry").isEqualTo(retriesBefore);
    }

    /** A failed node: a server with two standalone VNIs, each on its own reserved IP, all tracked. */
    private static void node(String name, String deployment, boolean withServer) {
        for (String side : new String[] {"a", "b"}) {
            sim.createReservedIp("subnet-s", "ip-" + name + "-" + side, null, null, false);
            sim.createVirtualNetworkInterface("vni-" + name + "-" + side, null, "subnet-s", "ip-" + name + "-" + side, false);
        }
        if (withServer) {
            sim.createBareMetalServer("bms-" + name, name, "running", List.of("vni-" + name + "-a", "vni-" + name + "-b"));
        }
        assertThat(app.post("/api/nodes", "{\"node_name\":\"" + name + "\",\"deployment_id\":\"" + deployment
                + "\",\"deployment_status\":\"failed\"" + (withServer ? ",\"bare_metal_id\":\"bms-" + name + "\"" : "") + "}").status())
                .isEqualTo(201);
        for (String side : new String[] {"a", "b"}) {
            track("/api/nodes/" + name + "/resources", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-" + name + "-" + side + "\"}");
            track("/api/nodes/" + name + "/resources", "{\"type\":\"subnet_reserved_ip\",\"id\":\"ip-" + name + "-" + side
                    + "\",\"subnet_id\":\"subnet-s\"}");
        }
    }

    private static void register(String name, String deployment) {
        assertThat(app.post("/api/nodes", "{\"node_name\":\"" + name + "\",\"deployment_id\":\"" + deployment
                + "\",\"deployment_status\":\"failed\"}").status()).isEqualTo(201);
    }

    /** Every operation of a report (a node's or a deployment's), by resource id. */
    private static Map<String, JsonNode> operations(JsonNode body) {
        Map<String, JsonNode> ops = new HashMap<>();
        collect(body, ops);
        return ops;
    }

    private static void collect(JsonNode node, Map<String, JsonNode> ops) {
        if (node.isObject() && node.has("resource_id") && node.has("outcome")) {
            ops.put(node.get("resource_id").asText(), node);
        }
        node.forEach(child -> collect(child, ops));
    }

    /** {@code cleanup_ibm_retries_total{type="security_group",reason="409"}} as the service exposes it (0 when absent). */
    private static double groupRetries409() {
        Reply scraped = app.get("/observe/metrics");
        assertThat(scraped.status()).isEqualTo(200);
        double sum = 0;
        Matcher m = RETRIES_409.matcher(scraped.body());
        while (m.find()) {
            if (m.group(1).contains("type=\"security_group\"") && m.group(1).contains("reason=\"409\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private static void simCreate(String json) {
        Reply created = app.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/resources"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static void track(String path, String json) {
        Reply reply = app.post(path, json);
        assertThat(reply.status()).as(json + " -> " + reply.body()).isEqualTo(201);
    }
}
