package com.cleanupservice.cleanup;

import com.cleanupservice.report.Response;
import com.cleanupservice.report.Summary;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.TrackedResource;

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
        List<Map<String, Object>> details = details(outcome);
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
    public static Map<String, Object> plan(NodePlan plan) {
        List<Map<String, Object>> lanes = new ArrayList<>();
        for (LaneRun lane : plan.lanes()) {
            List<Map<String, Object>> steps = new ArrayList<>();
            int n = 1;
            for (LaneRun.StepRun step : lane.steps()) {
                List<Map<String, Object>> ops = new ArrayList<>();
                for (TrackedResource r : step.resources()) {
                    Map<String, Object> op = new LinkedHashMap<>();
                    op.put("type", r.type().operationType());
                    op.put("resource_type", r.type().name());
                    op.put("resource_id", r.ibmId());
                    op.put("resource_name", r.name());
                    op.put("ledger_state", r.state().name());
                    op.put("request", r.type().describeDelete(r));
                    if (plan.heldBy(r) != null) {
                        op.put("blocked", "also tracked by " + plan.heldBy(r) + "; this cleanup will not delete it");
                    }
                    ops.add(op);
                }
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("step", n++);
                s.put("parallel", ops.size() > 1);
                s.put("operations", ops);
                steps.add(s);
            }
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("lane", lane.steps().stream().flatMap(s -> s.resources().stream()).map(r -> r.type().name()).distinct()
                    .reduce((a, b) -> a + " -> " + b).orElse(""));
            l.put("steps", steps);
            lanes.add(l);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_operations", plan.size());
        body.put("lanes", lanes);
        return body;
    }

    private static String failureText(int failed, int total) {
        return failed + " of " + total + " operation(s) failed; see details (and GET /api/cleanup/failures) for each";
    }

    private static List<Map<String, Object>> details(NodeOutcome outcome) {
        List<Map<String, Object>> details = groups(outcome.results());
        Map<String, Object> statusOp = new LinkedHashMap<>();
        statusOp.put("type", "node_status_update");
        statusOp.put("success", outcome.statusUpdate().success());
        statusOp.put("message", outcome.statusUpdate().message());
        statusOp.put("resource_id", String.valueOf(outcome.node().id()));
        statusOp.put("resource_name", outcome.node().name());
        if (!outcome.statusUpdate().success()) {
            statusOp.put("error", outcome.statusUpdate().message());
        }
        details.add(group(DATABASE_RECORDS, List.of(statusOp)));
        return details;
    }

    private static List<Map<String, Object>> groups(List<OperationResult> results) {
        Map<String, List<Map<String, Object>>> byGroup = new LinkedHashMap<>();
        List<OperationResult> inReportOrder = results.stream()
                .sorted(Comparator.comparingInt((OperationResult r) -> r.resource().type().reportOrder())
                        .thenComparing(r -> r.resource().type().reportGroup()))
                .toList();
        for (OperationResult r : inReportOrder) {
            ResourceType type = r.resource().type();
            byGroup.computeIfAbsent(type.reportGroup(), g -> new ArrayList<>()).add(operation(r));
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        byGroup.forEach((name, ops) -> {
            if (!ops.isEmpty()) {
                groups.add(group(name, ops));
            }
        });
        return groups;
    }

    private static Map<String, Object> group(String name, List<Map<String, Object>> operations) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("resource_type", name);
        group.put("operations", operations);
        return group;
    }

    public static Map<String, Object> operation(OperationResult r) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("type", r.resource().type().operationType());
        op.put("success", r.success());
        op.put("message", r.message());
        op.put("resource_id", r.resource().ibmId());
        op.put("resource_name", r.resource().name());
        op.put("outcome", r.outcome().name());
        op.put("attempts", r.attempts());
        op.put("duration_ms", r.durationMs());
        if (r.httpStatus() != null) {
            op.put("http_status", r.httpStatus());
        }
        if (r.error() != null) {
            op.put("error", r.error());
        }
        if (r.traceId() != null) {
            op.put("trace_id", r.traceId());
        }
        return op;
    }
}
