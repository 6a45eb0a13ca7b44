package com.cleanupservice.resources;

import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment's own network end to end, through nothing but the subnet and public gateway type classes: its subnets
 * go after every node (their VNIs and reserved IPs live there), the public gateway this cleanup tracks is detached
 * right before its subnet's delete and deleted after it, without one 409; a subnet holding a VNI nobody recorded ends
 * BLOCKED naming it, while the rest of the deployment goes (its gateway detached from it and deleted).
 */
@SharedSandbox
class SubnetTypeTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @Test
    void aDeploymentsNetworkGoesAfterItsNodesDetachedBeforeDeletedWithoutA409() {
        simCreate("{\"kind\":\"public_gateway\",\"id\":\"pgw-net-900\",\"name\":\"net-900-pgw\"}");
        simCreate("{\"kind\":\"subnet\",\"id\":\"subnet-net-900\",\"name\":\"net-900-s1\",\"public_gateway_id\":\"pgw-net-900\"}");
        simCreate("{\"kind\":\"subnet\",\"id\":\"subnet-net-901\",\"name\":\"net-900-s2\"}");
        node("net-900", "net-dep-900", "subnet-net-900", "10.240.90.10");
        track("/api/deployments/net-dep-900/resources", "{\"type\":\"subnet\",\"id\":\"subnet-net-900\",\"name\":\"net-900-s1\"}", 201);
        track("/api/deployments/net-dep-900/resources", "{\"type\":\"subnet\",\"id\":\"subnet-net-901\",\"name\":\"net-900-s2\"}", 201);
        track("/api/deployments/net-dep-900/resources", "{\"type\":\"public_gateway\",\"id\":\"pgw-net-900\",\"name\":\"net-900-pgw\"}", 201);
        track("/api/deployments/net-dep-900/resources", "{\"type\":\"subnet\",\"id\":\"subnet-x\",\"cidr\":\"10.0.0.0/24\"}", 400);
        double conflictsBefore = conflicts();

        String plan = app.post("/api/cleanup/deployment/net-dep-900?dry_run=true").body();
        assertThat(plan).contains("DELETE /v1/subnets/subnet-net-900 then GET until 404", "DELETE /v1/public_gateways/pgw-net-900");
        assertThat(plan.indexOf("DELETE /v1/public_gateways/pgw-net-900")).as("the gateway after its subnets: " + plan)
                .isGreaterThan(plan.indexOf("DELETE /v1/subnets/subnet-net-900")).isGreaterThan(plan.indexOf("DELETE /v1/subnets/subnet-net-901"));
        String script = app.get("/api/cleanup/script/net-dep-900").body();
        assertThat(script).contains("'is' 'subnet' 'subnet-net-900' 'is' 'subnet-delete' 'subnet-net-900' '-f'",
                "'is' 'public-gateway' 'pgw-net-900' 'is' 'public-gateway-delete' 'pgw-net-900' '-f'");
        assertThat(script.indexOf("'public-gateway-delete'")).isGreaterThan(script.indexOf("'subnet-delete' 'subnet-net-900'"))
                .isGreaterThan(script.indexOf("'subnet-delete' 'subnet-net-901'"));
        assertThat(script.indexOf("'subnet-delete' 'subnet-net-900'")).as("after the node's VNI and reserved IP")
                .isGreaterThan(script.indexOf("'virtual-network-interface-delete' 'vni-net-900'"))
                .isGreaterThan(script.indexOf("'subnet-reserved-ip-delete' 'subnet-net-900' 'ip-net-900'"));

        Reply cleaned = app.post("/api/cleanup/deployment/net-dep-900?force=true");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        for (String[] gone : new String[][] {{"subnet", "subnet-net-900"}, {"subnet", "subnet-net-901"}, {"public_gateway", "pgw-net-900"},
                {"virtual_network_interface", "vni-net-900"}, {"subnet_reserved_ip", "ip-net-900"}, {"bare_metal_server", "bms-net-900"}}) {
            assertThat(sim.exists(gone[0], gone[1])).as(gone[1]).isFalse();
        }
        assertThat(sim.stats().accepted("unset_subnet_public_gateway", "subnet-net-900"))
                .as("detached once, while the subnet was still there (before its delete)").isEqualTo(1);
        assertThat(sim.stats().count("unset_subnet_public_gateway", "subnet-net-901")).as("no gateway there").isZero();
        for (String[] once : new String[][] {{"delete_subnet", "subnet-net-900"}, {"delete_subnet", "subnet-net-901"},
                {"delete_public_gateway", "pgw-net-900"}}) {
            assertThat(sim.stats().count(once[0], once[1])).as(once[0] + " " + once[1] + ": one call, none refused").isEqualTo(1);
        }
        assertThat(conflicts() - conflictsBefore).as("no 409 counted by the service for subnets and gateways").isZero();
        assertThat(cleaned.body()).contains("subnet_deletion", "public_gateway_deletion", "pgw-net-900");

        JsonNode validated = app.get("/api/cleanup/validate/deployment/net-dep-900").json();
        // the node's drift scan lists the reserved IPs of its VNIs' subnets, which the cleanup deleted: IBM answers
        // 404 for a deleted subnet's reserved IPs, which is nothing left in it, not an incomplete scan
        assertThat(validated.get("cleanup_complete").asBoolean()).as(validated.toString()).isTrue();
        JsonNode validation = validated.get("cluster");
        assertThat(FloatingIpTypeTest.check(validation, "subnets").get("status").asText()).isEqualTo("PASS");
        assertThat(FloatingIpTypeTest.check(validation, "public_gateways").get("status").asText()).isEqualTo("PASS");
        assertThat(app.get("/api/cleanup/resources?deployment_id=net-dep-900").body()).as("listed, GONE")
                .contains("subnet-net-900", "subnet-net-901", "pgw-net-900", "GONE");
    }

    @Test
    void aSubnetHoldingAnUntrackedVniIsBlockedNamingItAndTheRestGoes() {
        simCreate("{\"kind\":\"public_gateway\",\"id\":\"pgw-net-910\",\"name\":\"net-910-pgw\"}");
        simCreate("{\"kind\":\"subnet\",\"id\":\"subnet-net-910\",\"name\":\"net-910-s1\",\"public_gateway_id\":\"pgw-net-910\"}");
        simCreate("{\"kind\":\"subnet\",\"id\":\"subnet-net-911\",\"name\":\"net-910-s2\"}");
        node("net-910", "net-dep-910", "subnet-net-911", "10.240.91.10");
        // someone else's VNI in the first subnet: recorded nowhere
        sim.createReservedIp("subnet-net-910", "ip-stranger-910", null, "10.240.91.50", false);
        sim.createVirtualNetworkInterface("vni-stranger-910", "stranger-910", "subnet-net-910", "ip-stranger-910", false);
        track("/api/deployments/net-dep-910/resources", "{\"type\":\"subnet\",\"id\":\"subnet-net-910\",\"name\":\"net-910-s1\"}", 201);
        track("/api/deployments/net-dep-910/resources", "{\"type\":\"subnet\",\"id\":\"subnet-net-911\",\"name\":\"net-910-s2\"}", 201);
        track("/api/deployments/net-dep-910/resources", "{\"type\":\"public_gateway\",\"id\":\"pgw-net-910\"}", 201);
        double conflictsBefore = conflicts();

        Reply cleaned = app.post("/api/cleanup/deployment/net-dep-910?force=true");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(207);
        assertThat(cleaned.body()).contains("BLOCKED", "(subnet_in_use_network_interface_exists) by virtual network interface vni-stranger-910 ('stranger-910')");
        assertThat(sim.exists("subnet", "subnet-net-910")).isTrue();
        assertThat(sim.stats().count("delete_subnet", "subnet-net-910")).as("never attempted").isZero();
        // the gateway is this cleanup's: detached from the subnet left in place, then deleted
        assertThat(sim.stats().count("unset_subnet_public_gateway", "subnet-net-910")).isEqualTo(1);
        assertThat(sim.stats().count("delete_public_gateway", "pgw-net-910")).isEqualTo(1);
        assertThat(conflicts() - conflictsBefore).isZero();
        assertThat(sim.exists("virtual_network_interface", "vni-stranger-910")).as("someone else's, untouched").isTrue();
        for (String[] gone : new String[][] {{"subnet", "subnet-net-911"}, {"virtual_network_interface", "vni-net-910"},
                {"public_gateway", "pgw-net-910"}, {"subnet_reserved_ip", "ip-net-910"}, {"bare_metal_server", "bms-net-910"}}) {
            assertThat(sim.exists(gone[0], gone[1])).as("the rest of the deployment is done: " + gone[1]).isFalse();
        }
        assertThat(app.get("/api/cleanup/failures?deployment_id=net-dep-910").body()).contains("vni-stranger-910");
    }

    @Test
    void aGatewayAttachedToASubnetTheCleanupDoesNotTrackIsBlockedNamingItAndTheSubnetKeepsIt() {
        simCreate("{\"kind\":\"public_gateway\",\"id\":\"pgw-net-905\",\"name\":\"net-905-pgw\"}");
        simCreate("{\"kind\":\"subnet\",\"id\":\"subnet-net-905\",\"name\":\"someone-elses\",\"public_gateway_id\":\"pgw-net-905\"}");
        node("net-905", "net-dep-905", "subnet-net-906", "10.240.91.30");
        track("/api/deployments/net-dep-905/resources", "{\"type\":\"public_gateway\",\"id\":\"pgw-net-905\",\"name\":\"net-905-pgw\"}", 201);

        Reply cleaned = app.post("/api/cleanup/deployment/net-dep-905?force=true");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(207);
        assertThat(cleaned.body()).contains("BLOCKED", "public gateway net-905-pgw (pgw-net-905) is still attached (public_gateway_in_use) to subnet subnet-net-905 ('someone-elses'), which this cleanup does not track");
        assertThat(sim.stats().count("unset_subnet_public_gateway", "subnet-net-905")).as("a subnet it does not track is never changed").isZero();
        assertThat(sim.stats().count("delete_public_gateway", "pgw-net-905")).as("never attempted").isZero();
        assertThat(sim.exists("public_gateway", "pgw-net-905")).isTrue();
    }

    @Test
    void aSubnetHoldingAnUntrackedLoadBalancerIsBlockedNamingIt() {
        simCreate("{\"kind\":\"subnet\",\"id\":\"subnet-net-912\",\"name\":\"net-912-s1\"}");
        simCreate("{\"kind\":\"load_balancer\",\"id\":\"lb-stranger-912\",\"name\":\"stranger-lb\",\"subnet_ids\":[\"subnet-net-912\"]}");
        node("net-912", "net-dep-912", "subnet-net-912", "10.240.91.60");
        track("/api/deployments/net-dep-912/resources", "{\"type\":\"subnet\",\"id\":\"subnet-net-912\"}", 201);

        Reply cleaned = app.post("/api/cleanup/deployment/net-dep-912?force=true");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(207);
        assertThat(cleaned.body()).contains("(subnet_in_use_load_balancer_exists) by load balancer lb-stranger-912 ('stranger-lb')");
        assertThat(sim.stats().count("delete_subnet", "subnet-net-912")).as("never attempted").isZero();
        assertThat(sim.exists("subnet_reserved_ip", "ip-net-912")).as("the node's own resources went").isFalse();
    }

    @Test
    void aDeploymentWithALiveNodeKeepsItsNetworkWithoutForce() {
        simCreate("{\"kind\":\"subnet\",\"id\":\"subnet-net-915\",\"name\":\"net-915-s1\"}");
        node("net-915", "net-dep-915", "subnet-net-915", "10.240.91.80");
        assertThat(app.post("/api/nodes", "{\"node_name\":\"net-916\",\"deployment_id\":\"net-dep-915\",\"deployment_status\":\"deployed\"}")
                .status()).isEqualTo(201);
        track("/api/deployments/net-dep-915/resources", "{\"type\":\"subnet\",\"id\":\"subnet-net-915\",\"name\":\"net-915-s1\"}", 201);

        Reply refused = app.post("/api/cleanup/deployment/net-dep-915");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("net-916");
        assertThat(sim.exists("subnet", "subnet-net-915")).isTrue();
        assertThat(sim.stats().count("get_subnet", "subnet-net-915")).as("not even looked at").isZero();
        assertThat(sim.stats().count("delete_subnet", "subnet-net-915")).isZero();
    }

    /** A failed node: a server with one VNI on its reserved IP in {@code subnet}, all tracked. */
    private static void node(String name, String deployment, String subnet, String address) {
        sim.createReservedIp(subnet, "ip-" + name, null, address, false);
        sim.createVirtualNetworkInterface("vni-" + name, null, subnet, "ip-" + name, false);
        sim.createBareMetalServer("bms-" + name, name, "running", List.of("vni-" + name));
        assertThat(app.post("/api/nodes", "{\"node_name\":\"" + name + "\",\"deployment_id\":\"" + deployment
                + "\",\"deployment_status\":\"failed\",\"bare_metal_id\":\"bms-" + name + "\"}").status()).isEqualTo(201);
        track("/api/nodes/" + name + "/resources", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-" + name + "\"}", 201);
        track("/api/nodes/" + name + "/resources", "{\"type\":\"subnet_reserved_ip\",\"id\":\"ip-" + name
                + "\",\"subnet_id\":\"" + subnet + "\"}", 201);
    }

    /** The service's own count of 409 answers to subnet and public gateway calls. */
    private static double conflicts() {
        double sum = 0;
        for (String line : app.get("/observe/metrics").body().split("\n")) {
            if (line.startsWith("cleanup_ibm_calls_total{") && line.contains("status=\"409\"")
                    && List.of("deleteSubnet", "unsetSubnetPublicGateway", "deletePublicGateway", "getSubnet", "getPublicGateway").stream()
                            .anyMatch(op -> line.contains("operation=\"" + op + "\""))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
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
