package com.cleanupservice.cleanup;

import com.cleanupservice.runs.store.RunRecord;

import java.time.Instant;
import java.util.UUID;

/**
 * One cleanup run: its id (the audit key), who runs it, what was asked, by when it must end ({@code deadline}, null
 * for none: what is still undone then ends FAILED, so a stuck run cannot hold its nodes forever), and the epoch of its
 * record this instance writes under (a run taken over by another instance is not written by this one again).
 */
public record CleanupRun(UUID runId, String kind, String target, String trigger, String owner, boolean dryRun,
                         boolean force, WaitPolicy waitPolicy, Instant deadline, long epoch) implements RunRecord {

    public boolean pastDeadline() {
        return deadline != null && Instant.now().isAfter(deadline);
    }
}
