package com.cleanupservice.cleanup;

import java.util.List;
import java.util.UUID;

/**
 * What a trigger asks for: clean {@code target} (a node, or a deployment id). A node target is a path id — all digits
 * is the node's id, anything else its exact name ({@link NodeClaims#resolve}) — unless {@code byName}, when it is the
 * node's exact name whatever it looks like (a batch's {@code {"node_name": ...}}, a node the service itself names).
 * {@code runId} is set when the run was recorded beforehand (accepted asynchronously), with {@code runEpoch} its
 * record's epoch; otherwise a new run is recorded. {@code parentRunId} ties the run to the batch or sweep that started
 * it. {@code confirmCount} is the count of deletions a person confirmed ({@code ?confirm_count=N}), which lets this run
 * go past the blast-radius guard when it is exactly the planned count (null: nothing confirmed). Stored as JSON with
 * accepted runs: a request stored before {@code byName} (or {@code confirmCount}) existed reads as a path id (with
 * nothing confirmed). {@code only}, when not null, is an allow-list ({@link #allowed}: type, tracked row id and IBM id)
 * that the load honours: a row not on it is neither planned nor deleted (a saved plan's apply), so it is left as it is
 * and the node ends {@code cleanup_pending}, as with any row recorded while a cleanup runs; a request stored before it
 * existed is unrestricted.
 */
public record CleanupRequest(String target, boolean force, boolean dryRun, String trigger, UUID runId, UUID parentRunId,
                             Long runEpoch, boolean byName, Integer confirmCount, List<String> only) {

    /** The exchange property carrying the umbrella run (a batch or a sweep) whose children new runs become. */
    public static final String PARENT_RUN = "cleanupParentRunId";
    /** The trigger of an inbox file's cleanups: the file, not the run, is what another instance takes over. */
    public static final String INBOX = "inbox";

    /** A node's path id or a deployment's id. */
    public static CleanupRequest of(String target, boolean force, boolean dryRun, String trigger) {
        return new CleanupRequest(target, force, dryRun, trigger, null, null, null, false, null, null);
    }

    /** A node by its exact name, never read as an id. */
    public static CleanupRequest ofNodeName(String name, boolean force, boolean dryRun, String trigger) {
        return new CleanupRequest(name, force, dryRun, trigger, null, null, null, true, null, null);
    }

    public CleanupRequest withParent(UUID parent) {
        return new CleanupRequest(target, force, dryRun, trigger, runId, parent, runEpoch, byName, confirmCount, only);
    }

    /** The recorded (accepted) run this request executes, under the epoch the executing instance holds it. */
    public CleanupRequest withRun(UUID id, long epoch) {
        return new CleanupRequest(target, force, dryRun, trigger, id, parentRunId, epoch, byName, confirmCount, only);
    }

    /** The request with the count of deletions a person confirmed (null: none). */
    public CleanupRequest withConfirmCount(Integer count) {
        return new CleanupRequest(target, force, dryRun, trigger, runId, parentRunId, runEpoch, byName, count, only);
    }

    /** Restricted to exactly these rows ({@link #allowed} keys): nothing else of the target is planned or deleted. */
    public CleanupRequest restrictedTo(List<String> allowed) {
        return new CleanupRequest(target, force, dryRun, trigger, runId, parentRunId, runEpoch, byName, confirmCount, List.copyOf(allowed));
    }

    /** A row's key on an allow-list: its type, tracked row id and IBM id, all three as recorded. */
    public static String allowed(String type, long trackedId, String ibmId) {
        return type + " " + trackedId + " " + ibmId;
    }
}
