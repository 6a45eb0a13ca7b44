package com.cleanupservice.cleanup;

import java.util.UUID;

/**
 * What a trigger asks for: clean {@code target} (a node id or name, or a deployment id). {@code runId} is set when the
 * run was recorded beforehand (accepted asynchronously), with {@code runEpoch} its record's epoch; otherwise a new run
 * is recorded. {@code parentRunId} ties the run to the batch or sweep that started it.
 */
public record CleanupRequest(String target, boolean force, boolean dryRun, String trigger, UUID runId, UUID parentRunId,
                             Long runEpoch) {

    /** The exchange property carrying the umbrella run (a batch or a sweep) whose children new runs become. */
    public static final String PARENT_RUN = "cleanupParentRunId";

    public static CleanupRequest of(String target, boolean force, boolean dryRun, String trigger) {
        return new CleanupRequest(target, force, dryRun, trigger, null, null, null);
    }

    public CleanupRequest withParent(UUID parent) {
        return new CleanupRequest(target, force, dryRun, trigger, runId, parent, runEpoch);
    }

    /** The recorded (accepted) run this request executes, under the epoch the executing instance holds it. */
    public CleanupRequest withRun(UUID id, long epoch) {
        return new CleanupRequest(target, force, dryRun, trigger, id, parentRunId, epoch);
    }
}
