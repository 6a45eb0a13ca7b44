package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** What changed since a plan was saved ({@code 409 plan_stale}): the entries of its lists. */
public final class PlanChanges {
    private PlanChanges() {
    }

    /** A tracked row added to or removed from the plan's target. */
    public record PlanRow(@Schema(requiredMode = REQUIRED) String resource_type, @Schema(requiredMode = REQUIRED) long tracked_id,
                          @Schema(requiredMode = REQUIRED) String resource_id, @Schema(nullable = true) String node_name,
                          @Schema(nullable = true) String deployment_id, @Schema(requiredMode = REQUIRED) String ledger_state) {
    }

    /** A row whose state or owner changed: {@code from} and {@code to} (a state, or a node name / deployment:id). */
    public record PlanRowChange(@Schema(requiredMode = REQUIRED) String resource_type, @Schema(requiredMode = REQUIRED) long tracked_id,
                                @Schema(requiredMode = REQUIRED) String resource_id, @Schema(nullable = true) String from,
                                @Schema(nullable = true) String to) {
    }

    /** A node of the target whose name or status changed, or that came or went ({@code from}/{@code to} null). */
    public record PlanNodeChange(@Schema(requiredMode = REQUIRED) long node_id, @Schema(nullable = true) String node_name,
                                 @Schema(nullable = true) String from, @Schema(nullable = true) String to) {
    }
}
