package com.cleanupservice.schedule;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sweep larger than its chunk and than what a run document lists: it takes every node due, a chunk at a time, keeps
 * its document to the first nodes and the failures, and serves every operation of its node runs paged.
 */
class OrphanSweepChunkTest {
    private static final int BULK = 110;
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.orphan-sweep.enabled", "false", "cleanup.orphan-sweep.chunk-size", "7",
                "cleanup.orphan-sweep.parallel-nodes", "4"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aSweepTakesEveryNodeDueInChunksKeepsItsDocumentSmallAndPagesItsOperations() {
        app.jdbc().update("INSERT INTO deployments (deployment_id, name) VALUES ('bulk', 'bulk')");
        // nodes without resources, aged two days, one second apart (so the order is known)
        app.jdbc().update("""
                INSERT INTO nodes (id, node_name, deployment_id, deployment_status, updated_at)
                SELECT 1000 + i, 'bulk-node-' || i, 'bulk', 'failed', now() - interval '48 hours' - make_interval(secs => i)
                  FROM generate_series(1, ?) AS i""", BULK);
        DemoData.Node failing = Orphans.seed(app, 200, "failed", 100);
        app.simulator().faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(failing.ips().get(0).id()));
        int due = ((Number) app.jdbc().rows("""
                SELECT COUNT(*) AS n FROM nodes WHERE deployment_status IN ('failed', 'error', 'timeout', 'cleanup_failed')
                   AND updated_at < now() - interval '24 hours'""").get(0).get("n")).intValue();
        assertThat(due).isEqualTo(BULK + 1); // the demo nodes were just updated

        Reply accepted = app.post("/api/cleanup/orphaned?async=true", "{\"max_age_hours\": 24}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String runId = accepted.json().get("run_id").asText();
        app.awaitRunEnd(runId);
        Reply run = app.get("/api/cleanup/runs/" + runId);

        JsonNode summary = run.json().get("summary");
        assertThat(run.json().get("state").asText()).isEqualTo("partial");
        assertThat(summary.get("orphaned_nodes_cleaned").asInt()).isEqualTo(due);
        assertThat(summary.get("failed_nodes").asInt()).isEqualTo(1);
        assertThat(summary.get("chunks").asInt()).isEqualTo((due + 6) / 7);
        assertThat(summary.get("results")).hasSize(100);
        assertThat(summary.get("results_omitted").asInt()).isEqualTo(due - 100);
        assertThat(summary.at("/results/0/node_id").asLong()).isEqualTo(200); // the oldest first
        assertThat(summary.get("failures")).hasSize(1);
        JsonNode failure = summary.at("/failures/0");
        assertThat(failure.get("node_id").asLong()).isEqualTo(200);
        assertThat(failure.at("/result/details").isMissingNode()).isTrue();
        JsonNode failedOps = failure.at("/result/partial_results/0/operations");
        assertThat(failedOps).hasSize(1);
        assertThat(failedOps.get(0).get("resource_id").asText()).isEqualTo(failing.ips().get(0).id());
        assertThat(summary.get("operations_url").asText()).isEqualTo("/api/cleanup/runs/" + runId + "/operations");
        // the answer lists 100 nodes without their operations, not 113 with them
        assertThat(run.body().length()).isLessThan(150_000);
        assertThat(app.jdbc().rows("SELECT 1 FROM nodes WHERE deployment_id = 'bulk' AND deployment_status <> 'cleanup_completed'")).isEmpty();

        // every operation of the sweep's node runs, 5 at a time, each once and in order
        List<Long> ids = new ArrayList<>();
        String next = summary.get("operations_url").asText() + "?limit=5";
        int pages = 0;
        while (next != null) {
            Reply page = app.get(next);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("operations").forEach(op -> ids.add(op.get("id").asLong()));
            next = page.json().get("next").isNull() ? null : page.json().get("next").asText();
            pages++;
        }
        long recorded = ((Number) app.jdbc().rows("""
                SELECT COUNT(*) AS n FROM cleanup_operations o JOIN cleanup_runs r ON r.run_id = o.run_id
                 WHERE r.parent_run_id = CAST(? AS UUID)""", runId).get(0).get("n")).longValue();
        assertThat(recorded).isGreaterThan(5);
        assertThat(ids).hasSize((int) recorded).doesNotHaveDuplicates().isSorted();
        assertThat(pages).isEqualTo((int) (recorded / 5) + 1);

        JsonNode failed = app.get(summary.get("operations_url").asText() + "?outcome=failed").json();
        assertThat(failed.get("count").asInt()).isEqualTo(1);
        assertThat(failed.at("/operations/0/resource_id").asText()).isEqualTo(failing.ips().get(0).id());
        assertThat(failed.at("/operations/0/node_name").asText()).isEqualTo(failing.name());
        assertThat(failed.get("next").isNull()).isTrue();
    }

    @Test
    void aBadPageRequestIsA400AndAnUnknownRunA404() {
        String unknown = "/api/cleanup/runs/00000000-0000-0000-0000-000000000000/operations";
        assertThat(app.get(unknown).status()).isEqualTo(404);
        for (String query : List.of("?limit=0", "?limit=1001", "?limit=ten", "?after=-1", "?outcome=gone", "?page=2")) {
            Reply reply = app.get(unknown + query);
            assertThat(reply.status()).as(query + " " + reply.body()).isEqualTo(400);
            assertThat(reply.json().has("error")).isTrue();
        }
    }
}
