package com.cleanupservice.runs.store;

import java.util.UUID;

/**
 * A run as its record knows it: its id, what was asked (kind, target, trigger, dry run, force), the instance running
 * it, and the epoch of its record this instance writes under.
 */
public interface RunRecord {
    UUID runId();

    String kind();

    String target();

    String trigger();

    String owner();

    boolean dryRun();

    boolean force();

    long epoch();
}
