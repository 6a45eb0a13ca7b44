package com.cleanupservice.runs;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.cleanupservice.testsupport.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs as a queue. The tests that need no settings of their own and change nothing global take the shared
 * application as a parameter, with nodes of their own (ids 270-274); the sweep (it ages every node), the worker limits
 * and the restart keep applications of their own.
 */
@SharedSandbox
class RunQueueTest {

    @Test
    void anAsyncCleanupAnswers202AndItsRunShowsProgressThenTheSummary(SandboxApp app) {
        DemoData.seed(app.jdbc(), app.simulator(), "rq-async", List.of(DemoData.node(270, "rq-node-270", "failed"),
                DemoData.node(271, "rq-node-271", "deployed"), DemoData.node(272, "rq-node-272", "timeout")), false);
        Reply accepted = app.post("/api/cleanup/node/270?async=true");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String runId = accepted.json().get("run_id").asText();
        assertThat(accepted.header("Location")).isEqualTo("/api/cleanup/runs/" + runId);

        JsonNode run = await(app, runId, r -> r.get("state").asText().equals("completed"));
        assertThat(run.get("http_status").asInt()).isEqualTo(200);
        assertThat(run.at("/progress/done").asInt()).isEqualTo(13);
        assertThat(run.at("/progress/total").asInt()).isEqualTo(13);
        assertThat(run.at("/progress/percent").asInt()).isEqualTo(100);
        assertThat(run.at("/summary/summary/success_rate").asText()).isEqualTo("100.0%");
        assertThat(app.get("/api/cleanup/runs?limit=5").json().at("/runs/0/run_id").asText()).isEqualTo(runId);

        assertThat(app.post("/api/cleanup/node/271?async=true").status()).as("live node refused up front").isEqualTo(409);
        assertThat(app.post("/api/cleanup/deployment/rq-async?async=true").status()).as("live nodes refused up front").isEqualTo(409);
        assertThat(app.post("/api/cleanup/node/999?async=true").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/runs/not-a-uuid").status()).isEqualTo(400);
        assertThat(app.get("/api/cleanup/runs/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    }

    @Test
    void aRunDocumentStoredByAnEarlierReleaseIsShownAsItWasStored(SandboxApp app) throws Exception {
        UUID runId = UUID.randomUUID();
        // as the last release wrote it: a batch's answer, its results cut, then the document's own fields
        String stored = "{\"message\": \"Batch cleanup_nodes completed\", \"operation\": \"cleanup_nodes\", \"total_operations\": 1, "
                + "\"results\": [{\"target\": null, \"success\": false, \"error\": \"Invalid target format\"}], "
                + "\"timestamp\": \"2026-01-01T00:00:00Z\", \"failures\": [{\"target\": null, \"success\": false}], "
                + "\"operations_url\": \"/api/cleanup/runs/" + runId + "/operations\"}";
        app.jdbc().update("""
                INSERT INTO cleanup_runs (run_id, kind, target, trigger, state, http_status, summary, started_at, finished_at)
                VALUES (?, 'batch', 'cleanup_nodes', 'api', 'partial', 207, CAST(? AS JSONB), now(), now())
                """, runId, stored);

        Reply reply = app.get("/api/cleanup/runs/" + runId);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode run = reply.json();
        assertThat(run.get("summary")).isEqualTo(new ObjectMapper().readTree(stored));
        List<String> fields = new ArrayList<>();
        run.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("run_id", "kind", "target", "trigger", "state", "dry_run", "force", "progress", "http_status",
                "error", "owner", "parent_run_id", "created_at", "started_at", "finished_at", "summary", "timestamp");
        assertThat(run.get("error").isNull()).isTrue();
        assertThat(run.at("/progress/percent").asInt()).as("nothing done, not completed").isZero();
        JsonNode listed = app.get("/api/cleanup/runs?kind=batch").json().at("/runs/0");
        assertThat(listed.get("run_id").asText()).isEqualTo(runId.toString());
        assertThat(listed.has("summary")).isFalse();
        assertThat(listed.has("timestamp")).isFalse();
    }

    @Test
    void anAsyncSweepIsTheParentOfItsNodeRunsAndCountsTheirProgress() {
        try (SandboxApp app = SandboxApp.start()) {
            app.jdbc().update("UPDATE nodes SET updated_at = now() - interval '2 days'");

            Reply accepted = app.post("/api/cleanup/orphaned?async=true", "{\"max_age_hours\": 24}");

            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String runId = accepted.json().get("run_id").asText();
            JsonNode run = await(app, runId, r -> r.get("state").asText().equals("completed"));
            assertThat(run.get("kind").asText()).isEqualTo("orphaned");
            assertThat(run.get("children")).hasSize(2); // nodes 1 (failed) and 3 (timeout); never 2 (deployed)
            assertThat(run.at("/progress/done").asInt()).isEqualTo(26);
            assertThat(run.at("/progress/percent").asInt()).isLessThanOrEqualTo(100);
            assertThat(run.at("/summary/orphaned_nodes_cleaned").asInt()).isEqualTo(2);
            assertThat(app.post("/api/cleanup/orphaned?async=true", "{\"max_age_hours\": 0}").status()).as("validated up front").isEqualTo(400);
        }
    }

    @Test
    void anAsyncBatchRunsItsTargetsAsChildren(SandboxApp app) {
        DemoData.seed(app.jdbc(), app.simulator(), "rq-batch", List.of(DemoData.node(273, "rq-node-273", "failed"),
                DemoData.node(274, "rq-node-274", "timeout")), false);
        Reply accepted = app.post("/api/cleanup/batch?async=true",
                "{\"operation\": \"cleanup_nodes\", \"targets\": [\"rq-node-273\", {\"node_name\": \"rq-node-274\"}]}");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode run = await(app, accepted.json().get("run_id").asText(), r -> r.get("state").asText().equals("completed"));
        assertThat(run.get("kind").asText()).isEqualTo("batch");
        assertThat(run.get("children")).hasSize(2);
        assertThat(run.at("/summary/successful_operations").asInt()).isEqualTo(2);
        assertThat(app.post("/api/cleanup/batch?async=true", "{\"operation\": \"explode\", \"targets\": [\"x\"]}").status())
                .as("validated up front").isEqualTo(400);
    }

    @Test
    void theRunsTableIsTheQueueAndAnInstanceTakesNoMoreThanItsWorkers() {
        try (SandboxApp app = SandboxApp.start(Map.of("cleanup.async.workers", "1", "cleanup.simulator.bare-metal-delete-ms", "2500"))) {
            String first = app.post("/api/cleanup/node/1?async=true").json().get("run_id").asText();
            await(app, first, r -> r.get("state").asText().equals("running"));
            String second = app.post("/api/cleanup/node/3?async=true").json().get("run_id").asText();

            // the one worker is busy for as long as node 1's server is deleting: the second run waits in the table
            LockSupport.parkNanos(Duration.ofMillis(1200).toNanos());
            assertThat(app.get("/api/cleanup/runs/" + first).json().get("state").asText()).isEqualTo("running");
            assertThat(app.get("/api/cleanup/runs/" + second).json().get("state").asText()).isEqualTo("accepted");
            assertThat(app.jdbc().rows("SELECT owner FROM cleanup_runs WHERE run_id = CAST(? AS UUID)", second).get(0))
                    .as("nobody holds it yet").containsEntry("owner", null);

            assertThat(await(app, second, r -> r.get("state").asText().equals("completed")).get("http_status").asInt()).isEqualTo(200);
            assertThat(app.get("/api/cleanup/runs/" + first).json().get("state").asText()).isEqualTo("completed");
        }
    }

    @Test
    void aRunAnotherInstanceHeldAndStoppedRenewingIsTakenFromTheTable() {
        try (SandboxApp app = SandboxApp.start(Map.of("cleanup.async.workers", "1"))) {
            String runId = app.post("/api/cleanup/node/1?async=true").json().get("run_id").asText();
            await(app, runId, r -> r.get("state").asText().equals("completed"));
            // as another instance would leave it: claimed (epoch 7), then silent for longer than a lease
            app.jdbc().update("""
                    UPDATE cleanup_runs SET state = 'running', owner = 'elsewhere', epoch = 7, finished_at = NULL,
                           heartbeat_at = now() - interval '1 hour', http_status = NULL, summary = NULL
                     WHERE run_id = CAST(? AS UUID)
                    """, runId);

            JsonNode run = await(app, runId, r -> r.get("state").asText().equals("completed"));

            Map<String, Object> row = app.jdbc().rows("SELECT owner, epoch FROM cleanup_runs WHERE run_id = CAST(? AS UUID)", runId).get(0);
            assertThat(row.get("owner")).isNotEqualTo("elsewhere");
            assertThat(((Number) row.get("epoch")).longValue()).as("taken under a raised epoch").isEqualTo(8);
            assertThat(run.get("http_status").asInt()).isEqualTo(200);
        }
    }

    @Test
    void anAcceptedRunSurvivesARestartAndIsFinishedByTheNextStart() {
        String db = TestDatabase.freshDatabaseUrl();
        Map<String, String> settings = Map.of("cleanup.db.url", db, "cleanup.instance-id", "restart-test",
                "cleanup.simulator.bare-metal-delete-ms", "3000");
        String runId;
        DemoData.Node node = DemoData.nodes().get(2);
        try (SandboxApp first = SandboxApp.start(settings)) {
            runId = first.post("/api/cleanup/node/3?async=true").json().get("run_id").asText();
            // the server is "deleting" for 3 s (the deadline persists); the run is running when this instance stops
            await(first, runId, r -> r.get("state").asText().equals("running"));
        }
        try (SandboxApp second = SandboxApp.start(Map.of("cleanup.db.url", db, "cleanup.instance-id", "restart-test",
                "cleanup.simulator.bare-metal-delete-ms", "200"))) {
            JsonNode run = await(second, runId, r -> List.of("completed", "partial", "failed").contains(r.get("state").asText()));

            assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
            assertThat(second.simulator().exists("bare_metal_server", node.serverId())).isFalse();
            assertThat(second.jdbc().rows("SELECT deployment_status FROM nodes WHERE id = 3").get(0))
                    .containsEntry("deployment_status", "cleanup_completed");
        }
    }

    static JsonNode await(SandboxApp app, String runId, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode run = null;
        while (Instant.now().isBefore(deadline)) {
            run = app.get("/api/cleanup/runs/" + runId).json();
            if (done.test(run)) {
                return run;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        throw new AssertionError("run did not get there in time: " + run);
    }
}
