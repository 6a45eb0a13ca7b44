package com.cleanupservice.schedule;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/cleanup/orphaned} through the real service. Sweeps take every orphan in the database, so each test
 * seeds its own nodes and asserts on them (and on what must never be touched); demo nodes 1 and 3 (failed and
 * timeout, two days old) are orphans too, node 2 is deployed. One lane here, so a sweep cleans oldest first.
 */
class OrphanSweepApiTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.orphan-sweep.enabled", "false", "cleanup.orphan-sweep.parallel-nodes", "1"));
        sim = app.simulator();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void clearFaults() {
        sim.faults().clear();
    }

    @Test
    void aCleanupLeftRunningByADeadInstanceIsFinished() {
        DemoData.Node stuck = Orphans.seed(app, 109, "failed", 1);
        app.jdbc().update("""
                UPDATE nodes SET deployment_status = 'cleanup_in_progress', cleanup_owner = 'dead-instance',
                       cleanup_claimed_at = now() - interval '1 hour' WHERE id = 109""");

        Reply reply = app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 24}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(resultIds(reply.json())).contains(109L);
        assertThat(Orphans.status(app, 109)).isEqualTo("cleanup_completed");
        assertThat(sim.exists("bare_metal_server", stuck.serverId())).isFalse();
    }

    @Test
    void cleansExactlyTheFailedNodesOlderThanTheAgeAndNeverLiveOrFreshOnes() {
        List<DemoData.Node> orphans = List.of(
                Orphans.seed(app, 100, "failed", 48),
                Orphans.seed(app, 101, "error", 30),
                Orphans.seed(app, 102, "timeout", 25),
                Orphans.seed(app, 103, "cleanup_failed", 72));
        Map<Integer, String> untouched = Map.of(
                104, Orphans.seed(app, 104, "deployed", 5000).status(),
                105, Orphans.seed(app, 105, "provisioning", 5000).status(),
                106, Orphans.seed(app, 106, "failed", 23).status(),
                107, Orphans.completed(app, 107, 5000).status(),
                108, Orphans.seed(app, 108, "cleanup_in_progress", 5000).status());
        Set<Long> expected = orphanCandidates(24);

        Reply reply = app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 24}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("message").asText()).isEqualTo("Orphaned resource cleanup completed successfully");
        assertThat(body.get("max_age_hours").asInt()).isEqualTo(24);
        assertThat(body.get("timestamp").asText()).isNotBlank();
        assertThat(body.has("error")).isFalse();
        assertThat(expected).contains(100L, 101L, 102L, 103L).doesNotContain(2L, 104L, 105L, 106L, 107L, 108L);
        assertThat(resultIds(body)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(body.get("orphaned_nodes_cleaned").asInt()).isEqualTo(expected.size());
        body.get("results").forEach(r -> {
            assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.at("/result/node_name").asText()).isEqualTo(r.get("node_name").asText());
            assertThat(r.at("/result/node_id").asLong()).isEqualTo(r.get("node_id").asLong());
        });

        for (DemoData.Node n : orphans) {
            assertThat(Orphans.status(app, n.id())).isEqualTo("cleanup_completed");
            assertThat(sim.exists("bare_metal_server", n.serverId())).isFalse();
            assertThat(app.jdbc().rows("SELECT trigger, state FROM cleanup_runs WHERE target = ? AND kind = 'node'", n.name()))
                    .containsExactly(Map.of("trigger", "api", "state", "completed"));
        }
        untouched.forEach((id, status) -> {
            assertThat(Orphans.status(app, id)).isEqualTo(status);
            assertThat(sim.exists("bare_metal_server", DemoData.node(id, "orphan-node-" + id, status).serverId())).isTrue();
        });
        assertThat(Orphans.status(app, 2)).isEqualTo("deployed");
    }

    @Test
    void withoutABodyTheAgeIs24Hours() {
        DemoData.Node old = Orphans.seed(app, 110, "failed", 30);
        DemoData.Node fresh = Orphans.seed(app, 111, "failed", 20);

        Reply reply = app.post("/api/cleanup/orphaned");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("max_age_hours").asInt()).isEqualTo(24);
        assertThat(resultIds(reply.json())).contains(110L).doesNotContain(111L);
        assertThat(Orphans.status(app, old.id())).isEqualTo("cleanup_completed");
        assertThat(Orphans.status(app, fresh.id())).isEqualTo("failed");

        Reply emptyObject = app.post("/api/cleanup/orphaned", "{}");
        assertThat(emptyObject.status()).as(emptyObject.body()).isEqualTo(200);
        assertThat(emptyObject.json().get("max_age_hours").asInt()).isEqualTo(24);
        assertThat(resultIds(emptyObject.json())).doesNotContain(110L, 111L);
    }

    @Test
    void nothingOrphanedIsA200WithNoResults() {
        Orphans.seed(app, 115, "failed", 48);

        // a digit string is a number of hours too, as int() took it
        Reply reply = app.post("/api/cleanup/orphaned", "{\"max_age_hours\": \"8760\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("message").asText()).isEqualTo("Orphaned resource cleanup completed successfully");
        assertThat(body.get("orphaned_nodes_cleaned").asInt()).isZero();
        assertThat(body.get("max_age_hours").asInt()).isEqualTo(8760);
        assertThat(body.get("results").isArray()).isTrue();
        assertThat(body.get("results")).isEmpty();
        assertThat(Orphans.status(app, 115)).isEqualTo("failed");
    }

    @Test
    void badAgesAndBodiesAre400AndSweepNothing() {
        DemoData.Node orphan = Orphans.seed(app, 120, "failed", 5000);
        List<String> bad = List.of("{\"max_age_hours\": 0}", "{\"max_age_hours\": -5}", "{\"max_age_hours\": 8761}",
                "{\"max_age_hours\": 2.5}", "{\"max_age_hours\": 24.0}", "{\"max_age_hours\": \"abc\"}",
                "{\"max_age_hours\": true}", "{\"max_age_hours\": [24]}", "{\"max_age_hours\": 99999999999999999999}",
                "max_age_hours=24", "{\"max_age_hours\": 24", "[24]", "24", "\"24\"", "null");

        for (String body : bad) {
            Reply reply = app.post("/api/cleanup/orphaned", body);
            assertThat(reply.status()).as(body + " -> " + reply.body()).isEqualTo(400);
            assertThat(reply.json().get("status").asInt()).isEqualTo(400);
            assertThat(reply.json().get("error").asText()).as(body).isNotBlank();
        }

        assertThat(Orphans.status(app, orphan.id())).isEqualTo("failed");
        assertThat(app.jdbc().rows("SELECT 1 FROM cleanup_runs WHERE target = ?", orphan.name())).isEmpty();
        assertThat(app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 8761}").json().get("error").asText())
                .isEqualTo("max_age_hours must be a whole number of hours from 1 to 8760, not '8761'");
    }

    @Test
    void aNodeWhoseCleanupPartlyFailsMakesTheSweepA207() {
        DemoData.Node failing = Orphans.seed(app, 130, "failed", 2000);
        DemoData.Node fine = Orphans.seed(app, 131, "timeout", 1990);
        String ahv = failing.ips().get(1).id();
        sim.faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(ahv));

        Reply reply = app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 24}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(207);
        JsonNode body = reply.json();
        assertThat(body.get("message").asText()).isEqualTo("Orphaned resource cleanup completed with errors");
        assertThat(body.get("error").asText()).endsWith("orphaned node cleanup(s) did not succeed");
        assertThat(body.get("partial_results")).isEqualTo(body.get("results"));
        assertThat(body.get("failed_nodes").asInt()).isEqualTo(1);
        Map<Long, JsonNode> results = results(body);
        JsonNode failed = results.get(130L);
        assertThat(failed.get("success").asBoolean()).isFalse();
        assertThat(failed.at("/result/message").asText()).isEqualTo("Cleanup completed with errors for node 130");
        assertThat(failed.at("/result/summary/success_rate").asText()).isEqualTo("92.3%");
        assertThat(results.get(131L).get("success").asBoolean()).isTrue();
        assertThat(Orphans.status(app, failing.id())).isEqualTo("cleanup_failed");
        assertThat(Orphans.status(app, fine.id())).isEqualTo("cleanup_completed");
        assertThat(sim.exists("subnet_reserved_ip", ahv)).isTrue();

        // a cleanup_failed node was just updated: the next sweep leaves it alone until it is old again
        sim.faults().clear();
        Reply again = app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 1}");
        assertThat(resultIds(again.json())).doesNotContain(130L);
    }

    @Test
    void aNodeClaimedByAnotherRunMeanwhileIsA409EntryAndTheSweepGoesOn() throws Exception {
        // the oldest two orphans; one lane, so the sweep cleans 140 (slowed down) before it gets to 141
        DemoData.Node first = Orphans.seed(app, 140, "failed", 8000);
        DemoData.Node second = Orphans.seed(app, 141, "failed", 7999);
        sim.faults().add(FaultRule.latency("get_bare_metal_server", 1500, 0).resourceId(first.serverId()));
        sim.faults().add(FaultRule.latency("get_bare_metal_server", 3000, 0).resourceId(second.serverId()));

        CompletableFuture<Reply> sweep = CompletableFuture.supplyAsync(() -> app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 24}"));
        Orphans.await(Duration.ofSeconds(20), "the sweep claims node 140", () -> "cleanup_in_progress".equals(Orphans.status(app, 140)));
        CompletableFuture<Reply> direct = CompletableFuture.supplyAsync(() -> app.post("/api/cleanup/node/141"));
        Orphans.await(Duration.ofSeconds(20), "the direct cleanup claims node 141", () -> "cleanup_in_progress".equals(Orphans.status(app, 141)));

        Reply reply = sweep.get(60, TimeUnit.SECONDS);
        assertThat(reply.status()).as(reply.body()).isEqualTo(207);
        Map<Long, JsonNode> results = results(reply.json());
        assertThat(results.get(140L).get("success").asBoolean()).isTrue();
        JsonNode refused = results.get(141L);
        assertThat(refused.get("success").asBoolean()).isFalse();
        assertThat(refused.get("status").asInt()).isEqualTo(409);
        assertThat(refused.get("error").asText()).contains("already running");
        assertThat(refused.get("node_name").asText()).isEqualTo(second.name());

        assertThat(direct.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(sim.stats().count("delete_bare_metal_server", second.serverId())).isEqualTo(1);
    }

    @Test
    void theScheduleIsOffWhenDisabled() throws Exception {
        assertThat(app.context().getRouteController().getRouteStatus("orphan-sweep-schedule")).isEqualTo(ServiceStatus.Stopped);
        QuartzComponent quartz = app.context().getComponent("quartz", QuartzComponent.class);
        assertThat(quartz.getScheduler().isStarted()).isFalse();
        assertThat(app.context().getRegistry().lookupByNameAndType("scheduledSweeps", ScheduledSweeps.class).recent()).isEmpty();
    }

    /** Every node that is an orphan for {@code hours} right now, by the definition, read independently of the sweep. */
    private static Set<Long> orphanCandidates(int hours) {
        Set<Long> ids = new HashSet<>();
        for (Map<String, Object> row : app.jdbc().rows(
                "SELECT id, deployment_status, EXTRACT(EPOCH FROM now() - updated_at) / 3600 AS age FROM nodes")) {
            boolean orphanStatus = NodeStatus.in(OrphanSweep.ORPHAN_STATUSES, (String) row.get("deployment_status"));
            if (orphanStatus && ((Number) row.get("age")).doubleValue() > hours) {
                ids.add(((Number) row.get("id")).longValue());
            }
        }
        return ids;
    }

    private static List<Long> resultIds(JsonNode body) {
        List<Long> ids = new java.util.ArrayList<>();
        body.get("results").forEach(r -> ids.add(r.get("node_id").asLong()));
        return ids;
    }

    private static Map<Long, JsonNode> results(JsonNode body) {
        Map<Long, JsonNode> byId = new HashMap<>();
        body.get("results").forEach(r -> byId.put(r.get("node_id").asLong(), r));
        return byId;
    }
}
