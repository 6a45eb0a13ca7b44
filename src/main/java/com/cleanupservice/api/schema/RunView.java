package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/cleanup/runs/{run_id}} (and each entry of the runs list, without summary and children). */
public record RunView(
        @Schema(requiredMode = REQUIRED, format = "uuid") String run_id,
        @Schema(requiredMode = REQUIRED, example = "node") String kind,
        @Schema(requiredMode = REQUIRED) String target,
        @Schema(example = "api") String trigger,
        @Schema(requiredMode = REQUIRED, allowableValues = {"accepted", "running", "completed", "partial", "failed", "abandoned"}) String state,
        boolean dry_run,
        boolean force,
        @Schema(requiredMode = REQUIRED) Progress progress,
        @Schema(nullable = true, description = "the answer's status, once finished") Integer http_status,
        @Schema(nullable = true) String error,
        @Schema(nullable = true, description = "the instance holding it") String owner,
        @Schema(nullable = true, format = "uuid") String parent_run_id,
        @Schema(format = "date-time") String created_at,
        @Schema(nullable = true, format = "date-time") String started_at,
        @Schema(nullable = true, format = "date-time") String finished_at,
        @Schema(nullable = true, description = "once finished: the run's answer, kept small (counts, the first 100 results, up to 100 failures)") Object summary,
        @Schema(description = "a batch's or sweep's node runs") List<Map<String, Object>> children,
        @Schema(format = "date-time") String timestamp) {

    public record Progress(@Schema(requiredMode = REQUIRED) long done, @Schema(requiredMode = REQUIRED) long total,
                           @Schema(requiredMode = REQUIRED) int percent) {
    }
}
