package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * A saved plan applied ({@code POST /api/plans/{id}/apply}): each of its cleanups, restricted to the plan's resources,
 * with the answer its cleanup endpoint gives — one for a node or a deployment, one per node for targets and sweeps,
 * in the plan's order. 200 when every cleanup answered 200, else 207.
 */
public record PlanApplyResult(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED) String plan_id,
        @Schema(requiredMode = REQUIRED, format = "uuid", description = "the plan's run; each cleanup is a child run of it") String run_id,
        @Schema(requiredMode = REQUIRED) boolean success,
        @Schema(requiredMode = REQUIRED, description = "the resources the plan holds") int planned_resources,
        @Schema(requiredMode = REQUIRED) List<CleanupApplied> results,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    /** One cleanup of the plan: its answer, a {@code NodeCleanupReport}, a {@code DeploymentCleanupReport} or the {@code ApiError} it was refused with. */
    public record CleanupApplied(@Schema(requiredMode = REQUIRED, allowableValues = {"node", "deployment"}) String kind,
                                 @Schema(requiredMode = REQUIRED, description = "the node's name or the deployment's id") String target,
                                 @Schema(requiredMode = REQUIRED) boolean success,
                                 @Schema(requiredMode = REQUIRED) int http_status,
                                 @Schema(requiredMode = REQUIRED, description = "the cleanup's answer") Object result) {
    }
}
