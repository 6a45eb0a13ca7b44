package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * {@code POST /api/cleanup/reconcile/...}: the target's tracked rows looked up live; those IBM Cloud answered 404 for
 * are marked GONE, the rest are left as they were.
 */
public record ReconcileResult(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(description = "a node's reconcile: the node") @JsonInclude(JsonInclude.Include.NON_NULL) String node_name,
        @Schema(description = "a node's reconcile: its numeric id") @JsonInclude(JsonInclude.Include.NON_NULL) Long node_id,
        @Schema(requiredMode = REQUIRED, nullable = true) String deployment_id,
        @Schema(requiredMode = REQUIRED, description = "rows looked up (those not yet GONE or RELEASED)") int checked,
        @Schema(requiredMode = REQUIRED, description = "nothing still present and nothing that could not be looked up") boolean all_gone,
        @Schema(requiredMode = REQUIRED, description = "rows marked GONE now: IBM Cloud answered 404") List<ReconciledRow> marked_gone,
        @Schema(requiredMode = REQUIRED, description = "ids asked for whose rows were GONE already (and rows another writer marked GONE meanwhile)") List<ReconciledRow> already_gone,
        @Schema(requiredMode = REQUIRED, description = "rows IBM Cloud still has: left as they are") List<ReconciledRow> still_present,
        @Schema(requiredMode = REQUIRED, description = "rows that could not be looked up (not 404, not found): left as they are") List<ReconciledError> errors,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    /** One tracked row; {@code message} (what IBM Cloud said) for a row still present. */
    public record ReconciledRow(@Schema(requiredMode = REQUIRED) String resource_type, @Schema(requiredMode = REQUIRED) String resource_id,
                                @Schema(nullable = true) String resource_name,
                                @Schema(nullable = true, description = "null for a deployment's own resource") String node_name,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String message) {
    }
    /** A tracked row that could not be looked up: why, and IBM's HTTP status when it answered at all. */
    public record ReconciledError(@Schema(requiredMode = REQUIRED) String resource_type, @Schema(requiredMode = REQUIRED) String resource_id,
                                  @Schema(nullable = true) String resource_name,
                                  @Schema(nullable = true, description = "null for a deployment's own resource") String node_name,
                                  @Schema(requiredMode = REQUIRED) String error, @Schema(requiredMode = REQUIRED, nullable = true) Integer http_status) {
    }
}
