package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/cleanup/batch}: one result per target; 200 when every one succeeded, 207 otherwise. */
public record BatchResult(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED, allowableValues = {"cleanup_nodes", "cleanup_deployments", "validate_cleanup"}) String operation,
        @Schema(requiredMode = REQUIRED) int total_operations,
        @Schema(requiredMode = REQUIRED) int successful_operations,
        @Schema(requiredMode = REQUIRED) int failed_operations,
        @Schema(requiredMode = REQUIRED, example = "50.0%") String success_rate,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs only: true") Boolean dry_run,
        @Schema(requiredMode = REQUIRED, description = "per target, in the order given") List<TargetResult> results,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs of cleanups: what the blast-radius guard would say of the batch (its targets summed)") GuardCheck guard) {

    /**
     * One target's result, as the seed has it: its name ({@code node_name}, or {@code deployment_id} for deployments),
     * its verdict ({@code success}, or {@code cleanup_complete} for validation) and the operation's whole answer as
     * {@code result}; a refused or failed target {@code status} and {@code error} (and the refusal's details); a
     * target naming the same node as an earlier one {@code duplicate_of} and {@code message}; an unusable target
     * {@code {target, success: false, error}}. Only the members a result has are written.
     */
    @JsonInclude(NON_NULL)
    public record TargetResult(
            @Schema(description = "an unusable target, as given (null included)") Object target,
            String node_name,
            String deployment_id,
            Boolean success,
            @Schema(description = "validate_cleanup: the node was found clean") Boolean cleanup_complete,
            @Schema(description = "a refused or failed target: the status it was answered") Integer status,
            String error,
            @Schema(description = "the index in targets of the earlier target naming the same node") Integer duplicate_of,
            String message,
            @Schema(description = "the operation's own answer (a node or deployment cleanup, or a node validation)") Object result,
            @JsonAnyGetter @Schema(hidden = true) Map<String, Object> details) {

        /** A target that is not one (not a name, id or object naming one): {@code {target, success: false, error}}. */
        public static TargetResult unusable(Object target, String error) {
            return new TargetResult(target, null, null, false, null, null, error, null, null, null, null);
        }
    }
}
