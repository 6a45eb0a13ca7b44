package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Objects;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * {@code POST /api/cleanup/node/{id}}: the seed's answer (200, or 207 with error and partial_results), or a dry run's
 * plan. One record for both, its components in wire order: a cleanup's answer has no dry-run member and a dry run's
 * none of a cleanup's, so each keeps the order it always had.
 */
@Schema(description = "A node cleanup: the seed's message, node_name, summary, details, timestamp, extended. A dry run (dry_run: true) "
        + "answers the plan instead of summary and details.")
public record NodeCleanupReport(
        @Schema(requiredMode = REQUIRED) String message,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs only: true") Boolean dry_run,
        @Schema(requiredMode = REQUIRED) String node_name,
        Long node_id,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs: the node's status") String current_status,
        @Schema(format = "uuid") String run_id,
        @JsonInclude(NON_NULL) Summary summary,
        @JsonInclude(NON_NULL) List<ResourceGroup> details,
        @JsonInclude(NON_NULL) Integer failed_operations,
        @JsonInclude(NON_NULL) @Schema(description = "the node's status after the cleanup") String node_status,
        @JsonInclude(NON_NULL) Long duration_ms,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs: the node is live, so a real cleanup is refused without force") String warning,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs: the ordered plan") Plan plan,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp,
        @JsonInclude(NON_NULL) @Schema(description = "207: what went wrong, as a sentence") String error,
        @JsonInclude(NON_NULL) @Schema(description = "207: the details again, as the seed has them") List<ResourceGroup> partial_results,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs with include_untracked=true: what drift found, not in the plan") List<UntrackedResource> untracked,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs with include_untracked=true: whether the scan was complete, and what was ambiguous") UntrackedScan untracked_scan,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs: what the blast-radius guard would say of the cleanup") GuardCheck guard,
        @JsonInclude(NON_NULL) @Schema(description = "dry runs: the protected accounts or regions some of the planned rows live in "
                + "(cleanup.ibm.protected-accounts/-regions), so that a real cleanup is refused (409)") String protected_places) {

    /** A cleanup's answer (not a dry run); {@code error} and {@code partial_results} only on 207. */
    public static NodeCleanupReport cleaned(String message, String nodeName, long nodeId, String runId, Summary summary,
                                            List<ResourceGroup> details, int failedOperations, String nodeStatus, long durationMs,
                                            String timestamp, String error, List<ResourceGroup> partialResults) {
        return new NodeCleanupReport(message, null, nodeName, nodeId, null, runId, summary, details, failedOperations, nodeStatus,
                durationMs, null, null, timestamp, error, partialResults, null, null, null, null);
    }

    /** A dry run's answer: the plan, nothing deleted; {@code warning} when a real cleanup would be refused. */
    public static NodeCleanupReport dryRun(String message, String nodeName, long nodeId, String currentStatus, String runId,
                                           String warning, Plan plan, String timestamp) {
        return new NodeCleanupReport(message, true, nodeName, nodeId, currentStatus, runId, null, null, null, null, null, warning,
                plan, timestamp, null, null, null, null, null, null);
    }

    /** As a sweep or a stored run lists it among many: without every operation, a failure keeping its failed ones. */
    public NodeCleanupReport brief() {
        List<ResourceGroup> failed = partial_results == null ? null
                : partial_results.stream().map(ResourceGroup::failedOnly).filter(Objects::nonNull).toList();
        return new NodeCleanupReport(message, dry_run, node_name, node_id, current_status, run_id, summary, null, failed_operations,
                node_status, duration_ms, warning, plan, timestamp, error, failed, untracked, untracked_scan, guard, protected_places);
    }

    /** A dry run's answer with what drift discovery found untracked next to the plan. */
    public NodeCleanupReport withUntracked(List<UntrackedResource> found, UntrackedScan scan) {
        return new NodeCleanupReport(message, dry_run, node_name, node_id, current_status, run_id, summary, details, failed_operations,
                node_status, duration_ms, warning, plan, timestamp, error, partial_results, found, scan, guard, protected_places);
    }

    /** A dry run's answer with what the blast-radius guard would say of the cleanup. */
    public NodeCleanupReport withGuard(GuardCheck check) {
        return new NodeCleanupReport(message, dry_run, node_name, node_id, current_status, run_id, summary, details, failed_operations,
                node_status, duration_ms, warning, plan, timestamp, error, partial_results, untracked, untracked_scan, check, protected_places);
    }

    /** A dry run's answer saying that a real cleanup would be refused: some planned rows live in a protected place. */
    public NodeCleanupReport withProtectedPlaces(String why) {
        return new NodeCleanupReport(message, dry_run, node_name, node_id, current_status, run_id, summary, details, failed_operations,
                node_status, duration_ms, warning, plan, timestamp, error, partial_results, untracked, untracked_scan, guard, why);
    }
}
