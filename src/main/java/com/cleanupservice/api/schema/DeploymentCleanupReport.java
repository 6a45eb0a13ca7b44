package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/cleanup/deployment/{id}}: every node's answer and the deployment's own records; or a dry run's plans. */
public record DeploymentCleanupReport(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED) String deployment_id,
        Integer nodes_cleaned,
        @Schema(format = "uuid") String run_id,
        Summary summary,
        @Schema(description = "one entry per node") List<NodeResult> results,
        Integer failed_operations,
        Long duration_ms,
        @Schema(description = "207: what went wrong, as a sentence") String error,
        @Schema(description = "207: the node results again") List<NodeResult> partial_results,
        @Schema(description = "dry runs only: true") Boolean dry_run,
        @Schema(description = "dry runs: each node's plan") List<NodeCleanupReport> nodes,
        @Schema(description = "dry runs: the deployment's own resources") Plan cluster_plan,
        @Schema(description = "dry runs: deletions planned in all") Integer total_operations,
        @Schema(description = "dry runs with include_untracked=true: what drift found, not in the plans") List<UntrackedResource> untracked,
        @Schema(description = "dry runs with include_untracked=true: whether the scan was complete, and what was ambiguous") UntrackedScan untracked_scan,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    /** A node's answer; the deployment's own resources are an entry with resource_type "cluster" and their details. */
    public record NodeResult(String node_name, Long node_id, @Schema(description = "cluster: the deployment's own resources") String resource_type,
                             @Schema(requiredMode = REQUIRED) boolean success,
                             @Schema(description = "the node's cleanup answer (see NodeCleanupReport); for cluster, its details") Map<String, Object> result) {
    }
}
