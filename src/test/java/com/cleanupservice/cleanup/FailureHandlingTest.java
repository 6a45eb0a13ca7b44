package com.cleanupservice.cleanup;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the pipeline does when IBM misbehaves: redelivery, 404 as success, dead letters, blocked resources, resuming. */
@SharedSandbox
class FailureHandlingTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @AfterEach
    void clearFaults() {
        sim.faults().clear();
    }

    @Test
    void transientFailuresAreAbsorbedByRedelivery() {
        DemoData.Node node = seed(10);
        String ptr = node.records().get(3).id();
        String ahv = node.ips().get(1).id();
        sim.faults().add(FaultRule.status("get_bare_metal_server", 500).resourceId(node.serverId()).times(1));
        sim.faults().add(FaultRule.status("delete_virtual_network_interface", 409).resourceId(node.workloadVniId()).times(2));
        sim.faults().add(FaultRule.status("delete_dns_record", 503).resourceId(ptr).times(2));
        sim.faults().add(FaultRule.status("delete_subnet_reserved_ip", 429).retryAfter(1).resourceId(ahv).times(1));
        sim.faults().add(FaultRule.reset("delete_subnet_reserved_ip").resourceId(node.ips().get(2).id()).times(1));

        Reply reply = app.post("/api/cleanup/node/" + node.name());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Map<String, JsonNode> ops = operations(reply.json());
        assertThat(ops.values()).allSatisfy(op -> assertThat(op.get("success").asBoolean()).isTrue());
        assertThat(ops.get(node.workloadVniId()).get("attempts").asInt()).isEqualTo(3);
        // attempts are IBM calls: the record's and the reservation's look before their deletes (identity), then the deletes;
        // the workload VNI was seen in its server's look, so it has no look of its own
        assertThat(ops.get(ptr).get("attempts").asInt()).isEqualTo(1 + 3);
        assertThat(ops.get(ahv).get("attempts").asInt()).isEqualTo(1 + 2);
        // Retry-After: 1 was honoured before the second attempt
        assertThat(ops.get(ahv).get("duration_ms").asLong()).isGreaterThanOrEqualTo(950);
        assertThat(sim.stats().count("delete_subnet_reserved_ip", node.ips().get(2).id())).isGreaterThanOrEqualTo(2);
        assertThat(app.jdbc().rows("SELECT 1 FROM dead_letters WHERE node_name = ?", node.name())).isEmpty();
    }

    @Test
    void aPermanentErrorEndsInTheDeadLetterTableAndA207AndARerunFinishesTheRest() {
        DemoData.Node node = seed(11);
        String ahv = node.ips().get(1).id();
        sim.faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(ahv));

        Reply first = app.post("/api/cleanup/node/" + node.name());

        assertThat(first.status()).as(first.body()).isEqualTo(207);
        JsonNode body = first.json();
        assertThat(body.get("message").asText()).isEqualTo("Cleanup completed with errors for node " + node.name());
        assertThat(body.get("error").asText()).startsWith("1 of 13 operation(s) failed");
        assertThat(body.get("partial_results").isArray()).isTrue();
        assertThat(body.at("/summary/success_rate").asText()).isEqualTo("92.3%");
        JsonNode failed = operations(body).get(ahv);
        assertThat(failed.get("success").asBoolean()).isFalse();
        assertThat(failed.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(failed.get("http_status").asInt()).isEqualTo(403);
        assertThat(failed.get("attempts").asInt()).as("403 is not retried: its look, then one delete").isEqualTo(1 + 1);
        assertThat(sim.stats().count("delete_subnet_reserved_ip", ahv)).isEqualTo(1);
        Map<String, Object> letter = app.jdbc().rows(
                "SELECT resource_type, ibm_id, last_http_status, attempts, trace_id, status, error FROM dead_letters WHERE node_name = ?",
                node.name()).get(0);
        assertThat(letter).containsEntry("resource_type", "subnet_reserved_ip").containsEntry("ibm_id", ahv)
                .containsEntry("last_http_status", 403).containsEntry("attempts", 2).containsEntry("status", "open");
        assertThat(letter.get("trace_id")).isNotNull();
        assertThat(state("ip_reservations", "reservation_id", ahv)).isEqualTo("FAILED");
        assertThat(nodeStatus(node)).isEqualTo("cleanup_failed");

        sim.faults().clear();
        Map<String, Long> deletesBefore = deleteCounts(node);
        Reply second = app.post("/api/cleanup/node/" + node.name());

        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(operations(second.json()).keySet()).containsExactlyInAnyOrder(ahv, String.valueOf(node.id()));
        Map<String, Long> deletesAfter = deleteCounts(node);
        deletesAfter.put(ahv, deletesAfter.get(ahv) - 1);
        assertThat(deletesAfter).as("GONE resources are not touched again").isEqualTo(deletesBefore);
        assertThat(sim.exists("subnet_reserved_ip", ahv)).isFalse();
        assertThat(app.jdbc().rows("SELECT status FROM dead_letters WHERE node_name = ?", node.name()).get(0)).containsEntry("status", "resolved");
        assertThat(nodeStatus(node)).isEqualTo("cleanup_completed");
    }

    @Test
    void alreadyDeletedResourcesCountAsSuccess() {
        DemoData.Node node = seed(12);
        DemoData.Ip cvm = node.ips().get(2);
        new com.cleanupservice.resources.SubnetReservedIpType.SubnetReservedIps(ibm().vpc()).deleteSubnetReservedIp(cvm.subnetId(), cvm.id());

        Reply reply = app.post("/api/cleanup/node/" + node.name());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode op = operations(reply.json()).get(cvm.id());
        assertThat(op.get("outcome").asText()).isEqualTo("ALREADY_GONE");
        assertThat(op.get("success").asBoolean()).isTrue();
        assertThat(op.get("http_status").asInt()).isEqualTo(404);
        assertThat(state("ip_reservations", "reservation_id", cvm.id())).isEqualTo("GONE");
    }

    @Test
    void aServerIbmCannotDeleteIsBlockedAndWhatDependsOnItFailsFastWhileTheRestGoes() {
        DemoData.Node node = seed(13);
        sim.setBareMetalServerStatus(node.serverId(), "pending");

        Reply reply = app.post("/api/cleanup/node/" + node.name());

        assertThat(reply.status()).as(reply.body()).isEqualTo(207);
        Map<String, JsonNode> ops = operations(reply.json());
        assertThat(ops.get(node.serverId()).get("outcome").asText()).isEqualTo("BLOCKED");
        assertThat(ops.get(node.serverId()).get("message").asText()).contains("pending");
        assertThat(sim.stats().count("delete_bare_metal_server", node.serverId())).isZero();
        // still attached: IBM says 409, and with the server staying there is no point in retrying
        assertThat(ops.get(node.mgmtVniId()).get("outcome").asText()).isEqualTo("BLOCKED");
        assertThat(sim.stats().count("delete_virtual_network_interface", node.mgmtVniId())).isEqualTo(1);
        // unbound reserved IPs and all DNS records are independent and go
        assertThat(ops.get(node.ips().get(1).id()).get("outcome").asText()).isEqualTo("DELETED");
        assertThat(ops.get(node.ips().get(4).id()).get("outcome").asText()).isEqualTo("DELETED");
        node.records().forEach(r -> assertThat(ops.get(r.id()).get("outcome").asText()).isEqualTo("DELETED"));
        assertThat(app.jdbc().rows("SELECT outcome FROM dead_letters WHERE node_name = ? AND resource_type = 'bare_metal_server'", node.name()))
                .extracting(r -> r.get("outcome")).containsExactly("BLOCKED");
    }

    @Test
    void aServerWhoseDeleteFailsOnIbmsSideIsDeletedAgain() {
        DemoData.Node node = seed(14);
        sim.faults().add(FaultRule.deleteFails().resourceId(node.serverId()).times(1));

        Reply reply = app.post("/api/cleanup/node/" + node.name());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(sim.stats().count("delete_bare_metal_server", node.serverId())).isEqualTo(2);
        assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();
    }

    private static DemoData.Node seed(int id) {
        DemoData.Node node = DemoData.node(id, "fh-node-" + id, "failed");
        DemoData.seed(app.jdbc(), sim, "fh-deployment-" + id, List.of(node), false);
        return node;
    }

    private static IbmClients ibm() {
        return app.context().getRegistry().lookupByNameAndType("ibmClients", IbmClients.class);
    }

    /** resource_id -> operation, across all detail groups. */
    static Map<String, JsonNode> operations(JsonNode body) {
        Map<String, JsonNode> ops = new HashMap<>();
        body.get("details").forEach(g -> g.get("operations").forEach(op -> ops.put(op.get("resource_id").asText(), op)));
        return ops;
    }

    private static Map<String, Long> deleteCounts(DemoData.Node node) {
        Map<String, Long> counts = new HashMap<>();
        counts.put(node.serverId(), sim.stats().count("delete_bare_metal_server", node.serverId()));
        counts.put(node.mgmtVniId(), sim.stats().count("delete_virtual_network_interface", node.mgmtVniId()));
        counts.put(node.workloadVniId(), sim.stats().count("delete_virtual_network_interface", node.workloadVniId()));
        node.ips().forEach(ip -> counts.put(ip.id(), sim.stats().count("delete_subnet_reserved_ip", ip.id())));
        node.records().forEach(r -> counts.put(r.id(), sim.stats().count("delete_dns_record", r.id())));
        return counts;
    }

    private static String state(String table, String idColumn, String id) {
        // table and column names are constants of this test, never input
        return (String) app.jdbc().rows("SELECT state FROM " + table + " WHERE " + idColumn + " = ?", id).get(0).get("state");
    }

    private static String nodeStatus(DemoData.Node node) {
        return (String) app.jdbc().rows("SELECT deployment_status FROM nodes WHERE node_name = ?", node.name()).get(0).get("deployment_status");
    }
}
