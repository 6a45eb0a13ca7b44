package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;
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
        @JsonInclude(NON_NULL) @Schema(nullable = true, description = "once finished: the run's answer, kept small (counts, the first 100 results, up to 100 failures)") Object summary,
        @JsonInclude(NON_NULL) @Schema(description = "a batch's or sweep's node runs") List<ChildRun> children,
        @JsonInclude(NON_NULL) @Schema(format = "date-time") String timestamp) {

    /** The run with its summary, children (null when it has none) and the time of the answer: the single-run view. */
    public RunView withDetail(Object summary, List<ChildRun> children, String timestamp) {
        return new RunView(run_id, kind, target, trigger, state, dry_run, force, progress, http_status, error, owner,
                parent_run_id, created_at, started_at, finished_at, summary, children, timestamp);
    }

    public record Progress(@Schema(requiredMode = REQUIRED) long done, @Schema(requiredMode = REQUIRED) long total,
                           @Schema(requiredMode = REQUIRED) int percent) {
    }

    /** A child run (a batch's or sweep's node run) in brief. */
    public record ChildRun(@Schema(requiredMode = REQUIRED, format = "uuid") String run_id, String kind, String target, String state,
                        @Schema(nullable = true) Integer http_status, long total, long done) {
    }
}
