package com.cleanupservice.resources;

import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment's load balancer, endpoint gateway and SSH key end to end, recorded through the provisioner hooks and
 * deleted by one deployment cleanup: the load balancer IBM brings back to active once is deleted again, the endpoint
 * gateway's reserved IP goes with it (found gone), and validation is clean.
 */
@SharedSandbox
class NetworkEdgeTypesTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;
    private static Duration networkDelay;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
        networkDelay = sim.networkDeleteDelay();
        sim.setNetworkDeleteDelay(Duration.ofMillis(150));
    }

    @AfterAll
    static void restore() {
        sim.setNetworkDeleteDelay(networkDelay);
    }

    @Test
    void oneDeploymentCleanupDeletesTheLoadBalancerTwiceTheGatewayWithItsIpAndTheKey() {
        simCreate("{\"kind\":\"subnet\",\"id\":\"subnet-920-a\",\"name\":\"net-920-a\",\"ipv4_cidr_block\":\"10.92.0.0/24\"}");
        simCreate("{\"kind\":\"subnet\",\"id\":\"subnet-920-b\",\"name\":\"net-920-b\",\"ipv4_cidr_block\":\"10.92.1.0/24\"}");
        simCreate("{\"kind\":\"load_balancer\",\"id\":\"lb-920\",\"name\":\"pc-920-lb\",\"subnet_ids\":[\"subnet-920-a\",\"subnet-920-b\"],"
                + "\"bounce_once\":true}");
        simCreate("{\"kind\":\"endpoint_gateway\",\"id\":\"eg-920\",\"name\":\"cos-920\",\"subnet_id\":\"subnet-920-a\"}");
        simCreate("{\"kind\":\"key\",\"id\":\"key-920\",\"name\":\"ssh-920\"}");
        String gatewayIp = calls().gateways().getEndpointGateway("eg-920").ips().get(0).id();
        String fingerprint = calls().keys().getKey("key-920").fingerprint();

        node("lb-node-920", "lb-dep-920");
        track("/api/deployments/lb-dep-920/resources", "{\"type\":\"load_balancer\",\"id\":\"lb-920\",\"name\":\"pc-920-lb\"}", 201);
        track("/api/deployments/lb-dep-920/resources", "{\"type\":\"key\",\"id\":\"key-920\",\"name\":\"ssh-920\",\"fingerprint\":\""
                + fingerprint + "\"}", 201);
        // the ledger keeps a reserved IP on a node: its gateway recorded with it goes first, and takes it along
        track("/api/nodes/lb-node-920/resources", "{\"type\":\"endpoint_gateway\",\"id\":\"eg-920\",\"name\":\"cos-920\","
                + "\"subnet_id\":\"subnet-920-a\"}", 201);
        track("/api/nodes/lb-node-920/resources", "{\"type\":\"subnet_reserved_ip\",\"id\":\"" + gatewayIp
                + "\",\"subnet_id\":\"subnet-920-a\"}", 201);
        track("/api/deployments/lb-dep-920/resources", "{\"type\":\"key\",\"id\":\"key-920\",\"target_id\":\"x\"}", 400);

        String plan = app.post("/api/cleanup/deployment/lb-dep-920?dry_run=true").body();
        assertThat(plan).contains("DELETE /v1/load_balancers/lb-920", "DELETE /v1/keys/key-920", "DELETE /v1/endpoint_gateways/eg-920");
        assertThat(plan.indexOf("DELETE /v1/subnets/subnet-920-a/reserved_ips/" + gatewayIp)).as("the gateway's IP after the gateway")
                .isGreaterThan(plan.indexOf("DELETE /v1/endpoint_gateways/eg-920"));
        String script = app.get("/api/cleanup/script/lb-dep-920").body();
        assertThat(script).contains("'is' 'load-balancer' 'lb-920' 'is' 'load-balancer-delete' 'lb-920' '-f'",
                "'is' 'endpoint-gateway' 'eg-920' 'is' 'endpoint-gateway-delete' 'eg-920' '-f'",
                "'is' 'key' 'key-920' 'is' 'key-delete' 'key-920' '-f'");
        assertThat(app.get("/api/cleanup/resources?deployment_id=lb-dep-920").body()).contains("lb-920", "key-920");

        Reply cleaned = app.post("/api/cleanup/deployment/lb-dep-920");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        assertThat(sim.exists("load_balancer", "lb-920")).isFalse();
        assertThat(sim.exists("endpoint_gateway", "eg-920")).isFalse();
        assertThat(sim.exists("subnet_reserved_ip", gatewayIp)).isFalse();
        assertThat(sim.exists("key", "key-920")).isFalse();
        assertThat(sim.stats().count("delete_load_balancer", "lb-920")).as("brought back to active once: deleted again").isEqualTo(2);
        assertThat(sim.stats().count("delete_endpoint_gateway", "eg-920")).isEqualTo(1);
        assertThat(outcome("lb-920")).isEqualTo("DELETED");
        assertThat(outcome(gatewayIp)).as("gone with its gateway").isEqualTo("ALREADY_GONE");
        assertThat(outcome("eg-920")).isEqualTo("DELETED");
        assertThat(outcome("key-920")).isEqualTo("DELETED");
        assertThat(cleaned.body()).as("the outcome says the load balancer took a second delete")
                .contains("after 2 delete requests (Load balancer pc-920-lb (lb-920) still exists (provisioning_status active)");

        JsonNode validation = app.get("/api/cleanup/validate/deployment/lb-dep-920").json();
        for (String check : List.of("load_balancers", "keys")) {
            assertThat(FloatingIpTypeTest.check(validation.get("cluster"), check).get("status").asText()).as(check).isEqualTo("PASS");
        }
        assertThat(validation.toString()).doesNotContain("\"FAIL\"");
    }

    @Test
    void aKeyAlreadyGoneIsAlreadyGone() {
        simCreate("{\"kind\":\"key\",\"id\":\"key-921\",\"name\":\"ssh-921\"}");
        node("lb-node-921", "lb-dep-921");
        track("/api/deployments/lb-dep-921/resources", "{\"type\":\"key\",\"id\":\"key-921\",\"name\":\"ssh-921\"}", 201);
        calls().keys().deleteKey("key-921");

        Reply cleaned = app.post("/api/cleanup/deployment/lb-dep-921");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        assertThat(outcome("key-921")).isEqualTo("ALREADY_GONE");
        assertThat(sim.stats().count("delete_key", "key-921")).as("the test's own delete only: the cleanup's look found it gone").isEqualTo(1);
    }

    @Test
    void driftListsALoadBalancerWithTheSubnetsItIsIn() {
        simCreate("{\"kind\":\"subnet\",\"id\":\"subnet-922\",\"name\":\"net-922\",\"ipv4_cidr_block\":\"10.92.2.0/24\"}");
        simCreate("{\"kind\":\"load_balancer\",\"id\":\"lb-922\",\"name\":\"pc-922-lb\",\"subnet_ids\":[\"subnet-922\"]}");
        IbmClients ibm = app.context().getRegistry().lookupByNameAndType("ibmClients", IbmClients.class);
        ResourceType type = app.context().getRegistry().lookupByNameAndType("resourceTypes", ResourceTypes.class).get("load_balancer");
        List<String> collections = new ArrayList<>();

        List<Discoverable.Found> found = type.facet(ResourceType.Discovery.class).orElseThrow().discovery()
                .scan(ibm, new Discoverable.Scope(java.util.Set.of(), java.util.Set.of()), (collection, items) -> collections.add(collection));

        Discoverable.Found lb = found.stream().filter(f -> f.id().equals("lb-922")).findFirst().orElseThrow();
        assertThat(lb.attachedTo()).as("a tracked subnet it is in is evidence of its owner").containsExactly("subnet-922");
        assertThat(lb.record()).isEqualTo(java.util.Map.of("name", "pc-922-lb"));
        assertThat(collections).contains("load_balancers");
    }

    private record Calls(EndpointGatewayType.EndpointGateways gateways, KeyType.Keys keys) {
    }

    private static Calls calls() {
        IbmClients ibm = app.context().getRegistry().lookupByNameAndType("ibmClients", IbmClients.class);
        return new Calls(new EndpointGatewayType.EndpointGateways(ibm.vpc()), new KeyType.Keys(ibm.vpc()));
    }

    /** A failed node of the deployment, with nothing of its own yet. */
    private static void node(String name, String deployment) {
        assertThat(app.post("/api/nodes", "{\"node_name\":\"" + name + "\",\"deployment_id\":\"" + deployment
                + "\",\"deployment_status\":\"failed\"}").status()).isEqualTo(201);
    }

    /** The outcome the audit recorded for the resource's one deletion. */
    private static String outcome(String ibmId) {
        return app.jdbc().one("SELECT outcome FROM cleanup_operations WHERE ibm_id = ?", rs -> rs.getString(1), ibmId)
                .orElseThrow(() -> new AssertionError("no audit row for " + ibmId));
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
