package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/nodes/{name}/failed}, 200: the node is deployed (live); the failure was recorded and nothing was started. */
public record NodeFailureRecorded(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED, description = "false") boolean cleanup_started,
        @Schema(requiredMode = REQUIRED) String node_name,
        @Schema(requiredMode = REQUIRED, example = "deployed", description = "the node's status now") String deployment_status,
        @Schema(requiredMode = REQUIRED, example = "failed", description = "the status the provisioner reported") String reported_status,
        @Schema(nullable = true, description = "the reason the provisioner gave") String reason,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
