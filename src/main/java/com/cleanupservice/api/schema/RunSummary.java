package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

/**
 * What a run keeps of its answer ({@code summary} of {@code GET /api/cleanup/runs/{run_id}}): the answer's own fields
 * (any answer: a node's, a deployment's, a batch's, a sweep's, a drift report) with {@code results} cut to the first
 * entries, then how many were left out, the failed entries, and where every operation is. Documents stored by earlier
 * releases are shown as they were stored.
 */
@JsonInclude(NON_NULL)
public record RunSummary(
        @JsonAnyGetter @Schema(hidden = true) Map<String, JsonNode> answer,
        @Schema(description = "results entries beyond the ones kept") Integer results_omitted,
        @Schema(description = "the failed results entries (unless the answer has its own failures)") List<JsonNode> failures,
        Integer failures_omitted,
        @Schema(description = "every operation of the run, a page at a time") String operations_url) {
}
