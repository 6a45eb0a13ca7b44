package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * A dry run's word on the blast-radius guard ({@code guard} of a node's, deployment's or batch's dry run): what the
 * run would delete, and whether the guard would refuse it (and why) as asked.
 */
@JsonInclude(NON_NULL)
@Schema(description = "The blast-radius guard on this run: the planned count and whether it would be refused")
public record GuardCheck(
        @Schema(requiredMode = REQUIRED, description = "the resources the run would call IBM to delete") long planned_count,
        @Schema(requiredMode = REQUIRED, description = "true when the run would be refused with 409") boolean would_refuse,
        @Schema(description = "the refusal's code: guard_exceeded or confirm_count_mismatch") String code,
        @Schema(description = "the limit the run exceeds: max_resources or max_percent") String limit,
        @Schema(requiredMode = REQUIRED, description = "cleanup.guard.max-resources (0: off)") int max_resources,
        @Schema(requiredMode = REQUIRED, description = "cleanup.guard.max-percent (0: off)") int max_percent,
        @Schema(requiredMode = REQUIRED, description = "cleanup.guard.percent-min-resources") int percent_min_resources,
        @Schema(description = "the planned count as a share of every tracked resource not yet deleted, when measured") Double planned_percent,
        @Schema(description = "every tracked resource not yet deleted, when measured") Long total_tracked,
        @Schema(requiredMode = REQUIRED) String message) {
}
