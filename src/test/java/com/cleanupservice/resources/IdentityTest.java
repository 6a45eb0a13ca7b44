package com.cleanupservice.resources;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delete goes only to the resource the ledger describes: a provisioner that recorded a wrong id (another node's VNI,
 * which this node never had) passes every ownership check, so before a DELETE the live resource must still show what
 * was recorded with it — its name, address, zone, DNS name and type. A mismatch is BLOCKED with a dead letter naming
 * both values, and validation says so; a match costs no call where the server's look already showed the resource.
 */
class IdentityTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.demo.enabled", "false"));
        sim = app.simulator();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aVniWhoseLiveNameIsNotTheRecordedOneIsBlockedAndStays() {
        // someone else's VNI: its id was copied into this node's record under the name the provisioner meant
        sim.createReservedIp("subnet-i", "ip-other", "other-ip", "10.66.0.10", false);
        sim.createVirtualNetworkInterface("vni-other", "other-node-vni", "subnet-i", "ip-other", false);
        register("id-1");
        track("id-1", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-other\",\"name\":\"id-1-vni\"}");

        Reply cleaned = app.post("/api/cleanup/node/id-1");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(207);
        JsonNode op = operation(cleaned.json(), "vni-other");
        assertThat(op.get("outcome").asText()).isEqualTo("BLOCKED");
        assertThat(op.get("message").asText()).contains("'other-node-vni'").contains("'id-1-vni'").contains("not the one recorded");
        assertThat(sim.exists("virtual_network_interface", "vni-other")).as("nothing deleted").isTrue();
        assertThat(sim.stats().count("delete_virtual_network_interface", "vni-other")).isZero();
        assertThat(state("vnic_info", "vnic_id", "vni-other")).isEqualTo("BLOCKED");

        JsonNode failures = app.get("/api/cleanup/failures?node_name=id-1").json().get("failures");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("outcome").asText()).isEqualTo("BLOCKED");
        assertThat(failures.get(0).get("error").asText()).contains("'other-node-vni'").contains("'id-1-vni'");

        JsonNode validation = app.get("/api/cleanup/validate/id-1").json();
        JsonNode check = check(validation, "virtual_network_interfaces");
        assertThat(check.get("status").asText()).isEqualTo("FAIL");
        assertThat(check.get("message").asText()).contains("not the recorded one").contains("'other-node-vni'");

        Reply again = app.post("/api/cleanup/node/id-1");
        assertThat(operation(again.json(), "vni-other").get("outcome").asText()).as("a retry checks again").isEqualTo("BLOCKED");
        assertThat(sim.exists("virtual_network_interface", "vni-other")).isTrue();
    }

    @Test
    void everyRecordedValueIsCheckedAndNothingThatDiffersIsDeleted() {
        sim.createBareMetalServer("bms-wrong", "somebody-elses-server", "running", List.of());
        sim.createReservedIp("subnet-i", "ip-moved", "id-2-ahv", "10.66.0.99", false);
        sim.createDnsRecord("inst-i", "zone-i", "A:id-2", "id-2-mgmt.example.com", "A", "10.66.0.20");
        sim.create("floating_ip", Map.of("id", "fip-i", "name", "renamed-by-hand", "address", "169.61.0.5"));
        sim.create("security_group", Map.of("id", "sg-i", "name", "shared-sg"));
        register("id-2");
        track("id-2", "{\"type\":\"bare_metal_server\",\"id\":\"bms-wrong\",\"name\":\"id-2\"}");
        track("id-2", "{\"type\":\"subnet_reserved_ip\",\"id\":\"ip-moved\",\"subnet_id\":\"subnet-i\",\"ip_address\":\"10.66.0.21\"}");
        track("id-2", "{\"type\":\"dns_record\",\"id\":\"A:id-2\",\"record_name\":\"id-2-mgmt\",\"record_type\":\"AAAA\","
                + "\"dns_instance_id\":\"inst-i\",\"dns_zone_id\":\"zone-i\"}");
        track("id-2", "{\"type\":\"floating_ip\",\"id\":\"fip-i\",\"name\":\"id-2-public\",\"address\":\"169.61.0.5\"}");
        track("id-2", "{\"type\":\"security_group\",\"id\":\"sg-i\",\"name\":\"id-2-sg\"}");

        Reply cleaned = app.post("/api/cleanup/node/id-2");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(207);
        assertThat(operation(cleaned.json(), "bms-wrong").get("message").asText()).contains("'somebody-elses-server'").contains("'id-2'");
        assertThat(operation(cleaned.json(), "ip-moved").get("message").asText()).contains("'10.66.0.99'").contains("'10.66.0.21'");
        assertThat(operation(cleaned.json(), "A:id-2").get("message").asText()).contains("record type is 'A'").contains("'AAAA'");
        assertThat(operation(cleaned.json(), "fip-i").get("message").asText()).contains("'renamed-by-hand'").contains("'id-2-public'");
        assertThat(operation(cleaned.json(), "sg-i").get("message").asText()).contains("'shared-sg'");
        for (String[] r : new String[][] {{"bare_metal_server", "bms-wrong"}, {"subnet_reserved_ip", "ip-moved"}, {"dns_record", "A:id-2"},
                {"floating_ip", "fip-i"}, {"security_group", "sg-i"}}) {
            assertThat(operation(cleaned.json(), r[1]).get("outcome").asText()).as(r[1]).isEqualTo("BLOCKED");
            assertThat(sim.exists(r[0], r[1])).as(r[1] + " not deleted").isTrue();
            assertThat(sim.stats().count("delete_" + r[0], r[1])).as(r[1]).isZero();
        }
    }

    @Test
    void theRecordedResourcesAreDeletedAndWhatTheServerShowedNeedsNoLook() {
        sim.createReservedIp("subnet-i", "ip-3a", "id-3-mgmt-ip", "10.66.0.30", true);
        sim.createReservedIp("subnet-i", "ip-3b", "id-3-workload-ip", "10.66.0.31", false);
        sim.createReservedIp("subnet-i", "ip-3c", "id-3-cvm-ip", "10.66.0.32", false);
        sim.createVirtualNetworkInterface("vni-3a", "id-3-mgmt-vni", "subnet-i", "ip-3a", true);
        sim.createVirtualNetworkInterface("vni-3b", "id-3-workload-vni", "subnet-i", "ip-3b", false);
        sim.createBareMetalServer("bms-3", "id-3", "running", List.of("vni-3a", "vni-3b"));
        sim.createDnsRecord("inst-i", "zone-i", "A:id-3", "id-3-mgmt.example.com", "A", "10.66.0.30");
        register("id-3");
        track("id-3", "{\"type\":\"bare_metal_server\",\"id\":\"bms-3\",\"name\":\"id-3\"}");
        track("id-3", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-3a\",\"name\":\"id-3-mgmt-vni\"}");
        track("id-3", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-3b\",\"name\":\"id-3-workload-vni\"}");
        for (String ip : new String[] {"3a:30", "3b:31", "3c:32"}) {
            track("id-3", "{\"type\":\"subnet_reserved_ip\",\"id\":\"ip-" + ip.split(":")[0] + "\",\"subnet_id\":\"subnet-i\","
                    + "\"ip_address\":\"10.66.0." + ip.split(":")[1] + "\"}");
        }
        // recorded as the provisioner named it: relative to the zone, which IBM answers in full
        track("id-3", "{\"type\":\"dns_record\",\"id\":\"A:id-3\",\"record_name\":\"id-3-mgmt\",\"record_type\":\"A\","
                + "\"dns_instance_id\":\"inst-i\",\"dns_zone_id\":\"zone-i\"}");

        Reply cleaned = app.post("/api/cleanup/node/id-3");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        for (String[] r : new String[][] {{"bare_metal_server", "bms-3"}, {"virtual_network_interface", "vni-3a"},
                {"virtual_network_interface", "vni-3b"}, {"subnet_reserved_ip", "ip-3a"}, {"subnet_reserved_ip", "ip-3b"},
                {"subnet_reserved_ip", "ip-3c"}, {"dns_record", "A:id-3"}}) {
            assertThat(sim.exists(r[0], r[1])).as(r[1]).isFalse();
        }
        assertThat(sim.stats().count("get_virtual_network_interface", "vni-3b")).as("seen in the server's attachments").isZero();
        assertThat(sim.stats().count("get_subnet_reserved_ip", "ip-3b")).as("a primary IP the server showed").isZero();
        assertThat(sim.stats().count("get_subnet_reserved_ip", "ip-3c")).as("not shown by the server: looked up").isEqualTo(1);
        assertThat(sim.stats().count("get_dns_record", "A:id-3")).isEqualTo(1);
    }

    @Test
    void aDeploymentListsItsZoneAndSubnetsOnceInsteadOfLookingAtEachRecordAndReservation() {
        List<DemoData.Node> nodes = new java.util.ArrayList<>();
        for (int id = 201; id <= 208; id++) {
            nodes.add(DemoData.node(id, "listed-node-" + id, "failed"));
        }
        DemoData.seed(app.jdbc(), sim, "listed-dep", nodes, false);
        // one record whose id was recorded against another name: found out from the zone's listing all the same
        DemoData.Record wrong = nodes.get(3).records().get(1);
        app.jdbc().update("UPDATE dns_records SET record_name = 'somebody-else.example' WHERE record_id = ?", wrong.id());
        sim.stats().reset();

        Reply cleaned = app.post("/api/cleanup/deployment/listed-dep");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(207);
        assertThat(cleaned.body()).contains("'somebody-else.example' was recorded");
        assertThat(sim.exists("dns_record", wrong.id())).as("not deleted").isTrue();
        for (DemoData.Node n : nodes) {
            assertThat(sim.exists("bare_metal_server", n.serverId())).isFalse();
            n.ips().forEach(ip -> assertThat(sim.exists("subnet_reserved_ip", ip.id())).as(ip.id()).isFalse());
            n.records().stream().filter(r -> !r.id().equals(wrong.id()))
                    .forEach(r -> assertThat(sim.exists("dns_record", r.id())).as(r.id()).isFalse());
        }
        assertThat(sim.stats().count("get_dns_record")).as("the zone was listed instead").isZero();
        assertThat(sim.stats().count("get_subnet_reserved_ip")).as("the subnets were listed instead").isZero();
        assertThat(sim.stats().count("list_dns_records")).as("one zone of 32 records").isEqualTo(1);
        assertThat(sim.stats().count("list_subnet_reserved_ips")).as("the management subnet; the workload one has only primary IPs")
                .isBetween(1L, 2L);
    }

    @Test
    void theNodeRunsOfABatchShareTheirListingsToo() {
        List<DemoData.Node> nodes = new java.util.ArrayList<>();
        for (int id = 211; id <= 218; id++) {
            nodes.add(DemoData.node(id, "batched-node-" + id, "failed"));
        }
        DemoData.seed(app.jdbc(), sim, "batched-dep", nodes, false);
        sim.stats().reset();
        String targets = String.join(",", nodes.stream().map(n -> "\"" + n.name() + "\"").toList());

        Reply cleaned = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": [" + targets + "]}");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        nodes.forEach(n -> n.records().forEach(r -> assertThat(sim.exists("dns_record", r.id())).as(r.id()).isFalse()));
        assertThat(sim.stats().count("get_dns_record")).isZero();
        assertThat(sim.stats().count("get_subnet_reserved_ip")).isZero();
        assertThat(sim.stats().count("list_dns_records")).isEqualTo(1);
    }

    @Test
    void rowsThatRecordedNothingToCompareAreDeletedWithoutALook() {
        sim.createReservedIp("subnet-i", "ip-4", "id-4-ip", "10.66.0.40", false);
        sim.createVirtualNetworkInterface("vni-4", "whatever-ibm-named-it", "subnet-i", "ip-4", false);
        register("id-4");
        track("id-4", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-4\"}");

        Reply cleaned = app.post("/api/cleanup/node/id-4");

        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        assertThat(sim.exists("virtual_network_interface", "vni-4")).isFalse();
        assertThat(sim.stats().count("get_virtual_network_interface", "vni-4")).isZero();
    }

    private static void register(String node) {
        Reply r = app.post("/api/nodes", "{\"node_name\":\"" + node + "\",\"deployment_id\":\"identity-dep\",\"deployment_status\":\"failed\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static void track(String node, String json) {
        Reply r = app.post("/api/nodes/" + node + "/resources", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static String state(String table, String idColumn, String id) {
        return (String) app.jdbc().rows("SELECT state FROM " + table + " WHERE " + idColumn + " = ?", id).get(0).get("state");
    }

    private static JsonNode operation(JsonNode answer, String resourceId) {
        JsonNode details = answer.has("partial_results") ? answer.get("partial_results") : answer.get("details");
        for (JsonNode group : details) {
            for (JsonNode op : group.get("operations")) {
                if (resourceId.equals(op.path("resource_id").asText())) {
                    return op;
                }
            }
        }
        throw new AssertionError("no operation on " + resourceId + " in " + answer);
    }

    private static JsonNode check(JsonNode validation, String name) {
        for (JsonNode c : validation.get("validation_results")) {
            if (name.equals(c.get("check").asText())) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + validation);
    }
}
