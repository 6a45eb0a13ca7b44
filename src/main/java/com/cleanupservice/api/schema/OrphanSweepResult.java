package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/cleanup/orphaned}: 200 when every node was cleaned, 207 otherwise. */
public record OrphanSweepResult(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED, description = "nodes taken by the sweep") int orphaned_nodes_cleaned,
        @Schema(requiredMode = REQUIRED) int max_age_hours,
        @Schema(requiredMode = REQUIRED, description = "the first 100 nodes' briefs") List<SweptNode> results,
        @JsonInclude(NON_NULL) @Schema(description = "nodes beyond the first 100") Integer results_omitted,
        @Schema(requiredMode = REQUIRED) int successful_nodes,
        @Schema(requiredMode = REQUIRED) int failed_nodes,
        @Schema(requiredMode = REQUIRED, description = "up to 100 failed nodes") List<SweptNode> failures,
        @JsonInclude(NON_NULL) Integer failures_omitted,
        boolean adopt_on_sweep,
        int adopted_resources,
        @JsonInclude(NON_NULL) @Schema(description = "nodes whose adoption failed (adopt-on-sweep)") Integer adoption_errors,
        @Schema(nullable = true) Integer max_nodes,
        boolean limit_reached,
        int chunks,
        @Schema(example = "api") String trigger,
        long duration_ms,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp,
        @JsonInclude(NON_NULL) @Schema(description = "207: what went wrong") String error,
        @JsonInclude(NON_NULL) @Schema(description = "207: the results again") List<SweptNode> partial_results) {

    /**
     * What became of one node: its cleanup's answer without the list of every operation ({@code result}), or why it
     * was refused or failed ({@code status}, {@code error} and the refusal's details); with adopt-on-sweep, what was
     * adopted first ({@code adopted}) or why adoption failed.
     */
    @JsonInclude(NON_NULL)
    public record SweptNode(
            @Schema(requiredMode = REQUIRED) String node_name,
            @Schema(requiredMode = REQUIRED) long node_id,
            @Schema(description = "adopt-on-sweep: what was adopted before the cleanup") List<AdoptedOnSweep> adopted,
            @Schema(description = "adopt-on-sweep: why adoption failed (the tracked resources were cleaned all the same)") String adoption_error,
            @Schema(requiredMode = REQUIRED) boolean success,
            @Schema(description = "the node cleanup's answer, without the list of every operation") Object result,
            Integer status,
            String error,
            @JsonAnyGetter @Schema(hidden = true) Map<String, Object> details) {
    }

    /** An untracked resource adopted before the node's cleanup, and the evidence that it was the node's. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AdoptedOnSweep(String type, String id, @Schema(nullable = true) String name, List<String> evidence) {
    }
}
