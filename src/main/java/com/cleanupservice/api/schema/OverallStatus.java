package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The overall status: counts by node status (the seed's), and what this service adds. */
public record OverallStatus(
        @Schema(requiredMode = REQUIRED, description = "node count by deployment_status") Map<String, Long> overall_status,
        @Schema(requiredMode = REQUIRED) long cleanup_needed,
        @Schema(requiredMode = REQUIRED) long cleanup_completed,
        long total_nodes,
        long cleanups_running,
        long open_failures,
        @Schema(requiredMode = REQUIRED) long ownership_disputes,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
