package com.cleanupservice.notify;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a webhook can be told about; {@link #wire()} is the name in the body, in {@code X-Cleanup-Event} and in a URL's filter. */
public enum EventType {
    /** A run ended in a state other than {@code completed} (partial, failed, abandoned). */
    RUN_ENDED,
    /** A deletion ended without success: a dead letter was opened. */
    DEAD_LETTER_OPENED,
    /** A provisioner's record refused because another owner tracks the id, or a dispute found at startup. */
    OWNERSHIP_DISPUTE,
    /** A cleanup, batch or sweep refused by the blast-radius guard. */
    GUARD_REFUSED,
    /** A scheduled orphan sweep ended failed or partial. */
    SWEEP_FAILED,
    /** A scheduled orphan sweep found and adopted untracked resources. */
    DRIFT_FOUND;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EventType> of(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(wire)).findFirst();
    }
}
