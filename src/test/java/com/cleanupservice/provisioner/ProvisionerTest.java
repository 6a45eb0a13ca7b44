package com.cleanupservice.provisioner;

import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** A provisioner registers a node, records what it creates, then reports failure: the cleanup starts by itself. */
@SharedSandbox
class ProvisionerTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @Test
    void aFailedProvisioningIsCleanedUpAutomatically() {
        sim.createReservedIp("subnet-a", "ip-p1", "p1-mgmt", "10.9.0.10", false);
        sim.createVirtualNetworkInterface("vni-p1", "p1-vni", "subnet-a", "ip-p1", false);
        sim.createBareMetalServer("bms-p1", "p1", "running", List.of("vni-p1"));
        sim.createDnsRecord("inst-1", "zone-1", "A:p1", "p1.example", "A", "10.9.0.10");

        Reply registered = app.post("/api/nodes", "{\"node_name\":\"p1\",\"deployment_id\":\"prov-dep\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(app.post("/api/nodes", "{\"node_name\":\"p1\",\"deployment_id\":\"prov-dep\"}").status()).as("idempotent").isEqualTo(200);
        assertThat(app.post("/api/nodes", "{\"node_name\":\"p1\",\"deployment_id\":\"other\"}").status()).isEqualTo(409);

        assertThat(track("p1", "{\"type\":\"subnet_reserved_ip\",\"id\":\"ip-p1\",\"subnet_id\":\"subnet-a\",\"ip_address\":\"10.9.0.10\",\"ip_type\":\"management\"}")).isEqualTo(201);
        assertThat(track("p1", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-p1\",\"name\":\"p1-vni\",\"vnic_type\":\"management_vni\"}")).isEqualTo(201);
        assertThat(track("p1", "{\"type\":\"bare_metal_server\",\"id\":\"bms-p1\"}")).isEqualTo(201);
        assertThat(track("p1", "{\"type\":\"dns_record\",\"id\":\"A:p1\",\"record_name\":\"p1.example\",\"dns_instance_id\":\"inst-1\",\"dns_zone_id\":\"zone-1\"}")).isEqualTo(201);
        assertThat(track("p1", "{\"type\":\"bare_metal_server\",\"id\":\"bms-p1\"}")).as("repeat is harmless").isEqualTo(200);
        assertThat(track("p1", "{\"type\":\"bare_metal_server\",\"id\":\"bms-other\"}")).as("a second live server").isEqualTo(409);
        assertThat(track("p1", "{\"type\":\"vpn_gateway\",\"id\":\"x\"}")).as("unknown type").isEqualTo(400);
        assertThat(track("p1", "{\"type\":\"dns_record\",\"id\":\"A:q\"}")).as("no instance/zone anywhere").isEqualTo(400);
        assertThat(track("nobody", "{\"type\":\"bare_metal_server\",\"id\":\"bms-x\"}")).isEqualTo(404);
        assertThat(track("p1", "{\"type\":\"virtual_network_interface\",\"id\":\"$(reboot)\"}")).isEqualTo(400);

        Reply failed = app.post("/api/nodes/p1/failed", "{\"reason\":\"PXE boot timed out\"}");

        assertThat(failed.status()).as(failed.body()).isEqualTo(202);
        String runId = failed.json().get("run_id").asText();
        JsonNode run = awaitFinished(runId);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(run.get("trigger").asText()).isEqualTo("provisioner");
        for (String[] r : new String[][] {{"bare_metal_server", "bms-p1"}, {"virtual_network_interface", "vni-p1"},
                {"subnet_reserved_ip", "ip-p1"}, {"dns_record", "A:p1"}}) {
            assertThat(sim.exists(r[0], r[1])).as(r[1]).isFalse();
        }
        assertThat(app.jdbc().rows("SELECT deployment_status, failure_reason FROM nodes WHERE node_name = 'p1'").get(0))
                .containsEntry("deployment_status", "cleanup_completed").containsEntry("failure_reason", "PXE boot timed out");
        assertThat(app.post("/api/nodes/p1/failed", "{}").status()).as("already cleaned").isEqualTo(409);
        assertThat(app.post("/api/nodes/ghost/failed", "{}").status()).isEqualTo(404);
    }

    @Test
    void aFailureReportedOnADeployedNodeIsRecordedAndDeletesNothingUnlessForced() {
        sim.createReservedIp("subnet-a", "ip-live", "live-mgmt", "10.9.0.20", false);
        sim.createVirtualNetworkInterface("vni-live", "live-vni", "subnet-a", "ip-live", false);
        sim.createBareMetalServer("bms-live", "live", "running", List.of("vni-live"));
        assertThat(app.post("/api/nodes", "{\"node_name\":\"live\",\"deployment_id\":\"prov-dep\",\"deployment_status\":\"deployed\"}")
                .status()).isEqualTo(201);
        assertThat(track("live", "{\"type\":\"bare_metal_server\",\"id\":\"bms-live\"}")).isEqualTo(201);
        assertThat(track("live", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-live\",\"name\":\"live-vni\"}")).isEqualTo(201);
        long calls = sim.stats().total();

        Reply reported = app.post("/api/nodes/live/failed", "{\"reason\":\"day-2 upgrade failed\"}");

        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        JsonNode answer = reported.json();
        assertThat(answer.get("cleanup_started").asBoolean()).isFalse();
        assertThat(answer.get("deployment_status").asText()).isEqualTo("deployed");
        assertThat(answer.get("message").asText()).contains("deployed (live)").contains("force=true");
        assertThat(answer.has("run_id")).isFalse();
        assertThat(app.jdbc().rows("SELECT deployment_status, failure_reason, reported_failure_status FROM nodes WHERE node_name = 'live'").get(0))
                .containsEntry("deployment_status", "deployed").containsEntry("failure_reason", "day-2 upgrade failed")
                .containsEntry("reported_failure_status", "failed");
        assertThat(app.jdbc().rows("SELECT 1 FROM cleanup_runs WHERE target = 'live'")).as("no run").isEmpty();
        assertThat(sim.stats().total()).as("no IBM call").isEqualTo(calls);
        JsonNode status = app.get("/api/cleanup/status?node_name=live").json();
        assertThat(status.at("/reported_failure/status").asText()).isEqualTo("failed");
        assertThat(status.at("/reported_failure/reason").asText()).isEqualTo("day-2 upgrade failed");
        assertThat(app.post("/api/cleanup/node/live").status()).as("still live: a plain cleanup is refused").isEqualTo(409);

        Reply forced = app.post("/api/nodes/live/failed?force=true", "{\"reason\":\"decommission\"}");

        assertThat(forced.status()).as(forced.body()).isEqualTo(202);
        assertThat(forced.json().get("cleanup_started").asBoolean()).isTrue();
        JsonNode run = awaitFinished(forced.json().get("run_id").asText());
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(sim.exists("bare_metal_server", "bms-live")).isFalse();
        assertThat(sim.exists("virtual_network_interface", "vni-live")).isFalse();
    }

    @Test
    void deploymentLevelRecordsAndBadBodies() {
        assertThat(app.post("/api/nodes", "{\"node_name\":\"p2\",\"deployment_id\":\"prov-dep-2\",\"deployment_status\":\"deployed\"}").status()).isEqualTo(201);
        Reply cluster = app.post("/api/deployments/prov-dep-2/resources",
                "{\"type\":\"dns_record\",\"id\":\"A:cluster-2\",\"record_name\":\"c2.example\",\"dns_instance_id\":\"i\",\"dns_zone_id\":\"z\"}");
        assertThat(cluster.status()).as(cluster.body()).isEqualTo(201);
        assertThat(app.jdbc().rows("SELECT node_name, deployment_id FROM dns_records WHERE record_id = 'A:cluster-2'").get(0))
                .containsEntry("node_name", null).containsEntry("deployment_id", "prov-dep-2");
        assertThat(app.post("/api/deployments/nope/resources", "{\"type\":\"dns_record\",\"id\":\"A:n\"}").status()).isEqualTo(404);
        assertThat(app.post("/api/nodes", "not json").status()).isEqualTo(400);
        assertThat(app.post("/api/nodes", "[1,2]").status()).isEqualTo(400);
        assertThat(app.post("/api/nodes", "{\"node_name\":\"p3\"}").status()).isEqualTo(400);
        assertThat(app.post("/api/nodes", "{\"node_name\":\"p3\",\"deployment_id\":\"d\",\"deployment_status\":\"cleanup_completed\"}").status()).isEqualTo(400);
    }

    @Test
    void controlCharactersUnknownKeysAndBadValuesAreRefusedBeforeTheDatabase() {
        assertThat(app.post("/api/nodes", "{\"node_name\":\"p4\",\"deployment_id\":\"prov-dep-4\"}").status()).isEqualTo(201);
        String dns = "{\"type\":\"dns_record\",\"id\":\"A:p4\",\"dns_instance_id\":\"i\",\"dns_zone_id\":\"z\",";

        Reply escape = app.post("/api/nodes/p4/resources", dns + "\"record_name\":\"\\u001b[2Jp4.example\"}");
        assertThat(escape.status()).isEqualTo(400);
        assertThat(escape.json().get("error").asText()).contains("record_name").contains("\\x1b[2J").doesNotContain("\u001b");
        assertThat(track("p4", dns + "\"rdata\":\"10.0.0.1\\u007f\"}")).as("DEL").isEqualTo(400);
        assertThat(track("p4", dns + "\"rdata\":\"10.0.0.1\\u009b\"}")).as("C1 CSI").isEqualTo(400);
        assertThat(track("p4", dns + "\"record_name\":\"a\\u0000b\"}")).as("NUL, once PostgreSQL's error text").isEqualTo(400);
        assertThat(track("p4", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-p4\",\"name\":\"line\\nbreak\"}")).isEqualTo(400);
        assertThat(track("p4", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-p4\",\"subnet_id\":\"s\"}"))
                .as("a reserved IP's field on a VNI").isEqualTo(400);
        assertThat(track("p4", "{\"type\":\"subnet_reserved_ip\",\"id\":\"ip-p4\",\"subnet_id\":\"s\",\"ip_address\":\"999.1.1.1\"}"))
                .as("an address the database would choke on").isEqualTo(400);
        assertThat(track("p4", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-p4\",\"name\":{\"nested\":1}}")).isEqualTo(400);
        assertThat(track("p4", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-p4\",\"name\":\"" + "n".repeat(300) + "\"}"))
                .isEqualTo(400);
        assertThat(app.post("/api/nodes", "{\"node_name\":\"p5\",\"deployment_id\":\"d\",\"deployment_state\":\"failed\"}").status())
                .as("misspelled key").isEqualTo(400);
        assertThat(app.post("/api/nodes/p4/failed", "{\"reason\":\"bad\\u001b[31m\"}").status()).isEqualTo(400);
        assertThat(app.jdbc().rows("SELECT 1 FROM dns_records WHERE record_id = 'A:p4'")).isEmpty();
        assertThat(app.jdbc().rows("SELECT 1 FROM vnic_info WHERE vnic_id = 'vni-p4'")).isEmpty();
        assertThat(track("p4", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-p4\",\"name\":\"p4-vni\",\"vnic_type\":\"management_vni\"}"))
                .as("the same record, clean").isEqualTo(201);
    }

    private static int track(String node, String json) {
        return app.post("/api/nodes/" + node + "/resources", json).status();
    }

    private static JsonNode awaitFinished(String runId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode run = null;
        while (Instant.now().isBefore(deadline)) {
            run = app.get("/api/cleanup/runs/" + runId).json();
            if (List.of("completed", "partial", "failed").contains(run.get("state").asText())) {
                return run;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        throw new AssertionError("run not finished: " + run);
    }
}
