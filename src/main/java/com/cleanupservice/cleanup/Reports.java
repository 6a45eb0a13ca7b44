package com.cleanupservice.cleanup;

import com.cleanupservice.api.schema.DeploymentCleanupReport;
import com.cleanupservice.api.schema.NodeCleanupReport;
import com.cleanupservice.api.schema.Plan;
import com.cleanupservice.api.schema.ResourceGroup;
import com.cleanupservice.api.schema.ResourceOperation;
import com.cleanupservice.api.schema.Summary;
import com.cleanupservice.ibm.Accounts;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.report.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's answers to a node or deployment cleanup, built from the pipeline's results: {@code message, node_name, summary{total_operations,
 * successful_operations, success_rate}, details[{resource_type, operations[...]}], timestamp}, extended with
 * {@code run_id, failed_operations, duration_ms} and, on 207, {@code error} and {@code partial_results}; and a dry
 * run's plans. The answers are the {@code api.schema} records the OpenAPI document describes.
 */
public final class Reports {
    /** The seed's order of detail groups; types report under their group, the status update comes last. */
    static final String DATABASE_RECORDS = "database_records";

    private Reports() {
    }

    public static Response node(String requested, CleanupRun run, NodeOutcome outcome) {
        return new Response(outcome.success() ? 200 : 207, nodeReport(requested, run, outcome));
    }

    private static NodeCleanupReport nodeReport(String requested, CleanupRun run, NodeOutcome outcome) {
        boolean ok = outcome.success();
        List<ResourceGroup> details = details(outcome);
        int failed = outcome.totalOperations() - outcome.successfulOperations();
        String error = null;
        if (!ok) {
            boolean onlyStatus = outcome.results().stream().allMatch(OperationResult::success) && !outcome.statusUpdate().success();
            error = outcome.error() != null ? outcome.error()
                    : onlyStatus ? outcome.statusUpdate().message()
                    : failureText(failed, outcome.totalOperations());
        }
        return NodeCleanupReport.cleaned(
                (ok ? "Cleanup completed successfully for node " : "Cleanup completed with errors for node ") + requested,
                outcome.node().name(), outcome.node().id(), run.runId().toString(),
                Summary.of(outcome.totalOperations(), outcome.successfulOperations()), details, failed,
                outcome.statusUpdate().status(), outcome.durationMs(), Instant.now().toString(), error, ok ? null : details);
    }

    /** A deployment's answer: each node's (in the order they were claimed), then its own resources as "cluster". */
    public static Response deployment(DeploymentJob job, Deletions own) {
        List<DeploymentCleanupReport.NodeResult> results = new ArrayList<>();
        int total = 0;
        int successful = 0;
        boolean ok = true;
        for (NodeJob nodeJob : job.nodeJobs()) {
            NodeOutcome o = nodeJob.outcome();
            results.add(DeploymentCleanupReport.NodeResult.node(o.node().name(), o.node().id(), o.success(),
                    nodeReport(o.node().name(), job.run(), o)));
            total += o.totalOperations();
            successful += o.successfulOperations();
            ok &= o.success();
        }
        if (own.size() > 0) {
            boolean clusterOk = !own.failed();
            results.add(DeploymentCleanupReport.NodeResult.cluster(clusterOk, groups(own.results())));
            total += own.size();
            successful += (int) own.results().stream().filter(OperationResult::success).count();
            ok &= clusterOk;
        }
        String id = job.deploymentId();
        return new Response(ok ? 200 : 207, DeploymentCleanupReport.cleaned(
                ok ? "Deployment cleanup completed successfully for " + id : "Deployment cleanup completed with errors for " + id,
                id, job.nodeJobs().size(), job.run().runId().toString(), Summary.of(total, successful), results, total - successful,
                job.elapsedMs(), Instant.now().toString(), ok ? null : failureText(total - successful, total), ok ? null : results));
    }

    /** A node's dry run: its exact ordered plan, nothing deleted. */
    public static Response nodeDryRun(String requested, NodeJob job, Accounts accounts) {
        return new Response(200, nodePlan(requested, job, accounts));
    }

    private static NodeCleanupReport nodePlan(String requested, NodeJob job, Accounts accounts) {
        NodePlan plan = job.plan();
        String warning = NodeStatus.in(NodeStatus.LIVE, job.node().status()) && !job.run().force()
                ? "node is " + job.node().status() + ": a real cleanup will be refused (409) without force=true" : null;
        return NodeCleanupReport.dryRun(
                "Dry run for node " + requested + ": " + plan.size() + " deletion(s) planned, nothing was deleted",
                job.node().name(), job.node().id(), job.node().status(), job.run().runId().toString(), warning, plan(plan, accounts),
                Instant.now().toString());
    }

    /** A deployment's dry run: each node's plan and the deployment's own. */
    public static Response deploymentDryRun(DeploymentJob job, Accounts accounts) {
        List<NodeCleanupReport> nodes = new ArrayList<>();
        int total = 0;
        for (NodeJob n : job.nodeJobs()) {
            nodes.add(nodePlan(n.node().name(), n, accounts));
            total += n.plan().size();
        }
        return new Response(200, DeploymentCleanupReport.dryRun("Dry run for deployment " + job.deploymentId() + ": nothing was deleted",
                job.deploymentId(), job.run().runId().toString(), nodes, plan(job.ownPlan(), accounts), total + job.ownPlan().size(),
                Instant.now().toString()));
    }

    /**
     * A dry run's plan: lanes, their steps in order, each step's planned requests, each with where it goes (a row of no
     * account or region is the configured default's; a global type has no region).
     */
    public static Plan plan(NodePlan plan, Accounts accounts) {
        List<Plan.Lane> lanes = new ArrayList<>();
        for (LaneRun lane : plan.lanes()) {
            List<Plan.Step> steps = new ArrayList<>();
            for (LaneRun.StepRun step : lane.steps()) {
                List<Plan.PlannedOperation> ops = step.resources().stream()
                        .map(r -> new Plan.PlannedOperation(r.type().declaration().operationType(), r.type().name(), r.ibmId(), r.name(), r.state().name(),
                                r.type().declaration().deleteRequest(r),
                                plan.heldBy(r) == null ? null : "also tracked by " + plan.heldBy(r) + "; this cleanup will not delete it",
                                r.account() != null ? r.account() : accounts.defaultAccount().name(),
                                !r.type().rows().regional() ? null : r.region() != null ? r.region() : accounts.defaultRegion()))
                        .toList();
                steps.add(new Plan.Step(steps.size() + 1, ops.size() > 1, ops));
            }
            String types = lane.steps().stream().flatMap(s -> s.resources().stream()).map(r -> r.type().name()).distinct()
                    .reduce((a, b) -> a + " -> " + b).orElse("");
            lanes.add(new Plan.Lane(types, steps));
        }
        return new Plan(plan.size(), lanes);
    }

    private static String failureText(int failed, int total) {
        return failed + " of " + total + " operation(s) failed; see details (and GET /api/cleanup/failures) for each";
    }

    private static List<ResourceGroup> details(NodeOutcome outcome) {
        List<ResourceGroup> details = new ArrayList<>(groups(outcome.results()));
        details.add(new ResourceGroup(DATABASE_RECORDS, List.of(ResourceOperation.step("node_status_update", outcome.statusUpdate().success(),
                outcome.statusUpdate().message(), String.valueOf(outcome.node().id()), outcome.node().name()))));
        return List.copyOf(details);
    }

    /** The operations by report group, groups in the types' report order. */
    private static List<ResourceGroup> groups(List<OperationResult> results) {
        Map<String, List<ResourceOperation>> byGroup = new LinkedHashMap<>();
        results.stream()
                .sorted(Comparator.comparingInt((OperationResult r) -> r.resource().type().declaration().reportOrder())
                        .thenComparing(r -> r.resource().type().declaration().reportGroup()))
                .forEach(r -> byGroup.computeIfAbsent(r.resource().type().declaration().reportGroup(), g -> new ArrayList<>()).add(operation(r)));
        return byGroup.entrySet().stream().map(g -> new ResourceGroup(g.getKey(), List.copyOf(g.getValue()))).toList();
    }

    public static ResourceOperation operation(OperationResult r) {
        return new ResourceOperation(r.resource().type().declaration().operationType(), r.success(), r.message(), r.resource().ibmId(), r.resource().name(),
                r.outcome().name(), r.attempts(), r.durationMs(), r.httpStatus(), r.error(), r.traceId());
    }
}
