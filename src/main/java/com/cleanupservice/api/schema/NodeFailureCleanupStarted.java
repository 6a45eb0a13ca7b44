package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/nodes/{name}/failed}, 202: the node marked failed, its cleanup accepted as a run (the run's fields first, as every accepted run answers). */
public record NodeFailureCleanupStarted(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED, format = "uuid") String run_id,
        @Schema(requiredMode = REQUIRED, example = "accepted") String state,
        @Schema(requiredMode = REQUIRED, example = "/api/cleanup/runs/8ac1771f-a8a1-4bab-90de-b8935e51d8ad") String status_url,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp,
        @Schema(requiredMode = REQUIRED, description = "true") boolean cleanup_started,
        @Schema(requiredMode = REQUIRED) String node_name,
        @Schema(requiredMode = REQUIRED, example = "failed", description = "the node's status now") String deployment_status) {
}
