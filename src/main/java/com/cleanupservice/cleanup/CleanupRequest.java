package com.cleanupservice.cleanup;

import java.util.UUID;

/**
 * What a trigger asks for: clean {@code target} (a node id or name, or a deployment id). {@code runId} is set when the
 * run was recorded beforehand (accepted asynchronously); otherwise a new run is recorded.
 */
public record CleanupRequest(String target, boolean force, boolean dryRun, String trigger, UUID runId) {

    public static CleanupRequest of(String target, boolean force, boolean dryRun, String trigger) {
        return new CleanupRequest(target, force, dryRun, trigger, null);
    }
}
