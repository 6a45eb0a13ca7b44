package com.cleanupservice.cleanup;

import com.cleanupservice.report.Operation;
import com.cleanupservice.report.Plan;
import com.cleanupservice.report.Response;
import com.cleanupservice.report.Summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's answers to a node or deployment cleanup, built from the pipeline's results: {@code message, node_name, summary{total_operations,
 * successful_operations, success_rate}, details[{resource_type, operations[...]}], timestamp}, extended with
 * {@code run_id, failed_operations, duration_ms} and, on 207, {@code error} and {@code partial_results}.
 */
public final class Reports {
    /** The seed's order of detail groups; types report under their group, the status update comes last. */
    static final String DATABASE_RECORDS = "database_records";

    private Reports() {
    }

    public static Response node(String requested, CleanupRun run, NodeOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean ok = outcome.success();
        body.put("message", (ok ? "Cleanup completed successfully for node " : "Cleanup completed with errors for node ") + requested);
        body.put("node_name", outcome.node().name());
        body.put("node_id", outcome.node().id());
        body.put("run_id", run.runId().toString());
        body.put("summary", Summary.of(outcome.totalOperations(), outcome.successfulOperations()));
        List<Operation.Group> details = details(outcome);
        body.put("details", details);
        body.put("failed_operations", outcome.totalOperations() - outcome.successfulOperations());
        body.put("node_status", outcome.statusUpdate().status());
        body.put("duration_ms", outcome.durationMs());
        body.put("timestamp", Instant.now().toString());
        if (!ok) {
            boolean onlyStatus = outcome.results().stream().allMatch(OperationResult::success) && !outcome.statusUpdate().success();
            body.put("error", outcome.error() != null ? outcome.error()
                    : onlyStatus ? outcome.statusUpdate().message()
                    : failureText(outcome.totalOperations() - outcome.successfulOperations(), outcome.totalOperations()));
            body.put("partial_results", details);
        }
        return new Response(ok ? 200 : 207, body);
    }

    public static Response deployment(DeploymentJob job) {
        List<Map<String, Object>> results = new ArrayList<>();
        int total = 0;
        int successful = 0;
        boolean ok = true;
        for (NodeJob nodeJob : job.nodeJobs()) {
            NodeOutcome o = nodeJob.outcome();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("node_name", o.node().name());
            entry.put("node_id", o.node().id());
            entry.put("success", o.success());
            entry.put("result", node(o.node().name(), job.run(), o).body());
            results.add(entry);
            total += o.totalOperations();
            successful += o.successfulOperations();
            ok &= o.success();
        }
        List<OperationResult> own = job.ownPlan() == null ? List.of() : job.ownPlan().results();
        if (!own.isEmpty()) {
            boolean clusterOk = own.stream().allMatch(OperationResult::success);
            Map<String, Object> cluster = new LinkedHashMap<>();
            cluster.put("resource_type", "cluster");
            cluster.put("success", clusterOk);
            cluster.put("result", Map.of("details", groups(own)));
            results.add(cluster);
            total += own.size();
            successful += (int) own.stream().filter(OperationResult::success).count();
            ok &= clusterOk;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String id = job.deploymentId();
        body.put("message", ok ? "Deployment cleanup completed successfully for " + id : "Deployment cleanup completed with errors for " + id);
        body.put("deployment_id", id);
        body.put("nodes_cleaned", job.nodeJobs().size());
        body.put("run_id", job.run().runId().toString());
        body.put("summary", Summary.of(total, successful));
        body.put("results", results);
        body.put("failed_operations", total - successful);
        body.put("duration_ms", job.elapsedMs());
        body.put("timestamp", Instant.now().toString());
        if (!ok) {
            body.put("error", failureText(total - successful, total));
            body.put("partial_results", results);
        }
        return new Response(ok ? 200 : 207, body);
    }

    /** A dry run's answer: the exact ordered plan, nothing deleted. */
    public static Plan plan(NodePlan plan) {
        List<Plan.Lane> lanes = new ArrayList<>();
        for (LaneRun lane : plan.lanes()) {
            List<Plan.Step> steps = new ArrayList<>();
            for (LaneRun.StepRun step : lane.steps()) {
                List<Plan.Planned> ops = step.resources().stream()
                        .map(r -> new Plan.Planned(r.type().declaration().operationType(), r.type().name(), r.ibmId(), r.name(), r.state().name(),
                                r.type().declaration().deleteRequest(r),
                                plan.heldBy(r) == null ? null : "also tracked by " + plan.heldBy(r) + "; this cleanup will not delete it"))
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

    private static List<Operation.Group> details(NodeOutcome outcome) {
        List<Operation.Group> details = new ArrayList<>(groups(outcome.results()));
        details.add(new Operation.Group(DATABASE_RECORDS, List.of(Operation.step("node_status_update", outcome.statusUpdate().success(),
                outcome.statusUpdate().message(), String.valueOf(outcome.node().id()), outcome.node().name()))));
        return details;
    }

    /** The operations by report group, groups in the types' report order. */
    private static List<Operation.Group> groups(List<OperationResult> results) {
        Map<String, List<Operation>> byGroup = new LinkedHashMap<>();
        results.stream()
                .sorted(Comparator.comparingInt((OperationResult r) -> r.resource().type().declaration().reportOrder())
                        .thenComparing(r -> r.resource().type().declaration().reportGroup()))
                .forEach(r -> byGroup.computeIfAbsent(r.resource().type().declaration().reportGroup(), g -> new ArrayList<>()).add(operation(r)));
        return byGroup.entrySet().stream().map(g -> new Operation.Group(g.getKey(), g.getValue())).toList();
    }

    public static Operation operation(OperationResult r) {
        return new Operation(r.resource().type().declaration().operationType(), r.success(), r.message(), r.resource().ibmId(), r.resource().name(),
                r.outcome().name(), r.attempts(), r.durationMs(), r.httpStatus(), r.error(), r.traceId());
    }
}
