package com.cleanupservice.cleanup;

import com.cleanupservice.resources.TrackedResource;

/**
 * The recorded end of one resource's deletion in one run: what the audit table and the response show.
 * {@code transientFailure}: it did not succeed for reasons that pass (IBM overloaded or unreachable, a server slow to
 * go, a parent that failed that way), so another run later may well succeed; false for a success and for failures
 * that need a person (400/401/403, a state IBM cannot delete in, a server stuck failed, another owner's id).
 */
public record OperationResult(TrackedResource resource, Outcome outcome, String message, String error,
                              Integer httpStatus, int attempts, long durationMs, String traceId, int sequence,
                              boolean transientFailure) {

    public boolean success() {
        return outcome.success();
    }
}
