package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/cleanup/batch}: one result per target; 200 when every one succeeded, 207 otherwise. */
public record BatchResult(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED, allowableValues = {"cleanup_nodes", "cleanup_deployments", "validate_cleanup"}) String operation,
        @Schema(requiredMode = REQUIRED) int total_operations,
        @Schema(requiredMode = REQUIRED) int successful_operations,
        @Schema(requiredMode = REQUIRED) int failed_operations,
        @Schema(requiredMode = REQUIRED, example = "50.0%") String success_rate,
        Boolean dry_run,
        @Schema(requiredMode = REQUIRED, description = "per target: its name, success, and the operation's answer (result) or error with status") List<Map<String, Object>> results,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
