package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/cleanup/runs/{run_id}/operations}: one page of the run's audit rows (and its children's), in order. */
public record RunOperationsPage(
        @Schema(requiredMode = REQUIRED, format = "uuid") String run_id,
        @Schema(requiredMode = REQUIRED) List<AuditRow> operations,
        @Schema(requiredMode = REQUIRED) int count,
        @Schema(requiredMode = REQUIRED) int limit,
        @Schema(requiredMode = REQUIRED) long after,
        @Schema(requiredMode = REQUIRED, nullable = true, description = "the next page's after; null on the last page") Long next_after,
        @Schema(requiredMode = REQUIRED, nullable = true, description = "the next page's address; null on the last page") String next,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    public record AuditRow(@Schema(requiredMode = REQUIRED) long id, @Schema(format = "uuid") String run_id,
                           @Schema(nullable = true) String node_name, @Schema(nullable = true) String deployment_id,
                           String resource_type, String resource_id, @Schema(nullable = true) String resource_name,
                           @Schema(allowableValues = {"DELETED", "ALREADY_GONE", "SKIPPED", "BLOCKED", "FAILED"}) String outcome,
                           boolean success, @Schema(nullable = true) Integer http_status, Integer attempts, Long duration_ms,
                           @Schema(nullable = true) String message, @Schema(nullable = true) String trace_id,
                           @Schema(format = "date-time") String created_at,
                           @Schema(nullable = true, description = "the account the resource lives in (the default's name for a row recorded "
                                   + "without one); null when its tracked row is not found") String account,
                           @Schema(nullable = true, description = "the region it lives in (the default's name for a row recorded without one); "
                                   + "null for a global API's resource (DNS Services)") String region) {
    }
}
