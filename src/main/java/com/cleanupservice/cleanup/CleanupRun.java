package com.cleanupservice.cleanup;

import java.util.UUID;

/** One cleanup run: its id (the audit key), who runs it, and what was asked. */
public record CleanupRun(UUID runId, String kind, String target, String trigger, String owner, boolean dryRun,
                         boolean force, WaitPolicy waitPolicy) {
}
