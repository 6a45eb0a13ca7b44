package com.cleanupservice.plans;

import com.cleanupservice.api.Api;
import com.cleanupservice.api.schema.DeploymentCleanupReport;
import com.cleanupservice.api.schema.NodeCleanupReport;
import com.cleanupservice.api.schema.Plan;
import com.cleanupservice.api.schema.PlanApplyResult;
import com.cleanupservice.api.schema.SavedPlan;
import com.cleanupservice.batch.BatchOperation;
import com.cleanupservice.cleanup.CleanupEndpoints;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.NodeKey;
import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.config.Settings;
import com.cleanupservice.guard.BlastRadius;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Response;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.runs.RunKind;
import com.cleanupservice.runs.RunQueue;
import com.cleanupservice.runs.store.RunRecords;
import com.cleanupservice.schedule.OrphanSweep;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Saved plans ({@code routes/plans.camel.yaml}): {@code POST /api/plans} computes a target's dry run through the
 * cleanup endpoints themselves and stores its exact resources with the digest of the tracked state they came from;
 * {@code POST /api/plans/{id}/apply} checks, in one transaction that locks the plan, that it is neither applied nor
 * expired and that the target's state still has that digest, records the plan's run, and then runs the cleanups
 * restricted to exactly the plan's resources (an allow-list the load honours), as children of that run.
 */
public final class PlanRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(PlanRoutes.class);
    private static final List<String> TARGETS = List.of("node", "deployment", "targets", "sweep");
    private static final List<String> KEYS = List.of("node", "deployment", "targets", "sweep", "force", "requested_by");
    private static final List<String> NODE_TARGET_KEYS = List.of("node_name", "node_id");
    private static final Pattern REQUESTED_BY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._@:+/-]{0,127}");
    /** How often a plan is computed again when rows changed while it was computed, before the request is refused. */
    private static final int ATTEMPTS = 3;

    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    ObjectMapper json;
    @BeanInject
    ResourceTypes types;
    @BeanInject
    NodeClaims claims;
    @BeanInject
    Settings settings;
    @BeanInject
    RunQueue runQueue;
    @BeanInject
    RunRecords runs;
    @BeanInject
    BlastRadius blastRadius;

    private Plans plans;
    private ProducerTemplate producer;
    private int maxNodes;

    @Override
    public void configure() {
        plans = new Plans(jdbc, json, types, settings.positiveMillis("cleanup.plans.ttl-ms"));
        maxNodes = settings.integer("cleanup.batch.max-targets");
        producer = getContext().createProducerTemplate();
        // an accepted apply is a run of its own, whose cleanups are its children; resumed elsewhere, it applies the
        // same plan again (rows already gone are not loaded again)
        runQueue.register(RunKind.parent(PlanRun.KIND, "plan apply", PlansEndpoints.APPLY_PLAN, PlanApplication.class,
                CleanupRequest.PARENT_RUN));

        from(PlansEndpoints.API_CREATE_PLAN).routeId("api-create-plan").routeConfigurationId("api")
                .process(this::create)
                .process(api::respond)
                .process(e -> e.getIn().setHeader("Location", "/api/plans/" + e.getProperty("cleanupPlanId", String.class)));

        from(PlansEndpoints.API_PLANS).routeId("api-plans").routeConfigurationId("api")
                .process(e -> e.getIn().setBody(plans.page(api.query(e, "limit"), api.query(e, "before"))))
                .process(api::respond);

        from(PlansEndpoints.API_PLAN).routeId("api-plan").routeConfigurationId("api")
                .process(e -> e.getIn().setBody(plans.get(e.getIn().getHeader("id", String.class)).answer()))
                .process(api::respond);

        from(PlansEndpoints.API_APPLY_PLAN).routeId("api-apply-plan").routeConfigurationId("api")
                .process(this::apply)
                .process(api::respond);

        from(PlansEndpoints.APPLY_PLAN).routeId("apply-plan")
                .process(e -> e.getIn().setBody(carryOut(e.getIn().getBody(PlanApplication.class),
                        e.getProperty(CleanupRequest.PARENT_RUN, UUID.class))));
    }

    // ---- saving a plan -----------------------------------------------------------------------------------------

    private void create(Exchange e) {
        Map<String, Object> body = api.jsonObject(e, false, KEYS);
        List<String> given = TARGETS.stream().filter(body::containsKey).toList();
        if (given.size() != 1) {
            throw Refusal.badRequest("A plan names exactly one target: one of " + String.join(", ", TARGETS) + (given.isEmpty() ? "" : ", not " + given));
        }
        boolean force = flag(body, "force");
        String requestedBy = requestedBy(body);
        List<NodeRef> nodes = new ArrayList<>();
        SavedPlan.PlanTarget target = switch (given.get(0)) {
            case "node" -> {
                NodeRef node = claims.resolve(id(body, "node"));
                nodes.add(node);
                yield new SavedPlan.PlanTarget("node", node.name(), null, null, null, force);
            }
            case "deployment" -> {
                String deployment = id(body, "deployment");
                nodes.addAll(claims.nodesOf(deployment));
                if (nodes.isEmpty() && !claims.deploymentExists(deployment)) {
                    throw Refusal.notFound("Deployment not found: " + deployment);
                }
                yield new SavedPlan.PlanTarget("deployment", null, deployment, null, null, force);
            }
            case "targets" -> {
                nodes.addAll(batchNodes(body.get("targets")));
                yield new SavedPlan.PlanTarget("batch", null, null, nodes.stream().map(NodeRef::name).toList(), null, force);
            }
            default -> {
                if (!(body.get("sweep") instanceof Map<?, ?> sweep)) {
                    throw Refusal.badRequest("sweep must be a JSON object: {} or {\"max_age_hours\": N}");
                }
                @SuppressWarnings("unchecked")
                OrphanSweep.Selection selected = OrphanSweep.selectNow(jdbc, (Map<String, Object>) sweep, claims.lease(), maxNodes);
                selected.nodeNames().forEach(name -> nodes.add(claims.resolveName(name)));
                yield new SavedPlan.PlanTarget("sweep", null, null, selected.nodeNames(), selected.maxAgeHours(), force);
            }
        };
        // what a cleanup would refuse, the plan refuses the same way: a live node without force
        List<NodeRef> live = nodes.stream().filter(n -> NodeStatus.in(NodeStatus.LIVE, n.status())).toList();
        if (!live.isEmpty() && !force) {
            throw claims.refusal(live);
        }
        Plans.Stored saved = compute(target, requestedBy);
        LOG.info("Plan {} saved for {} {} by {}: {} resource(s), digest {}", saved.id(), target.kind(), describe(target), requestedBy,
                saved.resources().size(), saved.digest());
        e.setProperty("cleanupPlanId", saved.id());
        e.getIn().setBody(new Response(201, saved.answer()));
    }

    /**
     * The dry run's resources, between two snapshots of the target: stored only when both are the same, so the digest
     * is that of the state the dry run planned from (rows recorded meanwhile make it compute again).
     */
    private Plans.Stored compute(SavedPlan.PlanTarget target, String requestedBy) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Snapshot before = plans.snapshot(target);
            List<Plan.PlannedOperation> planned = dryRun(target);
            Snapshot after = plans.snapshot(target);
            if (!before.digest().equals(after.digest())) {
                continue;
            }
            List<SavedPlan.PlanResource> resources = new ArrayList<>();
            for (Plan.PlannedOperation op : planned) {
                Snapshot.Row row = after.find(op.resource_type(), op.resource_id());
                if (row == null) {
                    throw new IllegalStateException("a dry run planned " + op.resource_type() + " " + op.resource_id()
                            + ", which the target's ledger does not have");
                }
                resources.add(new SavedPlan.PlanResource(row.type(), row.ibm_id(), row.tracked_id(), op.resource_name(), row.node(),
                        row.deployment(), op.ledger_state(), op.blocked(), op.account(), op.region()));
            }
            return plans.insert(target, resources, after, requestedBy);
        }
        throw Refusal.conflict("The target's tracked resources kept changing while the plan was computed (" + ATTEMPTS
                + " times); try again once the provisioner is done", Map.of());
    }

    /** The target's dry run through the cleanup endpoints, as {@code ?dry_run=true} computes it: its operations in order. */
    private List<Plan.PlannedOperation> dryRun(SavedPlan.PlanTarget target) {
        List<Plan.PlannedOperation> planned = new ArrayList<>();
        if ("deployment".equals(target.kind())) {
            Response answer = call(CleanupEndpoints.CLEANUP_DEPLOYMENT, CleanupRequest.of(target.deployment_id(), target.force(), true, "plan"));
            DeploymentCleanupReport report = (DeploymentCleanupReport) answer.body();
            report.nodes().forEach(node -> add(planned, node.plan()));
            add(planned, report.cluster_plan());
        } else {
            for (String name : Plans.nodeNames(target)) {
                Response answer = call(CleanupEndpoints.CLEANUP_NODE, CleanupRequest.ofNodeName(name, target.force(), true, "plan"));
                add(planned, ((NodeCleanupReport) answer.body()).plan());
            }
        }
        return planned;
    }

    private static void add(List<Plan.PlannedOperation> planned, Plan plan) {
        if (plan != null) {
            plan.lanes().forEach(lane -> lane.steps().forEach(step -> planned.addAll(step.operations())));
        }
    }

    /** A batch's node targets, as {@code cleanup_nodes} reads them; an unknown node refuses the plan (404). */
    private List<NodeRef> batchNodes(Object given) {
        if (!(given instanceof List<?> list) || list.isEmpty()) {
            throw Refusal.badRequest("targets must be a non-empty JSON array of node names, ids or {\"node_name\"}/{\"node_id\"} objects");
        }
        if (list.size() > maxNodes) {
            throw Refusal.badRequest("Too many targets: " + list.size() + " (at most " + maxNodes + ", setting cleanup.batch.max-targets)");
        }
        Map<Long, NodeRef> nodes = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item instanceof Map<?, ?> object) {
                Map<String, Object> keyed = new LinkedHashMap<>();
                object.forEach((k, v) -> keyed.put(String.valueOf(k), v));
                Input.requireKnownKeys(keyed, NODE_TARGET_KEYS, "targets[" + i + "]");
            }
            int index = i;
            NodeKey key = BatchOperation.CLEANUP_NODES.target(item)
                    .orElseThrow(() -> Refusal.badRequest("targets[" + index + "] is not a node target: a name, an id, "
                            + "{\"node_name\": ...} or {\"node_id\": ...}"));
            NodeRef node = claims.resolve(key);
            nodes.putIfAbsent(node.id(), node); // targets naming one node plan it once
        }
        return List.copyOf(nodes.values());
    }

    private static String id(Map<String, Object> body, String key) {
        Object value = body.get(key);
        String text = value instanceof String s ? s.trim() : value instanceof Integer || value instanceof Long ? value.toString() : null;
        if (text == null || !Input.ID.matcher(text).matches()) {
            throw Refusal.badRequest(key + " must be " + ("node".equals(key) ? "a node's id or exact name" : "a deployment's exact id")
                    + ": " + Input.ID_RULE);
        }
        return text;
    }

    private static boolean flag(Map<String, Object> body, String key) {
        Object value = body.get(key);
        if (value == null && !body.containsKey(key)) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw Refusal.badRequest(key + " must be true or false");
    }

    /** The body's {@code requested_by}; else who the API knows asks: the API token's holder, or a loopback client. */
    private String requestedBy(Map<String, Object> body) {
        if (body.containsKey("requested_by")) {
            if (body.get("requested_by") instanceof String s && REQUESTED_BY.matcher(s).matches()) {
                return s;
            }
            throw Refusal.badRequest("requested_by must be a name of at most 128 characters: letters, digits, space and . _ @ : + / -");
        }
        // without a token the API answers loopback clients only; with one, whoever holds it
        return settings.optional("cleanup.api.token").isPresent() ? "token" : "loopback";
    }

    private static String describe(SavedPlan.PlanTarget target) {
        return switch (target.kind()) {
            case "node" -> target.node_name();
            case "deployment" -> target.deployment_id();
            default -> Plans.nodeNames(target).size() + " node(s)";
        };
    }

    // ---- applying it -------------------------------------------------------------------------------------------

    /** What the apply's transaction decided: the accepted run's answer, or the run to carry out now. */
    private record Decision(Response accepted, PlanRun run, PlanApplication application) {
    }

    private void apply(Exchange e) {
        String id = plans.resolve(e.getIn().getHeader("id", String.class));
        boolean async = api.flag(e, "async");
        // a plan is used up by its apply: never by one this instance would refuse at once (503, shutting down)
        claims.refuseWhileClosing("plan " + id);
        PlanApplication application = new PlanApplication(id, BlastRadius.confirmCount(api.query(e, "confirm_count")));
        Decision decision = jdbc.inTransaction(tx -> {
            Plans.Stored plan = plans.lock(tx, id).orElseThrow(() -> Refusal.notFound("Plan not found: " + id));
            if (plan.answer().applied_run_id() != null) {
                // a retrying client learns the run carrying out its apply; nothing is deleted twice
                throw Refusal.conflict("Plan " + id + " was applied already (" + plan.answer().applied_at() + ") by run "
                        + plan.answer().applied_run_id() + "; follow it at /api/cleanup/runs/" + plan.answer().applied_run_id(),
                        Map.of("code", "plan_applied", "plan_id", id, "run_id", plan.answer().applied_run_id()));
            }
            if (plan.expired()) {
                throw Refusal.gone("Plan " + id + " expired at " + plan.answer().expires_at() + "; save a new plan",
                        Map.of("code", "plan_expired", "plan_id", id, "expires_at", plan.answer().expires_at()));
            }
            Snapshot now = plans.snapshot(tx, plan.target());
            if (!now.digest().equals(plan.digest())) {
                Snapshot.Changes changes = plan.snapshot().changesTo(now, plans::rowsAnywhere);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("code", "plan_stale");
                details.put("plan_id", id);
                details.put("rows_added", changes.rowsAdded());
                details.put("rows_removed", changes.rowsRemoved());
                details.put("states_changed", changes.statesChanged());
                details.put("ownership_moved", changes.ownershipMoved());
                details.put("nodes_changed", changes.nodesChanged());
                throw Refusal.conflict("Plan " + id + " is stale: the target's tracked state changed since it was saved ("
                        + changes.summary() + "); review a new plan", details);
            }
            List<String> running = now.nodes().stream().filter(n -> NodeStatus.CLEANUP_IN_PROGRESS.value().equals(n.status()))
                    .map(Snapshot.Node::name).toList();
            if (!running.isEmpty()) {
                // its cleanup would be refused: the plan is not used up by it (and is likely stale once that one ends)
                throw Refusal.conflict("A cleanup of " + String.join(", ", running) + " is running; apply plan " + id
                        + " once it ended (or save a new plan)", Map.of("plan_id", id));
            }
            // the blast-radius guard on the plan as a whole, before it is used up: within the limits it needs nothing
            // more, past them exactly its count confirmed; refused, the plan stays open for an apply that confirms it
            blastRadius.check("apply of plan " + id, plan.resources().size(), application.confirm_count(), BlastRadius.BY_QUERY);
            UUID runId = UUID.randomUUID();
            Decision made = async
                    ? new Decision(runQueue.accept(tx, runId, PlanRun.KIND, id, "api", PlansEndpoints.APPLY_PLAN, application,
                            plan.target().force()), null, application)
                    : new Decision(null, new PlanRun(runId, id, claims.owner(), plan.target().force()), application);
            if (made.run() != null) {
                runs.createRunning(tx, made.run(), application);
            }
            plans.markApplied(tx, id, runId);
            return made;
        });
        if (decision.accepted() != null) {
            runQueue.nudge();
            e.getIn().setBody(decision.accepted());
            return;
        }
        e.getIn().setBody(runNow(decision.run(), decision.application()));
    }

    /** A synchronous apply: the plan's run, started here and held until it ends, carried out now. */
    private Response runNow(PlanRun run, PlanApplication application) {
        runs.hold(run);
        try {
            Response answer = carryOut(application, run.runId());
            runs.finish(run, answer.status() == 200 ? "completed" : "partial", answer.status(), answer.body(),
                    answer.status() == 200 ? null : ((PlanApplyResult) answer.body()).message());
            return answer;
        } catch (Refusal refused) {
            runs.finish(run, "failed", refused.status(), Api.errorBody(refused.status(), refused.getMessage(), Map.of()), refused.getMessage());
            throw refused;
        } catch (RuntimeException failed) {
            runs.finish(run, "failed", 500, null, "the plan's apply broke off; see the service log");
            throw failed;
        }
    }

    /**
     * The plan's cleanups as children of its run {@code runId}, each restricted to the plan's resources: a node's or a
     * deployment's answer as its cleanup endpoint gives it, a batch's or sweep's one entry per node.
     */
    private Response carryOut(PlanApplication application, UUID runId) {
        Plans.Stored plan = plans.get(application.plan_id());
        if (runId == null || !runId.toString().equals(plan.answer().applied_run_id())) {
            // only the run its apply recorded carries a plan out
            throw Refusal.conflict("Run " + runId + " is not the apply of plan " + plan.id(), Map.of());
        }
        List<String> only = plan.resources().stream()
                .map(r -> CleanupRequest.allowed(r.resource_type(), r.tracked_id(), r.resource_id())).toList();
        SavedPlan.PlanTarget target = plan.target();
        List<PlanApplyResult.CleanupApplied> results = new ArrayList<>();
        if ("deployment".equals(target.kind())) {
            results.add(cleanup("deployment", target.deployment_id(), CleanupEndpoints.CLEANUP_DEPLOYMENT,
                    request(CleanupRequest.of(target.deployment_id(), target.force(), false, "plan"), runId, only, application)));
        } else {
            for (String name : Plans.nodeNames(target)) {
                results.add(cleanup("node", name, CleanupEndpoints.CLEANUP_NODE,
                        request(CleanupRequest.ofNodeName(name, target.force(), false, "plan"), runId, only, application)));
            }
        }
        long successful = results.stream().filter(PlanApplyResult.CleanupApplied::success).count();
        boolean ok = successful == results.size();
        return new Response(ok ? 200 : 207, new PlanApplyResult(
                (ok ? "Plan " + plan.id() + " applied: " : "Plan " + plan.id() + " applied with errors: ") + successful + " of " + results.size()
                        + " cleanup(s) succeeded", plan.id(), runId.toString(), ok, plan.resources().size(), results, Instant.now().toString()));
    }

    /** One cleanup of the plan; refused (a node claimed by another run meanwhile, say), it does not stop the others. */
    private PlanApplyResult.CleanupApplied cleanup(String kind, String target, String endpoint, CleanupRequest request) {
        Response answer;
        try {
            answer = call(endpoint, request);
        } catch (Refusal refused) {
            answer = new Response(refused.status(), Api.errorBody(refused.status(), refused.getMessage(), refused.details()));
        }
        return new PlanApplyResult.CleanupApplied(kind, target, answer.status() == 200, answer.status(), answer.body());
    }

    /**
     * A cleanup of the plan: a child of its run, restricted to its rows. The plan as a whole passed the blast-radius
     * guard at its apply (with the {@code confirm_count} the apply gave, kept in {@code application}), so its cleanups
     * are not counted again ({@link #call}).
     */
    private static CleanupRequest request(CleanupRequest request, UUID runId, List<String> only, PlanApplication application) {
        return request.withParent(runId).restrictedTo(only).withConfirmCount(application.confirm_count());
    }

    /**
     * One of the cleanup endpoints, synchronously, as a part of the plan the guard counted whole
     * ({@link BlastRadius#COUNTED}); its refusal (or failure) is what the plan's request answers.
     */
    private Response call(String endpoint, CleanupRequest request) {
        Exchange done = producer.request(endpoint + "?synchronous=true", x -> {
            x.getIn().setBody(request);
            x.setProperty(BlastRadius.COUNTED, true);
        });
        Exception failed = done.getException();
        if (failed != null) {
            throw failed instanceof RuntimeException cause ? cause : new CamelExecutionException("cleanup of the plan failed", done, failed);
        }
        return done.getMessage().getBody(Response.class);
    }
}
