package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** One deployment's status ({@code ?deployment_id=}). */
public record DeploymentStatusView(
        @Schema(requiredMode = REQUIRED) String deployment_id,
        @Schema(requiredMode = REQUIRED) long total_nodes,
        @Schema(requiredMode = REQUIRED) long cleanup_needed_count,
        @Schema(requiredMode = REQUIRED) long cleanup_completed_count,
        @Schema(requiredMode = REQUIRED) List<NodeLine> node_statuses,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    public record NodeLine(@Schema(requiredMode = REQUIRED) String node_name, @Schema(requiredMode = REQUIRED) String current_status,
                           @Schema(requiredMode = REQUIRED) boolean cleanup_needed, @Schema(requiredMode = REQUIRED) boolean cleanup_completed,
                           long resources_left) {
    }
}
