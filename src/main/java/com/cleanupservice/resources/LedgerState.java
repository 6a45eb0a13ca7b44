package com.cleanupservice.resources;

/** Where a tracked row stands. Rows move PRESENT -> DELETING -> GONE | FAILED | BLOCKED and are never removed. */
public enum LedgerState {
    PRESENT, DELETING, GONE, FAILED, BLOCKED
}
