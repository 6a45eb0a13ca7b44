package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/cleanup/deployments}: a page of deployments by id, each with its nodes counted by status. */
public record DeploymentList(
        @Schema(requiredMode = REQUIRED) List<Deployment> deployments,
        @Schema(requiredMode = REQUIRED) int count,
        @Schema(requiredMode = REQUIRED) int limit,
        @Schema(requiredMode = REQUIRED, nullable = true, description = "the next page's after; null on the last page") String next_after,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    public record Deployment(
            @Schema(requiredMode = REQUIRED) String deployment_id,
            @Schema(nullable = true) String name,
            @Schema(format = "date-time") String created_at,
            @Schema(requiredMode = REQUIRED) long total_nodes,
            @Schema(requiredMode = REQUIRED, description = "nodes whose status asks for a cleanup (failed, error, timeout, cleanup_failed, ...)") long cleanup_needed_by_status,
            @Schema(requiredMode = REQUIRED, description = "nodes deployed or provisioning: a cleanup needs force") long live_nodes,
            @Schema(requiredMode = REQUIRED, description = "node count per status") Map<String, Long> nodes_by_status) {
    }
}
