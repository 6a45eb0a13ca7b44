package com.cleanupservice.guard;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.schedule.ScheduleEndpoints;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blast-radius guard end to end, on the demo deployment (37 resources) with {@code cleanup.guard.max-resources=20}:
 * a run over the limit is refused before any IBM call, nothing claimed or marked, and goes through only with its exact
 * count confirmed; a batch is its targets summed, a sweep its whole selection, and a scheduled sweep never goes past
 * it. The last test deletes the demo deployment, so the order is fixed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlastRadiusTest {
    private static final List<String> DELETES = List.of("delete_bare_metal_server", "delete_virtual_network_interface",
            "delete_subnet_reserved_ip", "delete_dns_record", "delete_floating_ip", "delete_security_group");
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.guard.max-resources", "20", "cleanup.guard.max-percent", "0"));
        sim = app.simulator();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    @Order(1)
    void aDryRunSaysThePlannedCountAndThatTheGuardWouldRefuse() {
        Reply dry = app.post("/api/cleanup/deployment/" + DemoData.DEPLOYMENT + "?dry_run=true");

        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json().get("total_operations").asInt()).isEqualTo(37);
        JsonNode guard = dry.json().get("guard");
        assertThat(guard.get("planned_count").asLong()).isEqualTo(37);
        assertThat(guard.get("would_refuse").asBoolean()).isTrue();
        assertThat(guard.get("code").asText()).isEqualTo("guard_exceeded");
        assertThat(guard.get("limit").asText()).isEqualTo("max_resources");
        assertThat(guard.get("max_resources").asInt()).isEqualTo(20);

        // a node's dry run counts what its plan holds, and is within the limit
        Reply node = app.post("/api/cleanup/node/1?dry_run=true");
        assertThat(node.json().at("/guard/planned_count").asLong()).isEqualTo(node.json().at("/plan/total_operations").asLong()).isEqualTo(12);
        assertThat(node.json().at("/guard/would_refuse").asBoolean()).isFalse();
    }

    @Test
    @Order(2)
    void aForcedDeploymentCleanupOverTheLimitIsRefusedBeforeAnyIbmCall() {
        long deletes = deletes();
        Map<String, Object> before = demoState();

        Reply reply = app.post("/api/cleanup/deployment/" + DemoData.DEPLOYMENT + "?force=true");

        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        JsonNode body = reply.json();
        assertThat(body.get("code").asText()).isEqualTo("guard_exceeded");
        assertThat(body.get("planned_count").asLong()).isEqualTo(37);
        assertThat(body.get("limit").asText()).isEqualTo("max_resources");
        assertThat(body.get("max_resources").asInt()).isEqualTo(20);
        assertThat(body.get("error").asText()).contains("37").contains("?confirm_count=37");
        assertThat(body.has("max_percent")).isFalse();
        assertThat(deletes()).as("DELETEs the simulator saw").isEqualTo(deletes);
        assertThat(demoState()).as("nothing claimed, nothing marked DELETING").isEqualTo(before);
        // the refusal is the run's end
        JsonNode run = app.jdbc().query("SELECT state, http_status, summary::text AS summary FROM cleanup_runs WHERE kind = 'deployment'"
                        + " AND target = ? AND dry_run = false ORDER BY created_at DESC LIMIT 1",
                rs -> json(rs.getString("summary")).put("state", rs.getString("state")).put("http", rs.getInt("http_status")),
                DemoData.DEPLOYMENT).get(0);
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.get("http").asInt()).isEqualTo(409);
        assertThat(run.get("code").asText()).isEqualTo("guard_exceeded");
        assertThat(run.get("planned_count").asLong()).isEqualTo(37);
    }

    @Test
    @Order(3)
    void aConfirmedCountThatIsNotThePlannedOneIsRefusedAndNothingRuns() {
        long deletes = deletes();
        Map<String, Object> before = demoState();

        Reply reply = app.post("/api/cleanup/deployment/" + DemoData.DEPLOYMENT + "?force=true&confirm_count=36");

        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.json().get("code").asText()).isEqualTo("confirm_count_mismatch");
        assertThat(reply.json().get("planned_count").asLong()).isEqualTo(37);
        assertThat(reply.json().get("confirm_count").asInt()).isEqualTo(36);
        assertThat(deletes()).isEqualTo(deletes);
        assertThat(demoState()).isEqualTo(before);
        // the mismatch holds within the limit too: the operator's expectation is wrong
        Reply node = app.post("/api/cleanup/node/1?confirm_count=11");
        assertThat(node.status()).as(node.body()).isEqualTo(409);
        assertThat(node.json().get("code").asText()).isEqualTo("confirm_count_mismatch");
        assertThat(deletes()).isEqualTo(deletes);
        assertThat(app.post("/api/cleanup/node/1?confirm_count=eleven").status()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void aBatchIsItsTargetsSummedCountedBeforeTheFirstRuns() {
        DemoData.seed(app.jdbc(), sim, "guard-batch", List.of(DemoData.node(41, "guard-batch-41", "failed"),
                DemoData.node(42, "guard-batch-42", "failed")), false);
        long deletes = deletes();
        String batch = "{\"operation\": \"cleanup_nodes\", \"targets\": [\"guard-batch-41\", \"guard-batch-42\", \"41\"]%s}";

        Reply dry = app.post("/api/cleanup/batch?dry_run=true", batch.formatted(""));
        assertThat(dry.json().at("/guard/planned_count").asLong()).as(dry.body()).isEqualTo(24);
        assertThat(dry.json().at("/guard/would_refuse").asBoolean()).isTrue();

        // each node alone (12) is within the limit; together (24, the third target being the first again) they are not
        Reply refused = app.post("/api/cleanup/batch", batch.formatted(""));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("guard_exceeded");
        assertThat(refused.json().get("planned_count").asLong()).isEqualTo(24);
        assertThat(deletes()).isEqualTo(deletes);
        assertThat(statuses("guard-batch")).containsOnly("failed");

        Reply async = app.post("/api/cleanup/batch?async=true", batch.formatted(""));
        assertThat(async.status()).as("refused at acceptance").isEqualTo(409);
        assertThat(app.post("/api/cleanup/batch?confirm_count=25", batch.formatted(", \"confirm_count\": 24")).status())
                .as("the query and the body disagree").isEqualTo(400);

        Reply confirmed = app.post("/api/cleanup/batch", batch.formatted(", \"confirm_count\": 24"));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(statuses("guard-batch")).containsOnly("cleanup_completed");
        assertThat(deletes() - deletes).isPositive();
    }

    @Test
    @Order(5)
    void anOrphanSweepOverTheLimitDeletesNothingAndAScheduledOneRecordsItsRefusal() {
        DemoData.seed(app.jdbc(), sim, "guard-orphans", List.of(DemoData.node(51, "guard-orphan-51", "failed"),
                DemoData.node(52, "guard-orphan-52", "error")), false);
        app.jdbc().update("UPDATE nodes SET updated_at = now() - interval '48 hours' WHERE deployment_id = 'guard-orphans'");
        long deletes = deletes();

        Reply refused = app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 24}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("guard_exceeded");
        assertThat(refused.json().get("planned_count").asLong()).isEqualTo(24);
        assertThat(app.post("/api/cleanup/orphaned?async=true", "{}").status()).as("refused at acceptance").isEqualTo(409);

        app.context().createProducerTemplate().sendBody(ScheduleEndpoints.SWEEP_ORPHANS_ON_SCHEDULE, null);

        JsonNode run = app.jdbc().query("SELECT run_id, state, http_status, error, summary::text AS summary FROM cleanup_runs"
                        + " WHERE kind = 'orphaned' AND trigger = 'schedule'",
                rs -> json(rs.getString("summary")).put("state", rs.getString("state")).put("http", rs.getInt("http_status"))
                        .put("run_error", rs.getString("error"))).get(0);
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.get("http").asInt()).isEqualTo(409);
        assertThat(run.get("code").asText()).isEqualTo("guard_exceeded");
        assertThat(run.get("planned_count").asLong()).isEqualTo(24);
        assertThat(run.get("max_resources").asInt()).isEqualTo(20);
        assertThat(run.get("run_error").asText()).contains("never goes past the limit");
        assertThat(deletes()).isEqualTo(deletes);
        assertThat(statuses("guard-orphans")).containsExactlyInAnyOrder("failed", "error");

        Reply confirmed = app.post("/api/cleanup/orphaned?confirm_count=24", "{}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().get("orphaned_nodes_cleaned").asInt()).isEqualTo(2);
        assertThat(statuses("guard-orphans")).containsOnly("cleanup_completed");
    }

    @Test
    @Order(6)
    void anAcceptedRunThatGrewPastTheLimitBeforeItStartedEndsRefused() throws Exception {
        DemoData.seed(app.jdbc(), sim, "guard-async", List.of(DemoData.node(61, "guard-async-61", "failed")), false);
        long deletes = deletes();
        // the queue is held, so the run stays accepted while the deployment grows
        app.context().getRouteController().stopRoute("run-queue");
        app.context().getRouteController().stopRoute("poll-runs");
        String runId;
        try {
            Reply accepted = app.post("/api/cleanup/deployment/guard-async?async=true");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            runId = accepted.json().get("run_id").asText();
            DemoData.seed(app.jdbc(), sim, "guard-async", List.of(DemoData.node(62, "guard-async-62", "failed")), false);
        } finally {
            app.context().getRouteController().startRoute("poll-runs");
            app.context().getRouteController().startRoute("run-queue");
        }

        JsonNode run = app.awaitRunEnd(runId);

        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("failed");
        assertThat(run.at("/summary/code").asText()).isEqualTo("guard_exceeded");
        assertThat(run.at("/summary/planned_count").asLong()).isEqualTo(24);
        assertThat(deletes()).isEqualTo(deletes);
        assertThat(statuses("guard-async")).containsOnly("failed");
    }

    @Test
    @Order(7)
    void anAcceptedBatchThatGrewPastTheLimitBeforeItStartedEndsRefusedWithTheCounts() throws Exception {
        DemoData.seed(app.jdbc(), sim, "guard-async-batch", List.of(DemoData.node(63, "guard-async-63", "failed")), false);
        long deletes = deletes();
        app.context().getRouteController().stopRoute("run-queue");
        app.context().getRouteController().stopRoute("poll-runs");
        String runId;
        try {
            Reply accepted = app.post("/api/cleanup/batch?async=true",
                    "{\"operation\": \"cleanup_deployments\", \"targets\": [\"guard-async-batch\"]}");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            runId = accepted.json().get("run_id").asText();
            DemoData.seed(app.jdbc(), sim, "guard-async-batch", List.of(DemoData.node(64, "guard-async-64", "failed")), false);
        } finally {
            app.context().getRouteController().startRoute("poll-runs");
            app.context().getRouteController().startRoute("run-queue");
        }

        JsonNode run = app.awaitRunEnd(runId);

        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("failed");
        assertThat(run.get("http_status").asInt()).isEqualTo(409);
        assertThat(run.at("/summary/code").asText()).isEqualTo("guard_exceeded");
        assertThat(run.at("/summary/planned_count").asLong()).isEqualTo(24);
        assertThat(run.at("/summary/max_resources").asInt()).isEqualTo(20);
        assertThat(deletes()).isEqualTo(deletes);
        assertThat(statuses("guard-async-batch")).containsOnly("failed");
    }

    @Test
    @Order(8)
    void theExactCountConfirmedLetsTheRunGoPastTheLimit() {
        long deletes = deletes();

        Reply reply = app.post("/api/cleanup/deployment/" + DemoData.DEPLOYMENT + "?force=true&confirm_count=37");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().at("/summary/total_operations").asInt()).isEqualTo(37 + 3);
        assertThat(deletes() - deletes).isGreaterThanOrEqualTo(30);
        DemoData.nodes().forEach(n -> assertThat(sim.exists("bare_metal_server", n.serverId())).isFalse());
        assertThat(statuses(DemoData.DEPLOYMENT)).containsOnly("cleanup_completed");
    }

    @Test
    @Order(9)
    void aSavedPlanIsGuardedWholeAtItsApplyAndStaysOpenUntilItsCountIsConfirmed() {
        List<DemoData.Node> nodes = List.of(DemoData.node(901, "guard-plan-node-901", "failed"),
                DemoData.node(902, "guard-plan-node-902", "failed"));
        DemoData.seed(app.jdbc(), sim, "guard-plan", nodes, false);
        Reply saved = app.post("/api/plans", "{\"deployment\": \"guard-plan\"}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        int planned = saved.json().get("resource_count").asInt();
        assertThat(planned).isEqualTo(nodes.size() * 12).isGreaterThan(20);
        String apply = "/api/plans/" + saved.json().get("plan_id").asText() + "/apply";
        long deletes = deletes();

        Reply refused = app.post(apply);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("guard_exceeded");
        assertThat(refused.json().get("planned_count").asInt()).isEqualTo(planned);
        Reply mismatch = app.post(apply + "?confirm_count=" + (planned - 1));
        assertThat(mismatch.json().get("code").asText()).as(mismatch.body()).isEqualTo("confirm_count_mismatch");
        assertThat(deletes()).as("no IBM call").isEqualTo(deletes);
        assertThat(app.get("/api/plans/" + saved.json().get("plan_id").asText()).json().path("applied_run_id").asText(""))
                .as("the plan is not used up by a refused apply").isEmpty();

        Reply applied = app.post(apply + "?confirm_count=" + planned);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        nodes.forEach(n -> assertThat(sim.exists("bare_metal_server", n.serverId())).isFalse());
        assertThat(statuses("guard-plan")).containsOnly("cleanup_completed");
    }

    @Test
    @Order(10)
    void anAcceptedRunConfirmedPastTheLimitGoesOnWhenPartOfItIsDoneBeforeItStarts() throws Exception {
        List<DemoData.Node> nodes = List.of(DemoData.node(911, "guard-resumed-911", "failed"),
                DemoData.node(912, "guard-resumed-912", "failed"));
        DemoData.seed(app.jdbc(), sim, "guard-resumed", nodes, false);
        int planned = nodes.size() * 12;
        // the queue is held, so the run stays accepted while part of it is done elsewhere (as a run resumed after its
        // instance died finds it: only what is left is planned)
        app.context().getRouteController().stopRoute("run-queue");
        app.context().getRouteController().stopRoute("poll-runs");
        String runId;
        try {
            Reply accepted = app.post("/api/cleanup/deployment/guard-resumed?async=true&confirm_count=" + planned);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            runId = accepted.json().get("run_id").asText();
            app.jdbc().update("UPDATE dns_records SET state = 'GONE' WHERE node_name = ?", nodes.get(0).name());
        } finally {
            app.context().getRouteController().startRoute("poll-runs");
            app.context().getRouteController().startRoute("run-queue");
        }

        JsonNode run = app.awaitRunEnd(runId);

        assertThat(run.get("state").asText()).as("the confirmed count is a ceiling for a run accepted earlier: " + run).isEqualTo("completed");
        nodes.forEach(n -> assertThat(sim.exists("bare_metal_server", n.serverId())).isFalse());
    }

    private static long deletes() {
        return DELETES.stream().mapToLong(op -> sim.stats().count(op)).sum();
    }

    /** Every demo node's status and claim, and every state of its tracked rows. */
    private static Map<String, Object> demoState() {
        Map<String, Object> state = new java.util.TreeMap<>();
        app.jdbc().rows("SELECT node_name, deployment_status, cleanup_run_id, bare_metal_state FROM nodes WHERE deployment_id = ?",
                DemoData.DEPLOYMENT).forEach(r -> state.put("node " + r.get("node_name"), r.toString()));
        app.jdbc().rows("SELECT record_id, state FROM dns_records WHERE deployment_id = ? ORDER BY record_id", DemoData.DEPLOYMENT)
                .forEach(r -> state.put("dns " + r.get("record_id"), r.get("state")));
        app.jdbc().rows("SELECT reservation_id, state FROM ip_reservations WHERE node_name LIKE 'nutanix-poc-bm-node-%' ORDER BY reservation_id")
                .forEach(r -> state.put("ip " + r.get("reservation_id"), r.get("state")));
        app.jdbc().rows("SELECT vnic_id, state FROM vnic_info WHERE node_name LIKE 'nutanix-poc-bm-node-%' ORDER BY vnic_id")
                .forEach(r -> state.put("vni " + r.get("vnic_id"), r.get("state")));
        assertThat(state).hasSize(37);
        return state;
    }

    private static List<Object> statuses(String deployment) {
        return app.jdbc().rows("SELECT deployment_status FROM nodes WHERE deployment_id = ?", deployment).stream()
                .map(r -> r.get("deployment_status")).toList();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode json(String text) {
        try {
            return (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
