package com.cleanupservice.cleanup;

import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Completed" means nothing is left: a resource recorded on a node after its cleanup ran, or while it ran, makes the
 * node due again, and a follow-up deletes it without anyone asking.
 */
class LateResourceTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;
    private static String instance;
    private static String zone;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of(
                "cleanup.followup.enabled", "true",
                "cleanup.followup.interval-ms", "200",
                // long enough to see the node pending before the follow-up takes it
                "cleanup.followup.settle-ms", "2000",
                "cleanup.simulator.bare-metal-delete-ms", "1500"));
        sim = app.simulator();
        Map<String, Object> dns = app.jdbc().rows("SELECT dns_instance_id, dns_zone_id FROM dns_records LIMIT 1").get(0);
        instance = (String) dns.get("dns_instance_id");
        zone = (String) dns.get("dns_zone_id");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aResourceRecordedOnACompletedNodeIsDeletedWithoutAnyoneAsking() {
        assertThat(app.post("/api/cleanup/node/1").status()).isEqualTo(200);
        assertThat(status("nutanix-poc-bm-node-01").get("current_status").asText()).isEqualTo("cleanup_completed");
        sim.createDnsRecord(instance, zone, "A:late-01", "late-01.example", "A", "10.1.1.99");
        sim.createReservedIp("subnet-late", "ip-late-01", "late-01", "10.1.1.99", false);

        assertThat(record("nutanix-poc-bm-node-01", "{\"type\":\"dns_record\",\"id\":\"A:late-01\",\"record_name\":\"late-01.example\","
                + "\"dns_instance_id\":\"" + instance + "\",\"dns_zone_id\":\"" + zone + "\"}")).isEqualTo(201);
        assertThat(record("nutanix-poc-bm-node-01", "{\"type\":\"subnet_reserved_ip\",\"id\":\"ip-late-01\",\"subnet_id\":\"subnet-late\"}"))
                .isEqualTo(201);

        JsonNode pending = status("nutanix-poc-bm-node-01");
        assertThat(pending.get("current_status").asText()).isEqualTo("cleanup_pending");
        assertThat(pending.get("cleanup_needed").asBoolean()).isTrue();
        assertThat(pending.get("cleanup_completed").asBoolean()).isFalse();
        assertThat(pending.get("resources_left").asInt()).isEqualTo(2);
        assertThat(app.get("/api/cleanup/status").json().get("cleanup_needed").asInt()).isGreaterThanOrEqualTo(1);

        Await.until("the follow-up deleted both", () -> !sim.exists("dns_record", "A:late-01") && !sim.exists("subnet_reserved_ip", "ip-late-01"));
        Await.until("the node is clean again", () -> "cleanup_completed".equals(status("nutanix-poc-bm-node-01").get("current_status").asText()));
        JsonNode clean = status("nutanix-poc-bm-node-01");
        assertThat(clean.get("cleanup_needed").asBoolean()).isFalse();
        assertThat(clean.get("cleanup_completed").asBoolean()).isTrue();
        assertThat(app.jdbc().rows("SELECT trigger FROM cleanup_runs WHERE target = 'nutanix-poc-bm-node-01' ORDER BY created_at"))
                .extracting(r -> r.get("trigger")).containsExactly("api", "follow_up");
    }

    @Test
    void aResourceRecordedWhileTheCleanupRunsKeepsTheNodeFromCompleting() {
        String server = (String) app.jdbc().rows("SELECT bare_metal_id FROM nodes WHERE id = 3").get(0).get("bare_metal_id");
        Reply accepted = app.post("/api/cleanup/node/3?async=true");
        assertThat(accepted.status()).isEqualTo(202);
        Await.until("the cleanup loaded its rows and is deleting the server",
                () -> sim.find("bare_metal_server", server).map(s -> "deleting".equals(s.get("status"))).orElse(false));

        sim.createDnsRecord(instance, zone, "A:late-03", "late-03.example", "A", "10.1.3.99");
        assertThat(record("nutanix-poc-bm-node-03", "{\"type\":\"dns_record\",\"id\":\"A:late-03\",\"record_name\":\"late-03.example\","
                + "\"dns_instance_id\":\"" + instance + "\",\"dns_zone_id\":\"" + zone + "\"}")).isEqualTo(201);

        JsonNode run = app.awaitRunEnd(accepted.json().get("run_id").asText());
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("partial");
        assertThat(run.at("/summary/node_status").asText()).isEqualTo("cleanup_pending");
        assertThat(run.at("/summary/error").asText()).contains("recorded while the cleanup ran");

        Await.until("the follow-up deleted the late record", () -> !sim.exists("dns_record", "A:late-03"));
        Await.until("the node is clean", () -> "cleanup_completed".equals(status("nutanix-poc-bm-node-03").get("current_status").asText()));
    }

    private static int record(String node, String json) {
        return app.post("/api/nodes/" + node + "/resources", json).status();
    }

    private static JsonNode status(String node) {
        return app.get("/api/cleanup/status?node_name=" + node).json();
    }


}
