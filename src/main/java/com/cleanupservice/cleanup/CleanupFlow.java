package com.cleanupservice.cleanup;

import com.cleanupservice.api.schema.ApiError;
import com.cleanupservice.api.schema.DeploymentCleanupReport;
import com.cleanupservice.api.schema.NodeCleanupReport;
import com.cleanupservice.guard.BlastRadius;
import com.cleanupservice.guard.ProtectedPlaces;
import com.cleanupservice.ibm.Accounts;
import com.cleanupservice.guard.Verdict;
import com.cleanupservice.lease.Lease;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.ownership.Ownership;
import com.cleanupservice.report.Response;
import com.cleanupservice.runs.store.RunRecords;
import com.cleanupservice.support.Incident;
import com.cleanupservice.support.LogContext;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.support.Refusal;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The decisions of the cleanup routes, one method per route step: open a run (resolve, record, claim), plan, close
 * (node status, response). The routes in {@link CleanupRoutes} say in which order; this class says what each step means.
 */
public final class CleanupFlow {
    public static final String JOB = "cleanupJob";
    /** A dry run's verdict of the blast-radius guard, for its answer. */
    private static final String GUARD_VERDICT = "cleanupGuardVerdict";
    /** A dry run's note that a real run would be refused for its rows in protected places ({@link ProtectedPlaces}). */
    private static final String PROTECTED_PLACES = "cleanupProtectedPlaces";
    /** The exchange property with the request's allow-list ({@link CleanupRequest#only}), which the load honours. */
    static final String ONLY = "cleanupOnly";
    private static final Logger LOG = LoggerFactory.getLogger(CleanupFlow.class);

    private final NodeClaims claims;
    private final RunRecords runs;
    private final Planner planner;
    private final WaitPolicy waitPolicy;
    private final Ownership ownership;
    private final Ledger ledger;
    private final BlastRadius guard;
    private final ProtectedPlaces protectedPlaces;
    /** Where a row of no account or region lives, for a dry run's plan. */
    private final Accounts accounts;

    public CleanupFlow(NodeClaims claims, RunRecords runs, Planner planner, WaitPolicy waitPolicy, Ownership ownership, Ledger ledger,
                       BlastRadius guard, ProtectedPlaces protectedPlaces, Accounts accounts) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.guard = guard;
        this.protectedPlaces = protectedPlaces;
        this.claims = claims;
        this.runs = runs;
        this.planner = planner;
        this.waitPolicy = waitPolicy;
        this.ownership = ownership;
    }

    // ---- node --------------------------------------------------------------------------------------------------

    /**
     * CleanupRequest -> NodeJob: the node resolved, the run recorded, its size past the blast-radius guard, the node
     * claimed (not for a dry run).
     */
    public void openNodeRun(Exchange exchange) {
        CleanupRequest request = exchange.getIn().getBody(CleanupRequest.class);
        claims.refuseWhileClosing("node " + request.target());
        restrict(exchange, request);
        NodeRef node = claims.resolve(request.target(), request.byName());
        CleanupRun run = newRun(request, "node", node.name());
        guard(exchange, request, run, "cleanup of node " + node.name(), () -> guard.ofNode(node.name()));
        refuseProtected(exchange, request, run, "cleanup of node " + node.name(), () -> protectedPlaces.ofNode(node.name()));
        NodeClaims.Claim claimed = new NodeClaims.Claim(node, Lease.unshared("dry run of node " + node.name()));
        if (!request.dryRun()) {
            try {
                claimed = claims.claim(node, run, handover(request));
            } catch (Refusal refused) {
                runs.finish(run, "failed", refused.status(), null, refused.getMessage());
                throw refused;
            }
        }
        Looks shared = exchange.getProperty(Looks.SHARED, Looks.class);
        NodeJob job = new NodeJob(run, claimed.node(), claimed.lease(), shared != null ? shared : new Looks(1), new RunDeletions(1));
        exchange.setProperty(JOB, job);
        exchange.getIn().setBody(job);
    }

    /**
     * List of TrackedResource (from the load route) -> NodePlan, started: its rows DELETING and its operations (the
     * status update too) counted into the run's total, in one transaction.
     */
    public void planNode(Exchange exchange) {
        NodeJob job = exchange.getProperty(JOB, NodeJob.class);
        @SuppressWarnings("unchecked")
        List<TrackedResource> resources = exchange.getIn().getBody(List.class);
        boolean wholeDeployment = "deployment".equals(job.run().kind());
        NodePlan plan = planner.plan(job.run(), job.node(), job.node().deploymentId(), resources,
                ownership.heldByOthers(resources, wholeDeployment, wholeDeployment ? job.run().target() : job.node().name()), job.claim());
        plan.share(job.looks());
        plan.share(job.deletions());
        job = job.withPlan(plan);
        exchange.setProperty(JOB, job);
        if (!job.run().dryRun()) {
            ledger.start(plan, plan.size() + 1);
        }
        exchange.getIn().setBody(plan);
    }

    /** Deletions (the plan's results, as its lanes folded them) -> the node's final status, released claim, and outcome. */
    public void finishNode(Exchange exchange) {
        NodeJob job = exchange.getProperty(JOB, NodeJob.class);
        try (LogContext ignored = logContext(job)) {
            finishNode(exchange, job);
        }
    }

    private static LogContext logContext(NodeJob job) {
        return LogContext.with(LogContext.RUN_ID, job.run().runId().toString(), LogContext.NODE, job.node().name());
    }

    private void finishNode(Exchange exchange, NodeJob job) {
        List<OperationResult> results = Deletions.of(exchange.getIn().getBody()).results();
        if (!job.claim().held()) {
            // another run owns the node now: it does what is left and says so; this one only reports why it stopped
            String why = "This run lost its claim on node " + job.node().name() + " (" + job.claim().whyNotHeld()
                    + "); it stopped and wrote nothing more for the node";
            if (job.claim().stopped()) {
                LOG.info(why); // handed back by this instance as it shuts down: whoever takes the node over goes on
            } else {
                LOG.warn(why);
            }
            claims.giveUp(job.claim());
            ended(exchange, job.withOutcome(new NodeOutcome(job.node(), results, new NodeOutcome.StatusUpdate(false,
                    NodeStatus.CLEANUP_IN_PROGRESS.value(), "Node status not updated: the claim was lost"), why, job.elapsedMs())));
            return;
        }
        // a result the dead letter route could not record (database down) must not read as success
        int missing = job.plan().size() - results.size();
        boolean allGone = missing == 0 && results.stream().allMatch(OperationResult::success);
        boolean transientOnly = results.stream().filter(r -> !r.success()).allMatch(OperationResult::transientFailure);
        String error = missing == 0 ? null : missing + " deletion result(s) could not be recorded; see the service log";
        NodeOutcome.StatusUpdate update = release(job, allGone, transientOnly);
        // a resumed run answers for everything it did, before the resume too
        List<OperationResult> all = new ArrayList<>(ledger.earlierResults(job.run(), job.node(), job.node().deploymentId(), results));
        all.addAll(results);
        ended(exchange, job.withOutcome(new NodeOutcome(job.node(), all, update, error, job.elapsedMs())));
        long failed = results.stream().filter(r -> !r.success()).count();
        LOG.info("Cleanup of node {} ({} run): {} of {} deletion(s) succeeded, status {}{}", job.node().name(), job.run().kind(),
                results.size() - failed, job.plan().size(), update.status(), error == null ? "" : "; " + error);
    }

    /** The node's job as it ended: what the node route answers, and what a deployment's split folds. */
    private static void ended(Exchange exchange, NodeJob job) {
        exchange.setProperty(JOB, job);
        exchange.getIn().setBody(job);
    }

    /** The node route broke off (database error, shutdown): the claim ends as cleanup_failed, nothing is hidden. */
    public void abandonNode(Exchange exchange) {
        NodeJob job = exchange.getProperty(JOB, NodeJob.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (job == null) {
            return;
        }
        if (job.plan() == null) {
            job.deletions().notPlanned(); // a deployment's other nodes no longer wait for its plan
        }
        try (LogContext ignored = logContext(job)) {
            abandonNode(exchange, job, error);
        }
    }

    private void abandonNode(Exchange exchange, NodeJob job, Throwable error) {
        String reason = Incident.report(LOG, "Cleanup of node " + job.node().name() + " (run " + job.run().runId() + ") broke off",
                error).message();
        // what its lanes had recorded when it broke off: the plan's results so far, if it broke off while they ran
        List<OperationResult> results = job.plan() == null ? List.of() : Deletions.of(exchange.getIn().getBody()).results();
        NodeOutcome.StatusUpdate update = job.run().dryRun()
                ? new NodeOutcome.StatusUpdate(true, job.node().status(), "dry run: status unchanged")
                : release(job, false, true); // a broken-off run (database, shutdown) is worth another go
        ended(exchange, job.withOutcome(new NodeOutcome(job.node(), results, update, reason, job.elapsedMs())));
    }

    public void closeNodeRun(Exchange exchange) {
        NodeJob job = exchange.getIn().getBody(NodeJob.class);
        CleanupRequest request = exchange.getProperty("cleanupRequest", CleanupRequest.class);
        String requested = request == null ? job.node().name() : request.target();
        Response response = job.run().dryRun() ? withGuard(exchange, Reports.nodeDryRun(requested, job, accounts))
                : Reports.node(requested, job.run(), job.outcome());
        close(job.run(), response);
        exchange.getIn().setBody(response);
    }

    // ---- deployment --------------------------------------------------------------------------------------------

    /** CleanupRequest -> DeploymentJob: exact id, its size past the blast-radius guard, every node claimed at once (not for a dry run). */
    public void openDeploymentRun(Exchange exchange) {
        CleanupRequest request = exchange.getIn().getBody(CleanupRequest.class);
        claims.refuseWhileClosing("deployment " + request.target());
        restrict(exchange, request);
        String deploymentId = request.target();
        if (deploymentId == null || deploymentId.isBlank() || deploymentId.length() > 255) {
            throw Refusal.badRequest("a deployment id is required (at most 255 characters)");
        }
        List<NodeRef> nodes = claims.nodesOf(deploymentId);
        if (nodes.isEmpty() && !claims.deploymentExists(deploymentId)) {
            throw Refusal.notFound("Deployment not found: " + deploymentId);
        }
        CleanupRun run = newRun(request, "deployment", deploymentId);
        guard(exchange, request, run, "cleanup of deployment " + deploymentId, () -> guard.ofDeployment(deploymentId));
        refuseProtected(exchange, request, run, "cleanup of deployment " + deploymentId, () -> protectedPlaces.ofDeployment(deploymentId));
        List<NodeClaims.Claim> claimed = nodes.stream().map(n -> new NodeClaims.Claim(n, Lease.unshared("dry run of node " + n.name()))).toList();
        if (!request.dryRun()) {
            try {
                claimed = claims.claimDeployment(deploymentId, run, handover(request));
            } catch (Refusal refused) {
                runs.finish(run, "failed", refused.status(), null, refused.getMessage());
                throw refused;
            }
        }
        Looks looks = new Looks(claimed.size()); // the deployment's nodes look in the same subnets and zones
        RunDeletions deletions = new RunDeletions(claimed.size()); // the nodes' and the deployment's own, one run
        List<NodeJob> jobs = claimed.stream().map(c -> new NodeJob(run, c.node(), c.lease(), looks, deletions)).toList();
        DeploymentJob job = new DeploymentJob(run, deploymentId, jobs, runs.leaseOf(run), deletions);
        exchange.setProperty(JOB, job);
        exchange.getIn().setBody(job);
    }

    /** The deployment's own resources (no node): planned like a node's. */
    public void planDeployment(Exchange exchange) {
        DeploymentJob job = exchange.getProperty(JOB, DeploymentJob.class);
        @SuppressWarnings("unchecked")
        List<TrackedResource> resources = exchange.getIn().getBody(List.class);
        // after every node's claim ended: the deployment's own records are guarded by nothing but their ids, and called
        // for under the run's lease, so that a run handed back (shutdown) or taken over stops calling for them too
        NodePlan plan = planner.plan(job.run(), null, job.deploymentId(), resources,
                ownership.heldByOthers(resources, true, job.deploymentId()), job.runLease());
        job.nodeJobs().stream().filter(n -> n.plan() != null).forEach(n -> n.plan().trackIn(plan.sightings())); // the nodes' too
        plan.share(job.deletions());
        exchange.setProperty(JOB, job.withOwnPlan(plan));
        if (!job.run().dryRun()) {
            ledger.start(plan, plan.size());
        }
        exchange.getIn().setBody(plan);
    }

    /** Deletions (the deployment's own results; a dry run: its plan) -> the deployment's answer. */
    public void closeDeploymentRun(Exchange exchange) {
        DeploymentJob job = exchange.getProperty(JOB, DeploymentJob.class);
        Response response = job.run().dryRun() ? withGuard(exchange, Reports.deploymentDryRun(job, accounts))
                : Reports.deployment(job, Deletions.of(exchange.getIn().getBody()));
        close(job.run(), response);
        exchange.getIn().setBody(response);
    }

    // ---- shared ------------------------------------------------------------------------------------------------

    /**
     * The blast-radius guard, before anything is claimed: a run that would delete more than the limits allow is
     * refused (409) unless the request confirmed exactly its planned count, and the refusal is its run's end (failed,
     * the refusal as its summary). A dry run only notes the verdict for its answer. A cleanup a batch or sweep started
     * was counted in the batch's or sweep's sum ({@link BlastRadius#COUNTED}) and is not counted again.
     */
    private void guard(Exchange exchange, CleanupRequest request, CleanupRun run, String what, LongSupplier planned) {
        if (Boolean.TRUE.equals(exchange.getProperty(BlastRadius.COUNTED, Boolean.class))) {
            return;
        }
        long count = planned.getAsLong();
        if (request.dryRun()) {
            exchange.setProperty(GUARD_VERDICT, guard.judge(count, request.confirmCount()));
            return;
        }
        // a run accepted earlier (runId set) may be resumed with part of it done: its confirmed count is a ceiling
        Integer confirmed = request.runId() != null ? BlastRadius.acceptedRun(count, request.confirmCount()) : request.confirmCount();
        try {
            guard.check(what, count, confirmed, BlastRadius.BY_QUERY);
        } catch (Refusal refused) {
            try (LogContext ignored = LogContext.with(LogContext.RUN_ID, run.runId().toString())) {
                LOG.info("Blast-radius guard: {}", refused.getMessage());
            }
            runs.finish(run, "failed", refused.status(), ApiError.of(refused.status(), refused.getMessage(), refused.details()),
                    refused.getMessage());
            throw refused;
        }
    }

    /**
     * A run holding a row in a protected account or region is refused whole (409) before anything is claimed or called,
     * the refusal its run's end; a dry run is not: it plans those rows, and its answer says why a real run would be
     * refused ({@code protected_places}).
     */
    private void refuseProtected(Exchange exchange, CleanupRequest request, CleanupRun run, String what, Supplier<Optional<String>> reason) {
        exchange.removeProperty(PROTECTED_PLACES);
        Optional<String> why = reason.get();
        if (why.isEmpty()) {
            return;
        }
        try (LogContext ignored = LogContext.with(LogContext.RUN_ID, run.runId().toString())) {
            LOG.info("{}{}: {}", what, request.dryRun() ? " (dry run; a real run would be refused)" : " refused", why.get());
        }
        if (request.dryRun()) {
            exchange.setProperty(PROTECTED_PLACES, why.get());
            return;
        }
        try {
            ProtectedPlaces.refuse(what, why);
        } catch (Refusal refused) {
            runs.finish(run, "failed", refused.status(), ApiError.of(refused.status(), refused.getMessage(), refused.details()),
                    refused.getMessage());
            throw refused;
        }
    }

    /** A dry run's answer with the guard's verdict (none when a batch or sweep counted the run in its own). */
    private static Response withGuard(Exchange exchange, Response dryRun) {
        String protectedPlaces = exchange.getProperty(PROTECTED_PLACES, String.class);
        if (protectedPlaces != null) {
            Object body = dryRun.body() instanceof NodeCleanupReport node ? node.withProtectedPlaces(protectedPlaces)
                    : dryRun.body() instanceof DeploymentCleanupReport deployment ? deployment.withProtectedPlaces(protectedPlaces) : dryRun.body();
            dryRun = new Response(dryRun.status(), body);
        }
        Verdict verdict = exchange.getProperty(GUARD_VERDICT, Verdict.class);
        if (verdict == null) {
            return dryRun;
        }
        Object body = dryRun.body() instanceof NodeCleanupReport node ? node.withGuard(verdict.check())
                : dryRun.body() instanceof DeploymentCleanupReport deployment ? deployment.withGuard(verdict.check()) : dryRun.body();
        return new Response(dryRun.status(), body);
    }

    /** The request's allow-list for the load, or none: an exchange that carries several requests carries no stale one. */
    private static void restrict(Exchange exchange, CleanupRequest request) {
        if (request.only() == null) {
            exchange.removeProperty(ONLY);
        } else {
            exchange.setProperty(ONLY, java.util.Set.copyOf(request.only()));
        }
    }

    private CleanupRun newRun(CleanupRequest request, String kind, String target) {
        UUID runId = request.runId() != null ? request.runId() : UUID.randomUUID();
        CleanupRun run = new CleanupRun(runId, kind, target, request.trigger(), claims.owner(), request.dryRun(),
                request.force(), waitPolicy, Instant.now().plus(waitPolicy.runDeadline()),
                request.runEpoch() != null ? request.runEpoch() : 1);
        if (request.runId() == null) {
            runs.create(run, "running", Map.of("target", request.target(), "force", request.force(), "dry_run", request.dryRun()),
                    request.parentRunId());
        } else {
            runs.start(run, claims.owner());
        }
        return run;
    }

    /**
     * Who goes on with the request's nodes should this instance shut down before they are done: the run itself when it
     * was accepted beforehand (another instance resumes it), what started it when that is run again (an accepted batch
     * or sweep resumed elsewhere, an inbox file taken by another instance), otherwise an automatic retry.
     */
    private static NodeClaims.Handover handover(CleanupRequest request) {
        if (request.runId() != null) {
            return NodeClaims.Handover.RUN_RESUMED;
        }
        return request.parentRunId() != null || CleanupRequest.INBOX.equals(request.trigger())
                ? NodeClaims.Handover.RERUN : NodeClaims.Handover.RETRIED;
    }

    private NodeOutcome.StatusUpdate release(NodeJob job, boolean allGone, boolean transientOnly) {
        NodeStatus status = allGone ? NodeStatus.CLEANUP_COMPLETED : NodeStatus.CLEANUP_FAILED;
        String name = job.node().name();
        // the status update is an operation of the run too: counted done in the release's transaction
        return claims.release(job.node(), job.claim(), status, transientOnly, tx -> runs.progress(tx, job.run())).map(released -> released.left() > 0
                ? new NodeOutcome.StatusUpdate(false, released.status().value(), "Node " + name + " status set to " + released.status()
                        + ", not " + NodeStatus.CLEANUP_COMPLETED + ": " + released.left() + " tracked resource(s) were recorded while the cleanup ran "
                        + "and are still there; a follow-up cleanup deletes them within minutes")
                : new NodeOutcome.StatusUpdate(true, released.status().value(), "Node " + name + " status set to " + released.status()
                        + (released.retryIn() == null ? "" : "; its failures pass, so it is cleaned again by itself in "
                        + released.retryIn().toSeconds() + " s")))
                .orElseGet(() -> new NodeOutcome.StatusUpdate(false, NodeStatus.CLEANUP_IN_PROGRESS.value(),
                        "Node " + name + " status not updated: " + job.claim().whyNotHeld() + "; this run stopped and wrote nothing more for it"));
    }

    private void close(CleanupRun run, Response response) {
        String state = response.status() == 200 ? "completed" : "partial";
        runs.finish(run, state, response.status(), response.body(), response.status() == 200 ? null : error(response.body()));
    }

    private static String error(Object answer) {
        return answer instanceof NodeCleanupReport node ? node.error()
                : answer instanceof DeploymentCleanupReport deployment ? deployment.error() : null;
    }
}
