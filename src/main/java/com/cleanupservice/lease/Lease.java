package com.cleanupservice.lease;

import java.time.Duration;
import java.time.Instant;

/**
 * A claim on something every instance could work on — a node's cleanup, a run, an inbox file — held by this instance
 * under an epoch (fencing token). Another instance that takes the thing over raises the epoch in the database, so
 * every renewal, result write and status change made under this epoch is refused from then on. And this instance
 * knows without asking: the lease counts as held only while its last renewal is younger than {@code validFor} (a
 * safe part of the term other instances wait before taking over). A paused instance that resumes finds its leases
 * expired and stops before its next call to IBM.
 */
public final class Lease {
    /** Renews the claim in the database, conditional on the epoch; false when it is no longer ours. */
    @FunctionalInterface
    public interface Renewal {
        boolean renew(long epoch);
    }

    private final String what;
    private final long epoch;
    private final Duration validFor;
    private final Renewal renewal;
    private volatile Instant renewedAt = Instant.now();
    private volatile String lost;

    Lease(String what, long epoch, Duration validFor, Renewal renewal) {
        this.what = what;
        this.epoch = epoch;
        this.validFor = validFor;
        this.renewal = renewal;
    }

    /** A lease with nothing to renew or lose (a dry run, a script): always held. */
    public static Lease unshared(String what) {
        return new Lease(what, 0, Duration.ofDays(36500), epoch -> true);
    }

    public String what() {
        return what;
    }

    public long epoch() {
        return epoch;
    }

    /** Still ours, as far as this instance can tell without asking: not lost, and renewed recently enough. */
    public boolean held() {
        return lost == null && Instant.now().isBefore(renewedAt.plus(validFor));
    }

    /** Why it is not held (null while it is). */
    public String whyNotHeld() {
        if (lost != null) {
            return lost;
        }
        return held() ? null : "not renewed since " + renewedAt + " (this instance was stalled or cut off from the database)";
    }

    /** The database refused a write under this epoch: another instance has it now. */
    public void lost(String why) {
        if (lost == null) {
            lost = why;
        }
    }

    /** One renewal; a database error leaves the lease to expire by itself rather than pretending either way. */
    boolean renew() {
        if (lost != null) {
            return false;
        }
        if (renewal.renew(epoch)) {
            renewedAt = Instant.now();
            return true;
        }
        lost("taken over by another instance (epoch " + epoch + " is no longer current)");
        return false;
    }

    @Override
    public String toString() {
        return what + " (epoch " + epoch + ")";
    }
}
