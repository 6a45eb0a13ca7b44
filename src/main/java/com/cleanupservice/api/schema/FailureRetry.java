package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/cleanup/failures/{id}/retry}: the node's (or deployment's) cleanup answer, and the failure's status after it. */
public record FailureRetry(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(description = "a node retry") String node_name,
        @Schema(description = "a deployment retry") String deployment_id,
        @Schema(format = "uuid") String run_id,
        Summary summary,
        List<ResourceGroup> details,
        String error,
        @Schema(requiredMode = REQUIRED) long retried_failure_id,
        @Schema(requiredMode = REQUIRED, description = "open, resolved or superseded") String failure_status,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
