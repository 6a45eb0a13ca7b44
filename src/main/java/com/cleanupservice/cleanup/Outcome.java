package com.cleanupservice.cleanup;

/** How one resource's deletion ended. */
public enum Outcome {
    DELETED(true), ALREADY_GONE(true), SKIPPED(true), BLOCKED(false), FAILED(false);

    private final boolean success;

    Outcome(boolean success) {
        this.success = success;
    }

    public boolean success() {
        return success;
    }
}
