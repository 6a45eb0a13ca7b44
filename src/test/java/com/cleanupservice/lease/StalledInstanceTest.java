package com.cleanupservice.lease;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one database and one IBM Cloud. The first stalls (its leases are never renewed, as in a long GC
 * pause or a SIGSTOP) in the middle of an asynchronous cleanup; the second takes the run over. The stalled one stops
 * before its next IBM call and writes nothing more: every resource is deleted once, and the run's record is the
 * second instance's, completed.
 */
class StalledInstanceTest {

    @Test
    void aStalledInstanceStopsAndTheInstanceThatTookOverFinishesWithNoDuplicateDelete() {
        String db = TestDatabase.freshDatabaseUrl();
        try (SandboxApp stalled = SandboxApp.start(Map.of(
                "cleanup.db.url", db,
                "cleanup.lease.ms", "1500",
                // never renews: the stall
                "cleanup.lease.renew-interval-ms", "3600000",
                "cleanup.simulator.bare-metal-delete-ms", "4000"))) {
            IbmCloudSimulator sim = stalled.simulator();
            DemoData.Node node = DemoData.nodes().get(0);

            Reply accepted = stalled.post("/api/cleanup/node/" + node.id() + "?async=true");
            assertThat(accepted.status()).isEqualTo(202);
            String runId = accepted.json().get("run_id").asText();
            Await.until("the server's DELETE was accepted", () -> sim.find("bare_metal_server", node.serverId())
                    .map(s -> "deleting".equals(s.get("status"))).orElse(false));

            Map<String, String> settings = SandboxApp.against(sim, db, null);
            settings.put("cleanup.lease.ms", "1500");
            settings.put("cleanup.lease.renew-interval-ms", "200");
            try (SandboxApp successor = SandboxApp.start(settings)) {

                JsonNode run = successor.awaitRunEnd(runId);

                assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
                // its summary covers the whole run: the DNS records the stalled instance deleted, then the rest
                assertThat(run.at("/summary/summary/total_operations").asInt()).isEqualTo(node.resourceCount() + 1);
                assertThat(run.at("/summary/summary/success_rate").asText()).isEqualTo("100.0%");
                assertThat(run.get("owner").asText()).isEqualTo(successor.context().getRegistry()
                        .lookupByNameAndType("nodeClaims", com.cleanupservice.cleanup.NodeClaims.class).owner());
                assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();
                assertThat(sim.stats().count("delete_bare_metal_server", node.serverId())).as("deleted once").isEqualTo(1);
                for (String vni : List.of(node.mgmtVniId(), node.workloadVniId())) {
                    assertThat(sim.stats().count("delete_virtual_network_interface", vni)).as(vni).isLessThanOrEqualTo(1);
                }
                node.ips().forEach(ip -> assertThat(sim.stats().count("delete_subnet_reserved_ip", ip.id())).as(ip.id()).isLessThanOrEqualTo(1));
                node.records().forEach(r -> assertThat(sim.stats().count("delete_dns_record", r.id())).as(r.id()).isLessThanOrEqualTo(1));
                assertThat(successor.jdbc().rows("SELECT deployment_status FROM nodes WHERE id = ?", node.id()).get(0))
                        .containsEntry("deployment_status", "cleanup_completed");

                // the stalled instance has given up by now; whatever it tried to write after the takeover was refused
                Await.until("the stalled instance gave the run and the node up", () -> stalled.context().getRegistry()
                        .lookupByNameAndType("leases", Leases.class).size() == 0);
                JsonNode after = successor.get("/api/cleanup/runs/" + runId).json();
                assertThat(after.get("state").asText()).isEqualTo("completed");
                assertThat(after.get("owner").asText()).isEqualTo(run.get("owner").asText());
            }
        }
    }


}
