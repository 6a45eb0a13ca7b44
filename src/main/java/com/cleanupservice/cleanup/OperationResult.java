package com.cleanupservice.cleanup;

import com.cleanupservice.resources.TrackedResource;

/** The recorded end of one resource's deletion in one run: what the audit table and the response show. */
public record OperationResult(TrackedResource resource, Outcome outcome, String message, String error,
                              Integer httpStatus, int attempts, long durationMs, String traceId, int sequence) {

    public boolean success() {
        return outcome.success();
    }
}
