package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The provisioner's failure hook: 202 when the node was marked failed and its cleanup accepted as a run (the run's
 * fields, also in {@code Location}); 200 when the node is deployed (live), so the failure was only recorded.
 */
@Schema(description = "What the failure hook did: cleanup_started says whether a cleanup run was started")
public record NodeFailureAnswer(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED, description = "true: the node was marked failed and its cleanup is the run below; "
                + "false: the node is deployed (live), the failure was recorded and nothing was started") Boolean cleanup_started,
        @Schema(requiredMode = REQUIRED) String node_name,
        @Schema(requiredMode = REQUIRED, example = "failed", description = "the node's status now") String deployment_status,
        @Schema(format = "uuid", description = "when cleanup_started") String run_id,
        @Schema(example = "accepted", description = "when cleanup_started") String state,
        @Schema(example = "/api/cleanup/runs/8ac1771f-a8a1-4bab-90de-b8935e51d8ad", description = "when cleanup_started") String status_url,
        @Schema(example = "failed", description = "when the node is deployed: the status the provisioner reported") String reported_status,
        @Schema(description = "when the node is deployed: the reason the provisioner gave") String reason,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
