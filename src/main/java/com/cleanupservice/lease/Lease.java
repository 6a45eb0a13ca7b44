package com.cleanupservice.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A claim on something every instance could work on — a node's cleanup, a run, an inbox file — held by this instance
 * under an epoch (fencing token). Another instance that takes the thing over raises the epoch in the database, so
 * every renewal, result write and status change made under this epoch is refused from then on. And this instance
 * knows without asking: the lease counts as held only while its last renewal is younger than {@code validFor} (a
 * safe part of the term other instances wait before taking over). A paused instance that resumes finds its leases
 * expired and stops before its next call to IBM.
 * <p>
 * An instance that shuts down gives its leases back instead of letting them expire ({@link Leases#handOver}): it
 * {@linkplain #stop stops} each (no new call under it), waits for the calls in flight under it ({@link #enter} to
 * {@link #leave}) to end, then {@linkplain #handBack hands it back} in the database, fenced by the epoch, so another
 * instance takes it at once.
 */
public final class Lease {
    /** Renews the claim in the database, conditional on the epoch; false when it is no longer ours. */
    @FunctionalInterface
    public interface Renewal {
        boolean renew(long epoch);
    }

    /**
     * Gives the claim back in the database, conditional on the epoch (and raising it, so nothing more is written under
     * this one), so that another instance may take it at once; false when it was no longer ours to give.
     */
    @FunctionalInterface
    public interface HandBack {
        boolean handBack(long epoch);
    }

    /**
     * What a lease claims. Handed back in this order: the work inside a claim before the claim around it, so whoever
     * takes the outer one (a run, a file) finds the inner ones (its nodes) free or kept for it.
     */
    public enum Kind {
        /** A node's cleanup ({@code nodes.cleanup_epoch}). */
        NODE,
        /** A run's record ({@code cleanup_runs.epoch}). */
        RUN,
        /** An inbox file ({@code CAMEL_MESSAGEPROCESSED.epoch}). */
        FILE,
        /** The sweep guard ({@code sweep_guard}). */
        GUARD
    }

    private final String what;
    private final Kind kind;
    private final long epoch;
    private final Duration validFor;
    private final Renewal renewal;
    private final HandBack handBack;
    /** Calls to IBM (and the recording of their results) under way under this lease. */
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Instant renewedAt = Instant.now();
    private volatile String lost;
    /** Why this instance stopped working under the lease itself (it shuts down); null until then. */
    private volatile String stopped;

    Lease(String what, Kind kind, long epoch, Duration validFor, Renewal renewal, HandBack handBack) {
        this.what = what;
        this.kind = kind;
        this.epoch = epoch;
        this.validFor = validFor;
        this.renewal = renewal;
        this.handBack = handBack;
    }

    /** A lease with nothing to renew, lose or hand back (a dry run, a script): always held. */
    public static Lease unshared(String what) {
        return new Lease(what, Kind.NODE, 0, Duration.ofDays(36500), epoch -> true, epoch -> true);
    }

    /** A lease this instance gave up before it was asked for (it shuts down): never held. */
    public static Lease givenUp(String what) {
        Lease lease = new Lease(what, Kind.RUN, 0, Duration.ZERO, epoch -> false, epoch -> false);
        lease.stop(Leases.SHUTTING_DOWN);
        return lease;
    }

    public String what() {
        return what;
    }

    public Kind kind() {
        return kind;
    }

    public long epoch() {
        return epoch;
    }

    /**
     * Still ours, as far as this instance can tell without asking: not lost, not stopped (this instance shuts down),
     * and renewed recently enough.
     */
    public boolean held() {
        return lost == null && stopped == null && Instant.now().isBefore(renewedAt.plus(validFor));
    }

    /** Why it is not held (null while it is). */
    public String whyNotHeld() {
        if (lost != null) {
            return lost;
        }
        if (stopped != null) {
            return stopped;
        }
        return held() ? null : "not renewed since " + renewedAt + " (this instance was stalled or cut off from the database)";
    }

    /** The database refused a write under this epoch: another instance has it now. */
    public void lost(String why) {
        if (lost == null) {
            lost = why;
        }
    }

    /**
     * Before a call to IBM under this lease: the call counts as in flight (a hand back waits for it) while the lease is
     * held; false, and nothing counted, when it is not. Every {@code true} must be followed by one {@link #leave}, once
     * the call's result is recorded or there is nothing to record.
     */
    public boolean enter() {
        calls.incrementAndGet();
        if (held()) {
            return true;
        }
        leave();
        return false;
    }

    /** The call {@link #enter} let in has ended, its result recorded (or nothing to record). */
    public void leave() {
        if (calls.decrementAndGet() <= 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Calls under way under this lease. */
    public int callsInFlight() {
        return calls.get();
    }

    /** From now on not held: no call under it starts, whoever holds it gives up before the next. */
    void stop(String why) {
        if (stopped == null) {
            stopped = why;
        }
    }

    /** This instance stopped working under it itself, to hand it back (it shuts down): an expected end, not a loss. */
    public boolean stopped() {
        return stopped != null;
    }

    /** Waits until no call is under way under this lease, or until {@code deadline}; whether none is. */
    boolean awaitCalls(Instant deadline) throws InterruptedException {
        synchronized (this) {
            while (calls.get() > 0) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.MILLISECONDS.timedWait(this, left);
            }
        }
        return true;
    }

    /** Gives it back in the database (fenced by the epoch); false when it was no longer ours (ended, or taken over). */
    boolean handBack() {
        return lost == null && handBack.handBack(epoch);
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
