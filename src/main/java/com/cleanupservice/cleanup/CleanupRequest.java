package com.cleanupservice.cleanup;

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
 * nothing confirmed).
 */
public record CleanupRequest(String target, boolean force, boolean dryRun, String trigger, UUID runId, UUID parentRunId,
                             Long runEpoch, boolean byName, Integer confirmCount) {

    /** The exchange property carrying the umbrella run (a batch or a sweep) whose children new runs become. */
    public static final String PARENT_RUN = "cleanupParentRunId";
    /** The trigger of an inbox file's cleanups: the file, not the run, is what another instance takes over. */
    public static final String INBOX = "inbox";

    /** A node's path id or a deployment's id. */
    public static CleanupRequest of(String target, boolean force, boolean dryRun, String trigger) {
        return new CleanupRequest(target, force, dryRun, trigger, null, null, null, false, null);
    }

    /** A node by its exact name, never read as an id. */
    public static CleanupRequest ofNodeName(String name, boolean force, boolean dryRun, String trigger) {
        return new CleanupRequest(name, force, dryRun, trigger, null, null, null, true, null);
    }

    public CleanupRequest withParent(UUID parent) {
        return new CleanupRequest(target, force, dryRun, trigger, runId, parent, runEpoch, byName, confirmCount);
    }

    /** The recorded (accepted) run this request executes, under the epoch the executing instance holds it. */
    public CleanupRequest withRun(UUID id, long epoch) {
        return new CleanupRequest(target, force, dryRun, trigger, id, parentRunId, epoch, byName, confirmCount);
    }

    /** The request with the count of deletions a person confirmed (null: none). */
    public CleanupRequest withConfirmCount(Integer count) {
        return new CleanupRequest(target, force, dryRun, trigger, runId, parentRunId, runEpoch, byName, count);
    }
}
