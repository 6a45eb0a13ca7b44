package com.cleanupservice.resources;

/**
 * Where a tracked row stands. Rows move PRESENT -> DELETING -> GONE | FAILED | BLOCKED and are never removed. RELEASED:
 * the row's owner turned out not to own the resource (an operator resolved a disputed id in favour of another owner);
 * it is history and nothing deletes through it.
 */
public enum LedgerState {
    PRESENT, DELETING, GONE, FAILED, BLOCKED, RELEASED;

    /** Still to be deleted (or being deleted) by this row's owner. */
    public boolean open() {
        return this != GONE && this != RELEASED;
    }
}
