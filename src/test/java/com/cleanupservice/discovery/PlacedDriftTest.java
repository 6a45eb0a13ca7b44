package com.cleanupservice.discovery;

import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorOperations;
import com.cleanupservice.simulator.SimulatorStats;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift follows the rows (issue 24): a deployment with a node in eu-de of sandbox-2 and one in the default place is
 * listed in both places; an untracked VNI named after the eu-de node, created where that node lives, is found with its
 * place and adopted there, and the node's cleanup deletes it there; a VNI of the same name in the default place, in the
 * default node's subnet, is nobody's (a node of another place is no evidence); a row of eu-de IBM lacks is missing
 * there; a listing failing in one place makes the scan incomplete, naming that place. On the shared application, with
 * names of its own (a fault only for sandbox-2, once).
 */
@SharedSandbox
class PlacedDriftTest {
    private static final String EU = "eu-de";
    private static final String SECOND = "sandbox-2";
    private static final String DEFAULT_REGION = "us-south";
    private static final String DEFAULT_ACCOUNT = "sandbox";
    private static final String DEPLOYMENT = "pd-dep";
    private static final String EU_NODE = "pd-eu";
    private static final String HOME_NODE = "pd-home";
    /** Untracked, where the eu-de node lives, named after it: its VNI and that VNI's primary IP. */
    private static final String EXTRA_VNI = "pd-eu-extra-vni-id";
    private static final String EXTRA_IP = "pd-eu-extra-ip-id";
    /** Untracked, in the default place, in the default node's subnet, with the same name as the eu-de one. */
    private static final String DECOY_VNI = "pd-home-decoy-vni-id";
    private static final String DECOY_IP = "pd-home-decoy-ip-id";
    /** Tracked for the eu-de node, absent from IBM Cloud: missing, there. */
    private static final String LOST_FIP = "pd-eu-lost-fip";
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
        createAndRecord(EU_NODE, SECOND, EU);
        createAndRecord(HOME_NODE, null, null);
        // recorded (the node's place) but never created: IBM has no such floating IP in eu-de
        record(EU_NODE, "{\"type\": \"floating_ip\", \"id\": \"" + LOST_FIP + "\"}");
        String eu = ", \"account\": \"" + SECOND + "\", \"region\": \"" + EU + "\"";
        simCreate("{\"kind\": \"subnet_reserved_ip\", \"id\": \"" + EXTRA_IP + "\", \"subnet_id\": \"" + EU_NODE + "-subnet\","
                + " \"name\": \"" + EU_NODE + "-extra-ip\"" + eu + "}");
        simCreate("{\"kind\": \"virtual_network_interface\", \"id\": \"" + EXTRA_VNI + "\", \"name\": \"" + EU_NODE + "-extra-vni\","
                + " \"primary_ip_id\": \"" + EXTRA_IP + "\"" + eu + "}");
        simCreate("{\"kind\": \"subnet_reserved_ip\", \"id\": \"" + DECOY_IP + "\", \"subnet_id\": \"" + HOME_NODE + "-subnet\","
                + " \"name\": \"" + EU_NODE + "-extra-ip\"}");
        simCreate("{\"kind\": \"virtual_network_interface\", \"id\": \"" + DECOY_VNI + "\", \"name\": \"" + EU_NODE + "-extra-vni\","
                + " \"primary_ip_id\": \"" + DECOY_IP + "\"}");
    }

    /** A node's server, VNI and that VNI's primary IP, created where it lives (account, region null: the default) and recorded. */
    private static void createAndRecord(String name, String account, String region) {
        String place = (account == null ? "" : ", \"account\": \"" + account + "\"") + (region == null ? "" : ", \"region\": \"" + region + "\"");
        simCreate("{\"kind\": \"bare_metal_server\", \"id\": \"" + name + "-srv\", \"name\": \"" + name + "\"" + place + "}");
        simCreate("{\"kind\": \"subnet_reserved_ip\", \"id\": \"" + name + "-ip\", \"subnet_id\": \"" + name + "-subnet\","
                + " \"name\": \"" + name + "-ip\"" + place + "}");
        simCreate("{\"kind\": \"virtual_network_interface\", \"id\": \"" + name + "-vni\", \"name\": \"" + name + "-vni\","
                + " \"primary_ip_id\": \"" + name + "-ip\"" + place + "}");
        Reply registered = app.post("/api/nodes", "{\"node_name\": \"" + name + "\", \"deployment_id\": \"" + DEPLOYMENT
                + "\", \"deployment_status\": \"failed\", \"bare_metal_id\": \"" + name + "-srv\"" + place + "}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        record(name, "{\"type\": \"virtual_network_interface\", \"id\": \"" + name + "-vni\"}");
        record(name, "{\"type\": \"subnet_reserved_ip\", \"id\": \"" + name + "-ip\", \"subnet_id\": \"" + name + "-subnet\"}");
    }

    private static void record(String node, String json) {
        Reply recorded = app.post("/api/nodes/" + node + "/resources", json);
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    }

    private static void simCreate(String json) {
        Reply created = app.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/resources"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static Map<String, JsonNode> byId(JsonNode items) {
        Map<String, JsonNode> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.get("id").asText(), i));
        return byId;
    }

    @Test
    void aScanListsWhereTheRowsLiveAndAttributesOnlyByEvidenceOfThatPlaceThenAdoptionRecordsThePlaceAndTheCleanupDeletesThere() {
        // the eu-de node alone: listed only where it lives (its VPC collections in eu-de of sandbox-2, its DNS in sandbox-2)
        Reply node = app.get("/api/cleanup/drift/node/" + EU_NODE);
        assertThat(node.status()).as(node.body()).isEqualTo(200);
        assertThat(node.json().get("complete").asBoolean()).as(node.body()).isTrue();
        node.json().at("/scanned/collections").forEach(c -> {
            assertThat(c.get("account").asText()).as(c.toString()).isEqualTo(SECOND);
            assertThat(c.get("region").isNull() || c.get("region").asText().equals(EU)).as(c.toString()).isTrue();
        });
        Map<String, JsonNode> untracked = byId(node.json().get("untracked"));
        assertThat(untracked).containsKeys(EXTRA_VNI, EXTRA_IP).doesNotContainKeys(DECOY_VNI, DECOY_IP);
        JsonNode vni = untracked.get(EXTRA_VNI);
        assertThat(vni.get("node_name").asText()).isEqualTo(EU_NODE);
        assertThat(vni.get("account").asText()).isEqualTo(SECOND);
        assertThat(vni.get("region").asText()).isEqualTo(EU);
        assertThat(vni.get("evidence").toString()).contains("named after node " + EU_NODE + " in subnet " + EU_NODE + "-subnet");
        Map<String, JsonNode> missing = byId(node.json().get("missing"));
        assertThat(missing).containsOnlyKeys(LOST_FIP);
        assertThat(missing.get(LOST_FIP).get("account").asText()).isEqualTo(SECOND);
        assertThat(missing.get(LOST_FIP).get("region").asText()).isEqualTo(EU);

        // the deployment: listed in both places; the default place's same-named VNI is nobody's, not even ambiguous
        Reply deployment = app.get("/api/cleanup/drift/deployment/" + DEPLOYMENT);
        assertThat(deployment.status()).as(deployment.body()).isEqualTo(200);
        JsonNode report = deployment.json();
        assertThat(report.get("complete").asBoolean()).as(deployment.body()).isTrue();
        Map<String, Integer> listedIn = new HashMap<>();
        report.at("/scanned/collections").forEach(c -> {
            if (c.get("collection").asText().equals("virtual_network_interfaces")) {
                listedIn.merge(c.get("account").asText() + "/" + c.get("region").asText(), 1, Integer::sum);
            }
        });
        assertThat(listedIn).containsOnlyKeys(SECOND + "/" + EU, DEFAULT_ACCOUNT + "/" + DEFAULT_REGION);
        Map<String, JsonNode> all = byId(report.get("untracked"));
        assertThat(all).containsKeys(EXTRA_VNI, EXTRA_IP).doesNotContainKeys(DECOY_VNI, DECOY_IP);
        assertThat(all.get(EXTRA_VNI).get("region").asText()).isEqualTo(EU);
        assertThat(byId(report.get("ambiguous"))).doesNotContainKeys(DECOY_VNI, DECOY_IP, EXTRA_VNI);
        assertThat(byId(report.get("missing"))).containsOnlyKeys(LOST_FIP);

        // adoption records the place the resource was found in, never the default's
        Reply adopt = app.post("/api/cleanup/drift/node/" + EU_NODE + "/adopt", "{\"ids\": [\"" + EXTRA_VNI + "\", \"" + EXTRA_IP + "\"]}");
        assertThat(adopt.status()).as(adopt.body()).isEqualTo(200);
        Map<String, JsonNode> adopted = byId(adopt.json().get("adopted"));
        assertThat(adopted).as(adopt.body()).containsOnlyKeys(EXTRA_VNI, EXTRA_IP);
        assertThat(adopted.get(EXTRA_VNI).get("region").asText()).isEqualTo(EU);
        Map<String, JsonNode> rows = new HashMap<>();
        app.get("/api/cleanup/resources?node_name=" + EU_NODE).json().get("resources").forEach(r -> rows.put(r.get("resource_id").asText(), r));
        for (String id : new String[] {EXTRA_VNI, EXTRA_IP}) {
            assertThat(rows).containsKey(id);
            assertThat(rows.get(id).get("account").asText()).as(id).isEqualTo(SECOND);
            assertThat(rows.get(id).get("region").asText()).as(id).isEqualTo(EU);
        }
        assertThat(app.get("/api/cleanup/drift/node/" + EU_NODE).json().get("untracked")).isEmpty();

        // the node's cleanup deletes them where they live (sent anywhere else, IBM's 404 would leave them there, called gone)
        SimulatorStats stats = sim.stats();
        long vnisThere = stats.countIn(EU, SECOND, "delete_virtual_network_interface");
        Reply cleanup = app.post("/api/cleanup/node/" + EU_NODE);
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        assertThat(sim.exists("virtual_network_interface", EXTRA_VNI)).isFalse();
        assertThat(sim.exists("subnet_reserved_ip", EXTRA_IP)).isFalse();
        // other classes share the simulator (concurrently): at least this node's tracked and adopted VNI were deleted there
        assertThat(stats.countIn(EU, SECOND, "delete_virtual_network_interface") - vnisThere).as("the tracked and the adopted VNI")
                .isGreaterThanOrEqualTo(2);
        // the default place's look-alike is untouched
        assertThat(sim.exists("virtual_network_interface", DECOY_VNI)).isTrue();
        assertThat(sim.exists("subnet_reserved_ip", DECOY_IP)).isTrue();
    }

    @Test
    void aListingThatFailsInOnePlaceMakesTheScanIncompleteNamingThatPlace() {
        // once, for sandbox-2 only: the default place's listing of the same collection answers
        sim.faults().add(FaultRule.status(SimulatorOperations.LIST_VIRTUAL_NETWORK_INTERFACES, 403).account(SECOND).times(1));

        Reply reply = app.get("/api/cleanup/drift/deployment/" + DEPLOYMENT);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode report = reply.json();
        assertThat(report.get("complete").asBoolean()).as(reply.body()).isFalse();
        assertThat(report.get("errors")).as(reply.body()).hasSize(1);
        assertThat(report.get("errors").get(0).asText()).startsWith("virtual_network_interface in account " + SECOND + ", region " + EU + ":");
        // a listing that failed proves no absence: nothing of that place's VNIs is called missing
        report.get("missing").forEach(m -> assertThat(m.get("type").asText()).isNotEqualTo("virtual_network_interface"));
    }
}
