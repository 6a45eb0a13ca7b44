package com.cleanupservice.plans;

import com.cleanupservice.cleanup.CleanupEndpoints;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.report.Response;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saved plans through the real service: a plan saved, applied to exactly its resources (checked in the simulator),
 * refused when stale (a resource recorded afterwards, a state changed, an owner moved), expired or applied already;
 * the allow-list in the load itself; batch and sweep plans; short ids; strict bodies. On the shared application, each
 * test with a deployment and nodes of its own (ids 640-679).
 */
@SharedSandbox
class SavedPlansTest {
    private static final AtomicInteger NEXT_ID = new AtomicInteger(640);
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    /** Nodes of a deployment of the test's own, seeded in the simulator and tracked. */
    private static List<DemoData.Node> seed(String deployment, String... statuses) {
        List<DemoData.Node> nodes = new ArrayList<>();
        for (String status : statuses) {
            int id = NEXT_ID.getAndIncrement();
            assertThat(id).isLessThan(680);
            nodes.add(DemoData.node(id, "sp-node-" + id, status));
        }
        DemoData.seed(app.jdbc(), sim, deployment, nodes, false);
        return nodes;
    }

    private static void simCreate(String json) {
        Reply created = app.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/resources"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static JsonNode plan(String body) {
        Reply reply = app.post("/api/plans", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        JsonNode plan = reply.json();
        assertThat(reply.header("Location")).isEqualTo("/api/plans/" + plan.get("plan_id").asText());
        return plan;
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(entry -> ids.add(entry.get(field).asText()));
        return ids;
    }

    private static long deletes(DemoData.Node node) {
        return sim.stats().count("delete_bare_metal_server", node.serverId()) + sim.stats().count("delete_virtual_network_interface", node.mgmtVniId())
                + sim.stats().count("delete_virtual_network_interface", node.workloadVniId())
                + node.ips().stream().mapToLong(ip -> sim.stats().count("delete_subnet_reserved_ip", ip.id())).sum()
                + node.records().stream().mapToLong(r -> sim.stats().count("delete_dns_record", r.id())).sum();
    }

    private static void assertGone(DemoData.Node node, boolean gone) {
        assertThat(sim.exists("bare_metal_server", node.serverId())).isEqualTo(!gone);
        assertThat(sim.exists("virtual_network_interface", node.workloadVniId())).isEqualTo(!gone);
        node.ips().forEach(ip -> assertThat(sim.exists("subnet_reserved_ip", ip.id())).as(ip.type()).isEqualTo(!gone));
        node.records().forEach(r -> assertThat(sim.exists("dns_record", r.id())).as(r.name()).isEqualTo(!gone));
    }

    @Test
    void aNodesPlanAppliedDeletesExactlyItsResourcesOnceAndASecondApplyNamesTheRun() {
        List<DemoData.Node> nodes = seed("sp-deployment-apply", "failed", "failed");
        DemoData.Node node = nodes.get(0);

        JsonNode plan = plan("{\"node\": \"" + node.name() + "\", \"requested_by\": \"alice@example.com\"}");

        String id = plan.get("plan_id").asText();
        assertThat(id).matches("pl-[a-z2-7]{20}");
        assertThat(plan.get("short_id").asText()).isEqualTo(id.substring(3, 11));
        assertThat(plan.at("/target/kind").asText()).isEqualTo("node");
        assertThat(plan.at("/target/node_name").asText()).isEqualTo(node.name());
        assertThat(plan.get("resource_count").asInt()).isEqualTo(node.resourceCount());
        assertThat(plan.get("resources")).hasSize(node.resourceCount());
        assertThat(plan.get("resources").get(0).get("tracked_id").asLong()).isPositive();
        assertThat(ids(plan.get("resources"), "node_name")).containsOnly(node.name());
        assertThat(ids(plan.get("resources"), "resource_id")).contains(node.serverId(), node.mgmtVniId(), node.workloadVniId());
        assertThat(plan.get("digest").asText()).matches("[0-9a-f]{64}");
        assertThat(plan.get("requested_by").asText()).isEqualTo("alice@example.com");
        assertThat(plan.get("state").asText()).isEqualTo("open");
        assertThat(plan.has("applied_run_id")).isFalse();
        // nothing deleted by saving it
        assertGone(node, false);

        Reply applied = app.post("/api/plans/" + id + "/apply");

        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        JsonNode result = applied.json();
        assertThat(result.get("plan_id").asText()).isEqualTo(id);
        assertThat(result.get("planned_resources").asInt()).isEqualTo(node.resourceCount());
        assertThat(result.at("/results/0/kind").asText()).isEqualTo("node");
        assertThat(result.at("/results/0/target").asText()).isEqualTo(node.name());
        assertThat(result.at("/results/0/result/node_status").asText()).isEqualTo("cleanup_completed");
        assertGone(node, true);
        assertGone(nodes.get(1), false); // the other node of the deployment is untouched
        long deletes = deletes(node);
        assertThat(deletes).isEqualTo(node.resourceCount());
        String runId = result.get("run_id").asText();
        JsonNode stored = app.get("/api/plans/" + id).json();
        assertThat(stored.get("state").asText()).isEqualTo("applied");
        assertThat(stored.get("applied_run_id").asText()).isEqualTo(runId);
        // the plan's run, its cleanup a child of it
        JsonNode run = app.get("/api/cleanup/runs/" + runId).json();
        assertThat(run.get("kind").asText()).isEqualTo("plan");
        assertThat(run.get("state").asText()).isEqualTo("completed");
        assertThat(app.jdbc().rows("SELECT kind FROM cleanup_runs WHERE parent_run_id = CAST(? AS UUID)", runId))
                .extracting(r -> r.get("kind")).containsExactly("node");

        Reply again = app.post("/api/plans/" + id + "/apply");

        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("plan_applied");
        assertThat(again.json().get("run_id").asText()).isEqualTo(runId);
        assertThat(again.json().get("plan_id").asText()).isEqualTo(id);
        assertThat(deletes(node)).as("no second DELETE").isEqualTo(deletes);
    }

    @Test
    void aResourceRecordedAfterThePlanMakesItStaleAndANewPlanDeletesIt() {
        DemoData.Node node = seed("sp-deployment-late", "failed").get(0);
        JsonNode plan = plan("{\"node\": \"" + node.id() + "\"}");
        String late = "r006-sp-late-fip-" + node.id();
        simCreate("{\"kind\":\"floating_ip\",\"id\":\"" + late + "\",\"name\":\"sp-late-fip\",\"address\":\"169.48.10." + (node.id() - 600) + "\"}");
        Reply recorded = app.post("/api/nodes/" + node.name() + "/resources",
                "{\"type\": \"floating_ip\", \"id\": \"" + late + "\", \"name\": \"sp-late-fip\", \"address\": \"169.48.10." + (node.id() - 600) + "\"}");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);

        Reply stale = app.post("/api/plans/" + plan.get("short_id").asText() + "/apply");

        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        JsonNode refusal = stale.json();
        assertThat(refusal.get("code").asText()).isEqualTo("plan_stale");
        assertThat(ids(refusal.get("rows_added"), "resource_id")).containsExactly(late);
        assertThat(refusal.at("/rows_added/0/resource_type").asText()).isEqualTo("floating_ip");
        assertThat(refusal.at("/rows_added/0/node_name").asText()).isEqualTo(node.name());
        assertThat(refusal.get("states_changed")).isEmpty();
        assertGone(node, false);
        assertThat(sim.exists("floating_ip", late)).isTrue();
        assertThat(app.get("/api/plans/" + plan.get("plan_id").asText()).json().get("state").asText()).isEqualTo("open");

        JsonNode fresh = plan("{\"node\": \"" + node.name() + "\"}");
        assertThat(fresh.get("resource_count").asInt()).isEqualTo(node.resourceCount() + 1);
        assertThat(ids(fresh.get("resources"), "resource_id")).contains(late);
        Reply applied = app.post("/api/plans/" + fresh.get("plan_id").asText() + "/apply");
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertGone(node, true);
        assertThat(sim.exists("floating_ip", late)).isFalse();
    }

    @Test
    void aStateChangeAndAnOwnershipMoveMakeAPlanStale() {
        List<DemoData.Node> nodes = seed("sp-deployment-moves", "failed", "failed");
        DemoData.Node node = nodes.get(0);
        String planId = plan("{\"node\": \"" + node.name() + "\"}").get("plan_id").asText();
        app.jdbc().update("UPDATE vnic_info SET state = 'FAILED' WHERE vnic_id = ?", node.workloadVniId());

        Reply stateChanged = app.post("/api/plans/" + planId + "/apply");

        assertThat(stateChanged.status()).as(stateChanged.body()).isEqualTo(409);
        assertThat(stateChanged.json().get("code").asText()).isEqualTo("plan_stale");
        JsonNode change = stateChanged.json().at("/states_changed/0");
        assertThat(change.get("resource_id").asText()).isEqualTo(node.workloadVniId());
        assertThat(change.get("from").asText()).isEqualTo("PRESENT");
        assertThat(change.get("to").asText()).isEqualTo("FAILED");

        // the state back as it was: the digest is the plan's again (it depends on no timestamp)
        app.jdbc().update("UPDATE vnic_info SET state = 'PRESENT' WHERE vnic_id = ?", node.workloadVniId());
        // an IP moved to the other node (the provisioner corrected its record)
        String ip = node.ips().get(4).id();
        app.jdbc().inTransaction(tx -> {
            tx.update("UPDATE resource_owners SET node_name = ? WHERE ibm_id = ?", nodes.get(1).name(), ip);
            return tx.update("UPDATE ip_reservations SET node_name = ? WHERE reservation_id = ?", nodes.get(1).name(), ip);
        });

        Reply moved = app.post("/api/plans/" + planId + "/apply");

        assertThat(moved.status()).as(moved.body()).isEqualTo(409);
        assertThat(moved.json().get("code").asText()).isEqualTo("plan_stale");
        assertThat(moved.json().get("rows_removed")).isEmpty();
        assertThat(moved.json().get("states_changed")).isEmpty();
        JsonNode move = moved.json().at("/ownership_moved/0");
        assertThat(move.get("resource_id").asText()).isEqualTo(ip);
        assertThat(move.get("from").asText()).isEqualTo(node.name());
        assertThat(move.get("to").asText()).isEqualTo(nodes.get(1).name());
        assertGone(node, false);
    }

    @Test
    void anExpiredPlanIsGone() {
        DemoData.Node node = seed("sp-deployment-expired", "failed").get(0);
        String planId = plan("{\"node\": \"" + node.name() + "\"}").get("plan_id").asText();
        app.jdbc().update("UPDATE cleanup_plans SET expires_at = now() - interval '1 minute' WHERE plan_id = ?", planId);

        Reply expired = app.post("/api/plans/" + planId + "/apply");

        assertThat(expired.status()).as(expired.body()).isEqualTo(410);
        assertThat(expired.json().get("code").asText()).isEqualTo("plan_expired");
        assertThat(expired.json().get("expires_at").asText()).isNotBlank();
        assertThat(app.get("/api/plans/" + planId).json().get("state").asText()).isEqualTo("expired");
        assertGone(node, false);
    }

    @Test
    void theLoadHonoursTheAllowListSoARowRecordedAfterTheCheckIsNotDeleted() {
        DemoData.Node node = seed("sp-deployment-allow", "failed").get(0);
        JsonNode plan = plan("{\"node\": \"" + node.name() + "\"}");
        List<String> allowed = new ArrayList<>();
        plan.get("resources").forEach(r -> allowed.add(CleanupRequest.allowed(r.get("resource_type").asText(),
                r.get("tracked_id").asLong(), r.get("resource_id").asText())));
        // recorded after the plan's check: the apply's cleanup, restricted to the plan, must leave it
        String late = "r006-sp-allow-fip-" + node.id();
        simCreate("{\"kind\":\"floating_ip\",\"id\":\"" + late + "\",\"name\":\"sp-allow-fip\",\"address\":\"169.48.11." + (node.id() - 600) + "\"}");
        assertThat(app.post("/api/nodes/" + node.name() + "/resources", "{\"type\": \"floating_ip\", \"id\": \"" + late
                + "\", \"name\": \"sp-allow-fip\", \"address\": \"169.48.11." + (node.id() - 600) + "\"}").status()).isEqualTo(201);

        Response answer = app.context().createProducerTemplate().requestBody(CleanupEndpoints.CLEANUP_NODE,
                CleanupRequest.ofNodeName(node.name(), false, false, "test").restrictedTo(allowed), Response.class);

        assertThat(answer.status()).isEqualTo(207);
        assertGone(node, true);
        assertThat(sim.exists("floating_ip", late)).isTrue();
        assertThat(sim.stats().count("delete_floating_ip", late)).isZero();
        assertThat(app.jdbc().rows("SELECT state FROM tracked_resources WHERE ibm_id = ?", late).get(0)).containsEntry("state", "PRESENT");
        assertThat(app.jdbc().rows("SELECT deployment_status FROM nodes WHERE id = ?", node.id()).get(0))
                .containsEntry("deployment_status", "cleanup_pending");
    }

    @Test
    void aBatchPlanCoversItsTargetsAndAppliesEachNode() {
        List<DemoData.Node> nodes = seed("sp-deployment-batch", "failed", "timeout", "failed");

        JsonNode plan = plan("{\"targets\": [\"" + nodes.get(0).name() + "\", {\"node_id\": " + nodes.get(1).id() + "}, {\"node_name\": \""
                + nodes.get(0).name() + "\"}]}");

        assertThat(plan.at("/target/kind").asText()).isEqualTo("batch");
        assertThat(plan.at("/target/node_names")).hasSize(2);
        assertThat(plan.get("resource_count").asInt()).isEqualTo(nodes.get(0).resourceCount() + nodes.get(1).resourceCount());
        Reply applied = app.post("/api/plans/" + plan.get("plan_id").asText() + "/apply");
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(ids(applied.json().get("results"), "target")).containsExactly(nodes.get(0).name(), nodes.get(1).name());
        assertGone(nodes.get(0), true);
        assertGone(nodes.get(1), true);
        assertGone(nodes.get(2), false);
    }

    @Test
    void aDeploymentPlanAppliedAsynchronouslyIsARunToFollow() {
        List<DemoData.Node> nodes = seed("sp-deployment-whole", "failed", "deployed");
        Reply live = app.post("/api/plans", "{\"deployment\": \"sp-deployment-whole\"}");
        assertThat(live.status()).as(live.body()).isEqualTo(409);
        assertThat(live.json().get("refused_nodes")).hasSize(1);

        JsonNode plan = plan("{\"deployment\": \"sp-deployment-whole\", \"force\": true}");
        assertThat(plan.get("resource_count").asInt()).isEqualTo(nodes.get(0).resourceCount() + nodes.get(1).resourceCount());

        Reply accepted = app.post("/api/plans/" + plan.get("plan_id").asText() + "/apply?async=true");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String runId = accepted.json().get("run_id").asText();
        assertThat(accepted.header("Location")).isEqualTo("/api/cleanup/runs/" + runId);
        JsonNode run = app.awaitRunEnd(runId);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(app.get("/api/plans/" + plan.get("plan_id").asText()).json().get("applied_run_id").asText()).isEqualTo(runId);
        assertGone(nodes.get(0), true);
        assertGone(nodes.get(1), true);
        Reply again = app.post("/api/plans/" + plan.get("plan_id").asText() + "/apply?async=true");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("run_id").asText()).isEqualTo(runId);
    }

    @Test
    void aSweepPlanFixesTheNodesASweepWouldTakeNow() {
        List<DemoData.Node> nodes = seed("sp-deployment-sweep", "failed", "deployed");
        app.jdbc().update("UPDATE nodes SET updated_at = now() - interval '8750 hours' WHERE deployment_id = 'sp-deployment-sweep'");

        JsonNode plan = plan("{\"sweep\": {\"max_age_hours\": 8740}}");

        assertThat(plan.at("/target/kind").asText()).isEqualTo("sweep");
        assertThat(plan.at("/target/max_age_hours").asInt()).isEqualTo(8740);
        // a live node is never an orphan
        assertThat(plan.at("/target/node_names")).hasSize(1);
        assertThat(plan.at("/target/node_names/0").asText()).isEqualTo(nodes.get(0).name());
        Reply applied = app.post("/api/plans/" + plan.get("plan_id").asText() + "/apply");
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertGone(nodes.get(0), true);
        assertGone(nodes.get(1), false);
    }

    @Test
    void plansAreFoundByShortIdAndListedNewestFirst() {
        DemoData.Node node = seed("sp-deployment-lookup", "failed").get(0);
        JsonNode first = plan("{\"node\": \"" + node.name() + "\"}");
        JsonNode second = plan("{\"node\": \"" + node.name() + "\"}");

        assertThat(app.get("/api/plans/" + first.get("short_id").asText()).json().get("plan_id")).isEqualTo(first.get("plan_id"));
        assertThat(app.get("/api/plans/pl-" + second.get("short_id").asText()).json().get("plan_id")).isEqualTo(second.get("plan_id"));
        assertThat(app.get("/api/plans/zzzzzzzz").status()).isEqualTo(404);
        assertThat(app.get("/api/plans/pl-" + "a".repeat(20)).status()).isEqualTo(404);
        assertThat(app.get("/api/plans/NOT-A-PLAN").status()).isEqualTo(400);

        JsonNode page = app.get("/api/plans?limit=1").json();
        assertThat(page.get("plans")).hasSize(1);
        assertThat(page.get("next").asText()).startsWith("/api/plans?limit=1&before=");
        List<String> listed = ids(app.get("/api/plans?limit=500").json().get("plans"), "plan_id");
        assertThat(listed.indexOf(second.get("plan_id").asText())).isLessThan(listed.indexOf(first.get("plan_id").asText()));
        JsonNode next = app.get("/api/plans?limit=1&before=" + second.get("plan_id").asText()).json();
        assertThat(next.at("/plans/0/plan_id").asText()).isNotEqualTo(second.get("plan_id").asText());
    }

    @Test
    void aPlanIsNotUsedUpByAnApplyItsRunningCleanupWouldRefuse() {
        DemoData.Node node = seed("sp-deployment-busy", "failed").get(0);
        app.jdbc().update("UPDATE nodes SET deployment_status = 'cleanup_in_progress' WHERE id = ?", node.id());
        String planId = plan("{\"node\": \"" + node.name() + "\"}").get("plan_id").asText();

        Reply busy = app.post("/api/plans/" + planId + "/apply");

        assertThat(busy.status()).as(busy.body()).isEqualTo(409);
        assertThat(busy.json().get("error").asText()).contains("is running");
        assertThat(app.get("/api/plans/" + planId).json().get("state").asText()).isEqualTo("open");
        assertGone(node, false);
    }

    @Test
    void bodiesAreStrict() {
        DemoData.Node node = seed("sp-deployment-strict", "failed").get(0);
        Reply unknown = app.post("/api/plans", "{\"node\": \"" + node.name() + "\", \"dry_run\": true}");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.json().get("unknown_keys").toString()).contains("dry_run");
        assertThat(app.post("/api/plans", "{\"node\": \"" + node.name() + "\", \"deployment\": \"sp-deployment-strict\"}").status()).isEqualTo(400);
        assertThat(app.post("/api/plans", "{}").status()).isEqualTo(400);
        assertThat(app.post("/api/plans", "{\"node\": \"" + node.name() + "\", \"force\": \"yes\"}").status()).isEqualTo(400);
        assertThat(app.post("/api/plans", "{\"targets\": [{\"node_name\": \"" + node.name() + "\", \"extra\": 1}]}").status()).isEqualTo(400);
        assertThat(app.post("/api/plans", "{\"sweep\": {\"max_age\": 3}}").status()).isEqualTo(400);
        assertThat(app.post("/api/plans", "{\"node\": \"sp-no-such-node\"}").status()).isEqualTo(404);
        assertThat(app.post("/api/plans/pl-" + "b".repeat(20) + "/apply").status()).isEqualTo(404);
        String planId = plan("{\"node\": \"" + node.name() + "\"}").get("plan_id").asText();
        assertThat(app.post("/api/plans/" + planId + "/apply?confirm_count=x").status()).isEqualTo(400);
        assertGone(node, false);
    }
}
