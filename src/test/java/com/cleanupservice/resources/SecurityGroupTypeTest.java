package com.cleanupservice.resources;

import com.cleanupservice.ibm.IbmClients;
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
 * Security groups end to end, through nothing but the type class: a group goes after the VNIs it targets (IBM answers
 * 409 before), a deployment's own group after all of its nodes, and a VPC's default group is never attempted.
 */
@SharedSandbox
class SecurityGroupTypeTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @Test
    void aNodesGroupIsDeletedAfterTheVnisItTargets() {
        node("s1", "sg-dep-1", "10.8.0.10", "10.8.0.11");
        simCreate("{\"kind\":\"security_group\",\"id\":\"sg-s1\",\"name\":\"s1-sg\",\"target_ids\":[\"vni-s1-a\",\"vni-s1-b\"]}");
        track("/api/nodes/s1/resources", "{\"type\":\"security_group\",\"id\":\"sg-s1\",\"name\":\"s1-sg\"}", 201);
        track("/api/nodes/s1/resources", "{\"type\":\"security_group\",\"id\":\"sg-x\",\"target_ids\":[\"a\"]}", 400);

        String script = app.get("/api/cleanup/script/node/s1").body();
        String deleteGroup = "'is' 'security-group' 'sg-s1' 'is' 'security-group-delete' 'sg-s1' '-f'";
        assertThat(script).as("show, then delete, each word quoted").contains(deleteGroup);
        assertThat(script.indexOf(deleteGroup)).as("after the VNIs it targets")
                .isGreaterThan(script.indexOf("'virtual-network-interface-delete' 'vni-s1-a'"))
                .isGreaterThan(script.indexOf("'virtual-network-interface-delete' 'vni-s1-b'"))
                .isGreaterThan(script.indexOf("'virtual-network-interface-delete'"));
        assertThat(app.post("/api/cleanup/node/s1?dry_run=true").body()).contains("DELETE /v1/security_groups/sg-s1");

        Reply cleaned = app.post("/api/cleanup/node/s1");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        assertThat(sim.exists("security_group", "sg-s1")).isFalse();
        assertThat(sim.exists("virtual_network_interface", "vni-s1-a")).isFalse();
        assertThat(sim.stats().count("delete_security_group", "sg-s1")).as("no 409 on the way: the VNIs went first").isEqualTo(1);
        assertThat(FloatingIpTypeTest.group(cleaned.json(), "security_groups").toString()).contains("security_group_deletion");
        JsonNode check = FloatingIpTypeTest.check(app.get("/api/cleanup/validate/s1").json(), "security_groups");
        assertThat(check.get("status").asText()).isEqualTo("PASS");
        assertThat(app.get("/api/cleanup/status?node_name=s1").json().toString()).contains("security_group");
    }

    @Test
    void aDeploymentsOwnGroupWaitsForEveryNode() {
        node("s2", "sg-dep-2", "10.8.1.10", "10.8.1.11");
        node("s3", "sg-dep-2", "10.8.1.12", "10.8.1.13");
        simCreate("{\"kind\":\"security_group\",\"id\":\"sg-cluster\",\"target_ids\":[\"vni-s2-a\",\"vni-s3-b\"]}");
        track("/api/deployments/sg-dep-2/resources", "{\"type\":\"security_group\",\"id\":\"sg-cluster\"}", 201);

        Reply cleaned = app.post("/api/cleanup/deployment/sg-dep-2");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        assertThat(sim.exists("security_group", "sg-cluster")).isFalse();
        assertThat(sim.stats().count("delete_security_group", "sg-cluster")).isEqualTo(1);
    }

    @Test
    void theVpcsDefaultGroupIsBlockedNotRetried() {
        String defaultGroup = defaultGroupId();
        assertThat(app.post("/api/nodes", "{\"node_name\":\"s4\",\"deployment_id\":\"sg-dep-4\",\"deployment_status\":\"failed\"}").status())
                .isEqualTo(201);
        track("/api/nodes/s4/resources", "{\"type\":\"security_group\",\"id\":\"" + defaultGroup + "\"}", 201);

        Reply cleaned = app.post("/api/cleanup/node/s4");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(207);
        assertThat(cleaned.body()).contains("default group");
        assertThat(sim.exists("security_group", defaultGroup)).isTrue();
        assertThat(sim.stats().count("delete_security_group", defaultGroup)).as("never attempted").isZero();
        JsonNode failures = app.get("/api/cleanup/failures?node_name=s4").json();
        assertThat(failures.toString()).contains("BLOCKED").contains(defaultGroup);
    }

    /** A failed node: a server with two standalone VNIs, each on its own reserved IP, all tracked. */
    private static void node(String name, String deployment, String addressA, String addressB) {
        sim.createReservedIp("subnet-s", "ip-" + name + "-a", null, addressA, false);
        sim.createReservedIp("subnet-s", "ip-" + name + "-b", null, addressB, false);
        sim.createVirtualNetworkInterface("vni-" + name + "-a", null, "subnet-s", "ip-" + name + "-a", false);
        sim.createVirtualNetworkInterface("vni-" + name + "-b", null, "subnet-s", "ip-" + name + "-b", false);
        sim.createBareMetalServer("bms-" + name, name, "running", List.of("vni-" + name + "-a", "vni-" + name + "-b"));
        assertThat(app.post("/api/nodes", "{\"node_name\":\"" + name + "\",\"deployment_id\":\"" + deployment
                + "\",\"deployment_status\":\"failed\",\"bare_metal_id\":\"bms-" + name + "\"}").status()).isEqualTo(201);
        for (String side : new String[] {"a", "b"}) {
            track("/api/nodes/" + name + "/resources", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-" + name + "-" + side + "\"}", 201);
            track("/api/nodes/" + name + "/resources", "{\"type\":\"subnet_reserved_ip\",\"id\":\"ip-" + name + "-" + side
                    + "\",\"subnet_id\":\"subnet-s\"}", 201);
        }
    }

    /** As an operator finds it: the VPC names its default group. */
    private static String defaultGroupId() {
        IbmClients ibm = app.context().getRegistry().lookupByNameAndType("ibmClients", IbmClients.class);
        return new SecurityGroupType.SecurityGroups(ibm.vpc()).getVpc(IbmCloudSimulator.VPC_ID).defaultSecurityGroup().id();
    }

    private static void simCreate(String json) {
        Reply created = app.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/resources"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static void track(String path, String json, int expected) {
        Reply reply = app.post(path, json);
        assertThat(reply.status()).as(json + " -> " + reply.body()).isEqualTo(expected);
    }
}
