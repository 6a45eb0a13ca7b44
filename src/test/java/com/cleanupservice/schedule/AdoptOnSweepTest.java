package com.cleanupservice.schedule;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cleanup.discovery.adopt-on-sweep}: when set, an orphan sweep adopts each node's untracked resources before
 * cleaning it, so they are deleted too, and says what it adopted; by default nothing is adopted without a request.
 */
class AdoptOnSweepTest {
    private static final String UNTRACKED_IP = "0717-late-ip-150";
    private SandboxApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private DemoData.Node orphanWithUntrackedIp(boolean adoptOnSweep) {
        Map<String, String> settings = new HashMap<>(Map.of("cleanup.orphan-sweep.enabled", "false"));
        if (adoptOnSweep) {
            settings.put("cleanup.discovery.adopt-on-sweep", "true");
        }
        app = SandboxApp.start(settings);
        DemoData.Node node = Orphans.seed(app, 150, "failed", 48);
        String tracked = node.ips().get(0).address();
        String address = tracked.substring(0, tracked.lastIndexOf('.')) + ".80";
        app.simulator().createReservedIp(DemoData.MANAGEMENT_SUBNET, UNTRACKED_IP, node.name() + "-late-ip", address, false);
        return node;
    }

    @Test
    void whenSetTheSweepAdoptsAndDeletesEachNodesUntrackedResources() {
        DemoData.Node node = orphanWithUntrackedIp(true);

        Reply sweep = app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 24}");

        assertThat(sweep.status()).as(sweep.body()).isEqualTo(200);
        JsonNode body = sweep.json();
        assertThat(body.get("adopt_on_sweep").asBoolean()).isTrue();
        assertThat(body.get("adopted_resources").asInt()).isEqualTo(1);
        assertThat(body.get("orphaned_nodes_cleaned").asInt()).isEqualTo(1);
        JsonNode entry = body.at("/results/0");
        assertThat(entry.get("node_name").asText()).isEqualTo(node.name());
        assertThat(entry.get("success").asBoolean()).as(entry.toString()).isTrue();
        assertThat(entry.at("/adopted/0/id").asText()).isEqualTo(UNTRACKED_IP);
        assertThat(entry.at("/adopted/0/evidence").toString()).contains("named after node " + node.name());
        assertThat(app.simulator().exists("subnet_reserved_ip", UNTRACKED_IP)).isFalse();
        assertThat(Orphans.status(app, node.id())).isEqualTo("cleanup_completed");
        assertThat(app.get("/api/cleanup/validate/" + node.id()).json().get("cleanup_complete").asBoolean()).isTrue();
    }

    @Test
    void byDefaultNothingIsAdopted() {
        DemoData.Node node = orphanWithUntrackedIp(false);

        Reply sweep = app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 24}");

        assertThat(sweep.status()).as(sweep.body()).isEqualTo(200);
        JsonNode body = sweep.json();
        assertThat(body.get("adopt_on_sweep").asBoolean()).isFalse();
        assertThat(body.get("adopted_resources").asInt()).isZero();
        assertThat(body.at("/results/0").has("adopted")).isFalse();
        assertThat(Orphans.status(app, node.id())).isEqualTo("cleanup_completed");
        assertThat(app.simulator().exists("subnet_reserved_ip", UNTRACKED_IP)).isTrue();
        assertThat(app.jdbc().rows("SELECT 1 FROM resource_owners WHERE ibm_id = ?", UNTRACKED_IP)).isEmpty();
        // left for an explicit decision: the drift report still shows it, and validation does not call the node clean
        assertThat(app.get("/api/cleanup/drift/node/" + node.id()).json().at("/untracked/0/id").asText()).isEqualTo(UNTRACKED_IP);
        assertThat(app.get("/api/cleanup/validate/" + node.id()).json().get("cleanup_complete").asBoolean()).isFalse();
    }
}
