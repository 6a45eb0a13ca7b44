package com.cleanupservice.discovery;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.cleanupservice.testsupport.SharedSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift discovery on a deployment laid out like the sandbox's demo one: resources created in the simulator behind
 * tracking's back, named after its first node in its subnet and zone, are found with that node as owner and the
 * evidence; decoys (named after no node, after the second node, or after a longer name that merely starts with the
 * first node's) are not; adopting them and cleaning the first node removes them from IBM Cloud and leaves the decoys.
 * On the shared application: each test seeds a deployment of its own (node ids 70-77, two per test: failed, deployed)
 * and names its resources after it.
 */
@SharedSandbox
class DriftTest {
    private static final String SUBNET = DemoData.MANAGEMENT_SUBNET;
    /** The next test's first node id (70, 72, ...; below 254, so its addresses are 10.240.id.x like the demo's). */
    private static final AtomicInteger NEXT_ID = new AtomicInteger(70);
    private static SandboxApp app;
    private static IbmCloudSimulator sim;
    /** This test's first node (failed, like the demo's node 01), its second (deployed, like node 02), its deployment. */
    private DemoData.Node first;
    private String nodeName;
    private String otherName;
    private String deployment;
    private String net;
    private String extraIp;
    private String extraVni;
    private String extraRecord;
    private String aliasRecord;
    private String decoyIp;
    private String decoyVni;
    private String decoyUnrelated;
    private String decoyRecord;
    private String otherExtra;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @BeforeEach
    void seed() {
        int id = NEXT_ID.getAndAdd(2);
        first = DemoData.node(id, "drift-node-" + id, "failed");
        DemoData.Node second = DemoData.node(id + 1, "drift-node-" + (id + 1), "deployed");
        nodeName = first.name();
        otherName = second.name();
        deployment = "drift-deployment-" + id;
        DemoData.seed(app.jdbc(), sim, deployment, List.of(first, second), false);
        net = "10.240." + id;
        extraIp = "0717-extra-ip-" + id;
        extraVni = "0717-extra-vni-" + id;
        extraRecord = "A:extra-record-" + id;
        aliasRecord = "A:alias-record-" + id;
        decoyIp = "0717-decoy-ip-" + id + "0";
        decoyVni = "0717-decoy-vni-" + id + "0";
        decoyUnrelated = "0717-decoy-unrelated-" + id;
        decoyRecord = "A:decoy-" + id + "0";
        otherExtra = "0717-" + otherName + "-extra";
    }

    private void createDriftAndDecoys() {
        sim.createReservedIp(SUBNET, extraIp, nodeName + "-extra-ip", net + ".50", false);
        sim.createVirtualNetworkInterface(extraVni, nodeName + "-extra-vni", SUBNET, extraIp, false);
        sim.createDnsRecord(DemoData.DNS_INSTANCE, DemoData.DNS_ZONE, extraRecord, nodeName + "-extra." + DemoData.ZONE_NAME, "A", net + ".51");
        // an A record for one of the first node's tracked addresses, named after nothing
        sim.createDnsRecord(DemoData.DNS_INSTANCE, DemoData.DNS_ZONE, aliasRecord, "alias-" + first.id() + "." + DemoData.ZONE_NAME, "A", net + ".11");
        // decoys
        sim.createReservedIp(SUBNET, decoyIp, nodeName + "0-vni-ip", net + ".60", false);
        sim.createVirtualNetworkInterface(decoyVni, nodeName + "0-vni", SUBNET, decoyIp, false);
        sim.createReservedIp(SUBNET, decoyUnrelated, "unrelated-ip-" + first.id(), net + ".61", false);
        sim.createDnsRecord(DemoData.DNS_INSTANCE, DemoData.DNS_ZONE, decoyRecord, nodeName + "0." + DemoData.ZONE_NAME, "A", net + ".62");
        sim.createReservedIp(SUBNET, otherExtra, otherName + "-extra", "10.240." + (first.id() + 1) + ".50", false);
    }

    @Test
    void untrackedResourcesOfTheFirstNodeAreReportedWithEvidenceAndDecoysAreNot() {
        createDriftAndDecoys();

        Reply reply = app.get("/api/cleanup/drift/node/" + nodeName);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        Map<String, JsonNode> untracked = byId(body.get("untracked"));
        assertThat(untracked).containsOnlyKeys(extraIp, extraVni, extraRecord, aliasRecord);
        untracked.values().forEach(u -> assertThat(u.get("node_name").asText()).isEqualTo(nodeName));
        assertThat(untracked.get(extraVni).get("type").asText()).isEqualTo("virtual_network_interface");
        assertThat(untracked.get(extraVni).get("evidence").toString()).contains("named after node " + nodeName + " in subnet " + SUBNET);
        assertThat(untracked.get(extraIp).get("evidence").toString()).contains("named after node " + nodeName)
                .contains("attached to untracked virtual_network_interface " + extraVni);
        assertThat(untracked.get(extraRecord).get("evidence").toString()).contains("named after node " + nodeName + " in DNS zone");
        assertThat(untracked.get(aliasRecord).get("evidence").toString()).contains("its address " + net + ".11 is tracked reserved IP");
        assertThat(body.get("ambiguous")).isEmpty();
        assertThat(body.get("missing")).isEmpty();
        assertThat(body.get("complete").asBoolean()).isTrue();
        assertThat(body.get("drift").asBoolean()).isTrue();
        assertThat(body.at("/scanned/list_calls").asInt()).isPositive();

        // the deployment's report gives the second node its own
        JsonNode report = app.get("/api/cleanup/drift/deployment/" + deployment).json();
        Map<String, JsonNode> all = byId(report.get("untracked"));
        assertThat(all).containsKeys(extraIp, extraVni, extraRecord, otherExtra)
                .doesNotContainKeys(decoyIp, decoyVni, decoyUnrelated, decoyRecord);
        assertThat(all.get(otherExtra).get("node_name").asText()).isEqualTo(otherName);
    }

    @Test
    void adoptedResourcesAreDeletedByTheNextCleanupAndDecoysStay() {
        createDriftAndDecoys();

        Reply adopt = app.post("/api/cleanup/drift/node/" + nodeName + "/adopt", "{\"all\": true}");

        assertThat(adopt.status()).as(adopt.body()).isEqualTo(200);
        assertThat(byId(adopt.json().get("adopted"))).containsOnlyKeys(extraIp, extraVni, extraRecord, aliasRecord);
        assertThat(adopt.json().get("refused")).isEmpty();
        assertThat(app.get("/api/cleanup/drift/node/" + nodeName).json().get("untracked")).isEmpty();

        Reply cleanup = app.post("/api/cleanup/node/" + first.id());
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        for (String[] gone : List.of(new String[] {"subnet_reserved_ip", extraIp}, new String[] {"virtual_network_interface", extraVni},
                new String[] {"dns_record", extraRecord}, new String[] {"dns_record", aliasRecord})) {
            assertThat(sim.exists(gone[0], gone[1])).as(gone[1]).isFalse();
        }
        for (String[] stays : List.of(new String[] {"subnet_reserved_ip", decoyIp}, new String[] {"virtual_network_interface", decoyVni},
                new String[] {"subnet_reserved_ip", decoyUnrelated}, new String[] {"dns_record", decoyRecord},
                new String[] {"subnet_reserved_ip", otherExtra})) {
            assertThat(sim.exists(stays[0], stays[1])).as(stays[1]).isTrue();
        }
    }

    @Test
    void aTrackedResourceIbmNoLongerHasIsMissingAndCanBeMarkedGone() {
        // recorded by the provisioner, then deleted by hand in IBM Cloud (here: never created there)
        String ptr = "A:deleted-by-hand-" + first.id();
        Reply recorded = app.post("/api/nodes/" + nodeName + "/resources", "{\"type\": \"dns_record\", \"id\": \"" + ptr + "\", "
                + "\"record_name\": \"" + nodeName + "-old." + DemoData.ZONE_NAME + "\", \"record_type\": \"A\", \"rdata\": \"" + net + ".70\", "
                + "\"dns_instance_id\": \"" + DemoData.DNS_INSTANCE + "\", \"dns_zone_id\": \"" + DemoData.DNS_ZONE + "\"}");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);

        JsonNode body = app.get("/api/cleanup/drift/node/" + first.id()).json();
        assertThat(byId(body.get("missing"))).containsOnlyKeys(ptr);
        assertThat(body.at("/scanned/lookups").asInt()).as("only the row the listing did not show is looked up").isEqualTo(1);

        Reply marked = app.post("/api/cleanup/drift/node/" + first.id() + "/adopt", "{\"ids\": [\"" + ptr + "\"], \"mark_gone\": true}");
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(marked.json().at("/marked_gone/0/marked_gone").asBoolean()).isTrue();
        assertThat(app.jdbc().rows("SELECT state FROM dns_records WHERE record_id = ?", ptr).get(0).get("state")).isEqualTo("GONE");
        assertThat(app.get("/api/cleanup/drift/node/" + first.id()).json().get("missing")).isEmpty();
    }

    @Test
    void badRequestsAreRefusedAndNothingIsAdopted() {
        createDriftAndDecoys();
        assertThat(app.get("/api/cleanup/drift/node/no-such-node").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/drift/deployment/no-such-deployment").status()).isEqualTo(404);
        String adopt = "/api/cleanup/drift/node/" + nodeName + "/adopt";
        for (String bad : List.of("{}", "{\"ids\": \"" + extraVni + "\"}", "{\"all\": \"yes\"}", "{\"al\": true}", "{\"ids\": [\"x\"], \"all\": true}")) {
            Reply reply = app.post(adopt, bad);
            assertThat(reply.status()).as(bad + " " + reply.body()).isEqualTo(400);
        }
        Reply decoy = app.post(adopt, "{\"ids\": [\"" + decoyVni + "\", \"" + otherExtra + "\"]}");
        assertThat(decoy.status()).isEqualTo(200);
        assertThat(decoy.json().get("adopted")).isEmpty();
        assertThat(decoy.json().get("refused")).hasSize(2);
        assertThat(app.jdbc().rows("SELECT 1 FROM resource_owners WHERE ibm_id IN (?, ?)", decoyVni, otherExtra)).isEmpty();
    }

    private static Map<String, JsonNode> byId(JsonNode list) {
        Map<String, JsonNode> byId = new HashMap<>();
        list.forEach(e -> byId.put(e.get("id").asText(), e));
        return byId;
    }
}
