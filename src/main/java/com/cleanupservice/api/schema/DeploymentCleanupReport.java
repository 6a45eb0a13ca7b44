package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * {@code POST /api/cleanup/deployment/{id}}: every node's answer and the deployment's own records; or a dry run's plans.
 * One record for both, its components in wire order (neither kind has a member of the other).
 */
public record DeploymentCleanupReport(
        @Schema(requiredMode = REQUIRED) String message,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs only: true") Boolean dry_run,
        @Schema(requiredMode = REQUIRED) String deployment_id,
        @JsonInclude(NON_NULL) Integer nodes_cleaned,
        @Schema(format = "uuid") String run_id,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs: each node's plan") List<NodeCleanupReport> nodes,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs: the deployment's own resources") Plan cluster_plan,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs: deletions planned in all") Integer total_operations,
        @JsonInclude(NON_NULL) Summary summary,
        @JsonInclude(NON_NULL) @Schema(description = "one entry per node") List<NodeResult> results,
        @JsonInclude(NON_NULL) Integer failed_operations,
        @JsonInclude(NON_NULL) Long duration_ms,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp,
        @JsonInclude(NON_NULL) @Schema(description = "207: what went wrong, as a sentence") String error,
        @JsonInclude(NON_NULL) @Schema(description = "207: the node results again") List<NodeResult> partial_results,
        @JsonInclude(NON_NULL) List<UntrackedResource> untracked,
        @JsonInclude(NON_NULL) UntrackedScan untracked_scan,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs: what the blast-radius guard would say of the cleanup") GuardCheck guard,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs: the protected accounts or regions some of the planned rows live in "
                + "(cleanup.ibm.protected-accounts/-regions), so that a real cleanup is refused (409)") String protected_places) {

    /** A cleanup's answer (not a dry run); {@code error} and {@code partial_results} only on 207. */
    public static DeploymentCleanupReport cleaned(String message, String deploymentId, int nodesCleaned, String runId, Summary summary,
                                                  List<NodeResult> results, int failedOperations, long durationMs, String timestamp,
                                                  String error, List<NodeResult> partialResults) {
        return new DeploymentCleanupReport(message, null, deploymentId, nodesCleaned, runId, null, null, null, summary, results,
                failedOperations, durationMs, timestamp, error, partialResults, null, null, null, null);
    }

    /** A dry run's answer: each node's plan and the deployment's own, nothing deleted. */
    public static DeploymentCleanupReport dryRun(String message, String deploymentId, String runId, List<NodeCleanupReport> nodes,
                                                 Plan clusterPlan, int totalOperations, String timestamp) {
        return new DeploymentCleanupReport(message, true, deploymentId, null, runId, nodes, clusterPlan, totalOperations, null, null,
                null, null, timestamp, null, null, null, null, null, null);
    }

    /** A dry run's answer with what drift discovery found untracked next to the plans. */
    public DeploymentCleanupReport withUntracked(List<UntrackedResource> found, UntrackedScan scan) {
        return new DeploymentCleanupReport(message, dry_run, deployment_id, nodes_cleaned, run_id, nodes, cluster_plan, total_operations,
                summary, results, failed_operations, duration_ms, timestamp, error, partial_results, found, scan, guard, protected_places);
    }

    /** A dry run's answer with what the blast-radius guard would say of the cleanup. */
    public DeploymentCleanupReport withGuard(GuardCheck check) {
        return new DeploymentCleanupReport(message, dry_run, deployment_id, nodes_cleaned, run_id, nodes, cluster_plan, total_operations,
                summary, results, failed_operations, duration_ms, timestamp, error, partial_results, untracked, untracked_scan, check, protected_places);
    }

    /** A node's answer; the deployment's own resources are an entry with resource_type "cluster" and their details. */
    public record NodeResult(@JsonInclude(NON_NULL) String node_name, @JsonInclude(NON_NULL) Long node_id,
                             @JsonInclude(NON_NULL) @Schema(description = "cluster: the deployment's own resources") String resource_type,
                             @Schema(requiredMode = REQUIRED) boolean success,
                             @Schema(description = "the node's cleanup answer; for cluster, its details",
                                     oneOf = {NodeCleanupReport.class, ClusterResult.class}) Object result) {

        public static NodeResult node(String nodeName, long nodeId, boolean success, NodeCleanupReport result) {
            return new NodeResult(nodeName, nodeId, null, success, result);
        }

        public static NodeResult cluster(boolean success, List<ResourceGroup> details) {
            return new NodeResult(null, null, "cluster", success, new ClusterResult(details));
        }
    }

    /** The deployment's own resources' operations (a {@code results[]} entry of resource_type "cluster"). */
    public record ClusterResult(@Schema(requiredMode = REQUIRED) List<ResourceGroup> details) {
    }

    /** A dry run's answer saying that a real cleanup would be refused: some planned rows live in a protected place. */
    public DeploymentCleanupReport withProtectedPlaces(String why) {
        return new DeploymentCleanupReport(message, dry_run, deployment_id, nodes_cleaned, run_id, nodes, cluster_plan, total_operations,
                summary, results, failed_operations, duration_ms, timestamp, error, partial_results, untracked, untracked_scan, guard, why);
    }
}
