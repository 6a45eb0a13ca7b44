package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/plans}: saved plans, newest first, a page at a time; {@code next} the address of the next page. */
public record PlanList(@Schema(requiredMode = REQUIRED) List<SavedPlan> plans, @Schema(requiredMode = REQUIRED) int count,
                       @Schema(requiredMode = REQUIRED, nullable = true, description = "the next page (older plans), null on the last")
                       String next,
                       @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
