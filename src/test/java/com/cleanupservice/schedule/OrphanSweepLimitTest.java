package com.cleanupservice.schedule;

import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cleanup.orphan-sweep.max-nodes}: a sweep takes at most that many nodes, the oldest first. */
class OrphanSweepLimitTest {
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.orphan-sweep.enabled", "false", "cleanup.orphan-sweep.max-nodes", "1"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aSweepTakesAtMostMaxNodesOldestFirstAndTheNextOneTakesTheNext() {
        Orphans.seed(app, 150, "failed", 100);
        Orphans.seed(app, 151, "error", 80);

        JsonNode first = sweep();
        assertThat(first.get("orphaned_nodes_cleaned").asInt()).isEqualTo(1);
        assertThat(first.at("/results/0/node_id").asLong()).isEqualTo(150);
        assertThat(first.get("max_nodes").asInt()).isEqualTo(1);
        assertThat(first.get("limit_reached").asBoolean()).isTrue();
        assertThat(Orphans.status(app, 150)).isEqualTo("cleanup_completed");
        assertThat(Orphans.status(app, 151)).isEqualTo("error");
        // demo nodes 1 and 3 are orphans too (two days old), younger than both
        assertThat(Orphans.status(app, 1)).isEqualTo("failed");

        JsonNode second = sweep();
        assertThat(second.at("/results/0/node_id").asLong()).isEqualTo(151);
        assertThat(Orphans.status(app, 151)).isEqualTo("cleanup_completed");
        assertThat(Orphans.status(app, 3)).isEqualTo("timeout");
    }

    private static JsonNode sweep() {
        Reply reply = app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 24}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("results")).hasSize(1);
        return reply.json();
    }
}
