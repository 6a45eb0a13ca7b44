package com.cleanupservice.discovery;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift discovery on the sandbox's demo deployment: resources created in the simulator behind tracking's back, named
 * after node 01 in its subnet and zone, are found with node 01 as owner and the evidence; decoys (named after no node,
 * after node 02, or after a longer name that merely starts with node 01's) are not; adopting them and cleaning node 01
 * removes them from IBM Cloud and leaves the decoys.
 */
class DriftTest {
    private static final String NODE = "nutanix-poc-bm-node-01";
    private static final String SUBNET = DemoData.MANAGEMENT_SUBNET;
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

    private void createDriftAndDecoys() {
        sim.createReservedIp(SUBNET, "0717-extra-ip", NODE + "-extra-ip", "10.240.1.50", false);
        sim.createVirtualNetworkInterface("0717-extra-vni", NODE + "-extra-vni", SUBNET, "0717-extra-ip", false);
        sim.createDnsRecord(DemoData.DNS_INSTANCE, DemoData.DNS_ZONE, "A:extra-record", NODE + "-extra." + DemoData.ZONE_NAME, "A", "10.240.1.51");
        // an A record for one of node 01's tracked addresses, named after nothing
        sim.createDnsRecord(DemoData.DNS_INSTANCE, DemoData.DNS_ZONE, "A:alias-record", "alias." + DemoData.ZONE_NAME, "A", "10.240.1.11");
        // decoys
        sim.createReservedIp(SUBNET, "0717-decoy-ip-010", NODE + "0-vni-ip", "10.240.1.60", false);
        sim.createVirtualNetworkInterface("0717-decoy-vni-010", NODE + "0-vni", SUBNET, "0717-decoy-ip-010", false);
        sim.createReservedIp(SUBNET, "0717-decoy-unrelated", "unrelated-ip", "10.240.1.61", false);
        sim.createDnsRecord(DemoData.DNS_INSTANCE, DemoData.DNS_ZONE, "A:decoy-010", NODE + "0." + DemoData.ZONE_NAME, "A", "10.240.1.62");
        sim.createReservedIp(SUBNET, "0717-node-02-extra", "nutanix-poc-bm-node-02-extra", "10.240.2.50", false);
    }

    @Test
    void untrackedResourcesOfNode01AreReportedWithEvidenceAndDecoysAreNot() {
        createDriftAndDecoys();

        Reply reply = app.get("/api/cleanup/drift/node/" + NODE);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        Map<String, JsonNode> untracked = byId(body.get("untracked"));
        assertThat(untracked).containsOnlyKeys("0717-extra-ip", "0717-extra-vni", "A:extra-record", "A:alias-record");
        untracked.values().forEach(u -> assertThat(u.get("node_name").asText()).isEqualTo(NODE));
        assertThat(untracked.get("0717-extra-vni").get("type").asText()).isEqualTo("virtual_network_interface");
        assertThat(untracked.get("0717-extra-vni").get("evidence").toString()).contains("named after node " + NODE + " in subnet " + SUBNET);
        assertThat(untracked.get("0717-extra-ip").get("evidence").toString()).contains("named after node " + NODE)
                .contains("attached to untracked virtual_network_interface 0717-extra-vni");
        assertThat(untracked.get("A:extra-record").get("evidence").toString()).contains("named after node " + NODE + " in DNS zone");
        assertThat(untracked.get("A:alias-record").get("evidence").toString()).contains("its address 10.240.1.11 is tracked reserved IP");
        assertThat(body.get("ambiguous")).isEmpty();
        assertThat(body.get("missing")).isEmpty();
        assertThat(body.get("complete").asBoolean()).isTrue();
        assertThat(body.get("drift").asBoolean()).isTrue();
        assertThat(body.at("/scanned/list_calls").asInt()).isPositive();

        // the deployment's report gives node 02 its own
        JsonNode deployment = app.get("/api/cleanup/drift/deployment/" + DemoData.DEPLOYMENT).json();
        Map<String, JsonNode> all = byId(deployment.get("untracked"));
        assertThat(all).containsKeys("0717-extra-ip", "0717-extra-vni", "A:extra-record", "0717-node-02-extra")
                .doesNotContainKeys("0717-decoy-ip-010", "0717-decoy-vni-010", "0717-decoy-unrelated", "A:decoy-010");
        assertThat(all.get("0717-node-02-extra").get("node_name").asText()).isEqualTo("nutanix-poc-bm-node-02");
    }

    @Test
    void adoptedResourcesAreDeletedByTheNextCleanupAndDecoysStay() {
        createDriftAndDecoys();

        Reply adopt = app.post("/api/cleanup/drift/node/" + NODE + "/adopt", "{\"all\": true}");

        assertThat(adopt.status()).as(adopt.body()).isEqualTo(200);
        assertThat(byId(adopt.json().get("adopted"))).containsOnlyKeys("0717-extra-ip", "0717-extra-vni", "A:extra-record", "A:alias-record");
        assertThat(adopt.json().get("refused")).isEmpty();
        assertThat(app.get("/api/cleanup/drift/node/" + NODE).json().get("untracked")).isEmpty();

        Reply cleanup = app.post("/api/cleanup/node/1");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        for (String[] gone : List.of(new String[] {"subnet_reserved_ip", "0717-extra-ip"}, new String[] {"virtual_network_interface", "0717-extra-vni"},
                new String[] {"dns_record", "A:extra-record"}, new String[] {"dns_record", "A:alias-record"})) {
            assertThat(sim.exists(gone[0], gone[1])).as(gone[1]).isFalse();
        }
        for (String[] stays : List.of(new String[] {"subnet_reserved_ip", "0717-decoy-ip-010"}, new String[] {"virtual_network_interface", "0717-decoy-vni-010"},
                new String[] {"subnet_reserved_ip", "0717-decoy-unrelated"}, new String[] {"dns_record", "A:decoy-010"},
                new String[] {"subnet_reserved_ip", "0717-node-02-extra"})) {
            assertThat(sim.exists(stays[0], stays[1])).as(stays[1]).isTrue();
        }
    }

    @Test
    void aTrackedResourceIbmNoLongerHasIsMissingAndCanBeMarkedGone() {
        // recorded by the provisioner, then deleted by hand in IBM Cloud (here: never created there)
        String ptr = "A:deleted-by-hand";
        Reply recorded = app.post("/api/nodes/" + NODE + "/resources", "{\"type\": \"dns_record\", \"id\": \"" + ptr + "\", "
                + "\"record_name\": \"" + NODE + "-old." + DemoData.ZONE_NAME + "\", \"record_type\": \"A\", \"rdata\": \"10.240.1.70\", "
                + "\"dns_instance_id\": \"" + DemoData.DNS_INSTANCE + "\", \"dns_zone_id\": \"" + DemoData.DNS_ZONE + "\"}");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);

        JsonNode body = app.get("/api/cleanup/drift/node/1").json();
        assertThat(byId(body.get("missing"))).containsOnlyKeys(ptr);
        assertThat(body.at("/scanned/lookups").asInt()).as("only the row the listing did not show is looked up").isEqualTo(1);

        Reply marked = app.post("/api/cleanup/drift/node/1/adopt", "{\"ids\": [\"" + ptr + "\"], \"mark_gone\": true}");
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(marked.json().at("/marked_gone/0/marked_gone").asBoolean()).isTrue();
        assertThat(app.jdbc().rows("SELECT state FROM dns_records WHERE record_id = ?", ptr).get(0).get("state")).isEqualTo("GONE");
        assertThat(app.get("/api/cleanup/drift/node/1").json().get("missing")).isEmpty();
    }

    @Test
    void badRequestsAreRefusedAndNothingIsAdopted() {
        createDriftAndDecoys();
        assertThat(app.get("/api/cleanup/drift/node/no-such-node").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/drift/deployment/no-such-deployment").status()).isEqualTo(404);
        String adopt = "/api/cleanup/drift/node/" + NODE + "/adopt";
        for (String bad : List.of("{}", "{\"ids\": \"0717-extra-vni\"}", "{\"all\": \"yes\"}", "{\"al\": true}", "{\"ids\": [\"x\"], \"all\": true}")) {
            Reply reply = app.post(adopt, bad);
            assertThat(reply.status()).as(bad + " " + reply.body()).isEqualTo(400);
        }
        Reply decoy = app.post(adopt, "{\"ids\": [\"0717-decoy-vni-010\", \"0717-node-02-extra\"]}");
        assertThat(decoy.status()).isEqualTo(200);
        assertThat(decoy.json().get("adopted")).isEmpty();
        assertThat(decoy.json().get("refused")).hasSize(2);
        assertThat(app.jdbc().rows("SELECT 1 FROM resource_owners WHERE ibm_id IN ('0717-decoy-vni-010', '0717-node-02-extra')")).isEmpty();
    }

    private static Map<String, JsonNode> byId(JsonNode list) {
        Map<String, JsonNode> byId = new HashMap<>();
        list.forEach(e -> byId.put(e.get("id").asText(), e));
        return byId;
    }
}
