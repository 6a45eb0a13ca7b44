package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/cleanup/node/{id}}: the seed's answer (200, or 207 with error and partial_results), or a dry run's plan. */
@Schema(description = "A node cleanup: the seed's message, node_name, summary, details, timestamp, extended. A dry run (dry_run: true) "
        + "answers the plan instead of summary and details.")
public record NodeCleanupReport(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED) String node_name,
        Long node_id,
        @Schema(format = "uuid") String run_id,
        Summary summary,
        List<ResourceGroup> details,
        Integer failed_operations,
        @Schema(description = "the node's status after the cleanup") String node_status,
        Long duration_ms,
        @Schema(description = "207: what went wrong, as a sentence") String error,
        @Schema(description = "207: the details again, as the seed has them") List<ResourceGroup> partial_results,
        @Schema(description = "dry runs only: true") Boolean dry_run,
        @Schema(description = "dry runs: the node's status") String current_status,
        @Schema(description = "dry runs: the ordered plan") Plan plan,
        @Schema(description = "dry runs with include_untracked=true: what drift found, not in the plan") List<UntrackedResource> untracked,
        @Schema(description = "dry runs with include_untracked=true: whether the scan was complete, and what was ambiguous") UntrackedScan untracked_scan,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
