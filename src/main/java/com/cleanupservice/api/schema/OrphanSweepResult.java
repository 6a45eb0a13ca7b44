package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/cleanup/orphaned}: 200 when every node was cleaned, 207 otherwise. */
public record OrphanSweepResult(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED, description = "nodes taken by the sweep") long orphaned_nodes_cleaned,
        @Schema(requiredMode = REQUIRED) int max_age_hours,
        @Schema(requiredMode = REQUIRED, description = "the first 100 nodes' briefs") List<Map<String, Object>> results,
        @Schema(description = "nodes beyond the first 100") Long results_omitted,
        @Schema(requiredMode = REQUIRED) long successful_nodes,
        @Schema(requiredMode = REQUIRED) long failed_nodes,
        @Schema(requiredMode = REQUIRED, description = "up to 100 failed nodes") List<Map<String, Object>> failures,
        Long failures_omitted,
        boolean adopt_on_sweep,
        long adopted_resources,
        List<Object> adoption_errors,
        @Schema(nullable = true) Integer max_nodes,
        boolean limit_reached,
        int chunks,
        @Schema(example = "api") String trigger,
        long duration_ms,
        @Schema(description = "207: what went wrong") String error,
        @Schema(description = "207: the results again") List<Map<String, Object>> partial_results,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
