package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/cleanup/failures}: dead letters, newest first. */
public record FailureList(
        @Schema(requiredMode = REQUIRED) List<Failure> failures,
        @Schema(requiredMode = REQUIRED) int count,
        @Schema(requiredMode = REQUIRED, allowableValues = {"open", "resolved", "superseded", "all"}) String status,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    public record Failure(@Schema(requiredMode = REQUIRED) long id, @Schema(format = "uuid", nullable = true) String run_id,
                          @Schema(nullable = true) String node_name, @Schema(nullable = true) String deployment_id,
                          String resource_type, @Schema(nullable = true) String resource_id, @Schema(nullable = true) String resource_name,
                          String outcome, @Schema(nullable = true) String error, Integer attempts,
                          @Schema(nullable = true) Integer last_http_status, @Schema(nullable = true) String trace_id,
                          @Schema(allowableValues = {"open", "resolved", "superseded"}) String status,
                          @Schema(format = "date-time") String created_at, @Schema(nullable = true, format = "date-time") String retried_at,
                          @Schema(nullable = true, format = "uuid") String retry_run_id,
                          @Schema(nullable = true, description = "the account the resource lives in (the default's name for a row recorded "
                                  + "without one); null when its tracked row is not found") String account,
                          @Schema(nullable = true, description = "the region it lives in (the default's name for a row recorded without one); "
                                  + "null for a global API's resource (DNS Services)") String region) {
    }
}
