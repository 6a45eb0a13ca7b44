package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The body of {@code POST /api/cleanup/batch} (and of a batch file in the inbox). */
public record BatchRequestBody(
        @Schema(requiredMode = REQUIRED, allowableValues = {"cleanup_nodes", "cleanup_deployments", "validate_cleanup"}) String operation,
        @Schema(requiredMode = REQUIRED, description = "node names or ids, {\"node_name\": ...} objects, or deployment ids (at most cleanup.batch.max-targets)",
                example = "[\"nutanix-poc-bm-node-01\", {\"node_name\": \"nutanix-poc-bm-node-03\"}]") List<Object> targets,
        @Schema(description = "clean live nodes too") Boolean force,
        @Schema(description = "plans only") Boolean dry_run,
        @Schema(description = "the count of resources the whole batch would delete (its dry run's guard.planned_count), confirmed: "
                + "exactly that count lets it go past the blast-radius guard", minimum = "0") Integer confirm_count) {
}
