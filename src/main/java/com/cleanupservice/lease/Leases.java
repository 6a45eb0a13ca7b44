package com.cleanupservice.lease;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every lease this instance holds — node claims, runs, inbox files, the sweep guard — renewed by one loop
 * ({@link #renewAll}, on the {@code lease-renewal} timer). {@code term} is how long other instances wait before taking
 * a lease over; this instance trusts its own for {@code 3/4} of it after each renewal, so it stops first.
 * <p>
 * When the instance shuts down it {@linkplain #close closes}: from then on it takes no new claim (whoever would take
 * one asks {@link #closing} first), and {@link #handOver} gives back every lease it holds, fenced by epoch, so that
 * another instance goes on with the work at once instead of after a lease.
 */
public final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    static final String SHUTTING_DOWN = "handed back: this instance is shutting down";

    private final Duration term;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    /** Guards {@link #closing} against a lease being taken while the hand over collects what is held. */
    private final Object lock = new Object();
    private volatile boolean closing;

    public Leases(Duration term) {
        this.term = term;
    }

    public Duration term() {
        return term;
    }

    /**
     * Starts holding (and renewing) a lease just taken in the database under {@code epoch}; {@code handBack} gives it
     * back should this instance shut down while holding it. A lease taken after the instance began to close (its
     * claim raced the close) is handed back at once and returned not held: its holder gives up before any call.
     */
    public Lease hold(String what, Lease.Kind kind, long epoch, Lease.Renewal renewal, Lease.HandBack handBack) {
        Lease lease = new Lease(what, kind, epoch, term.multipliedBy(3).dividedBy(4), renewal, handBack);
        synchronized (lock) {
            if (!closing) {
                held.put(what, lease);
                return lease;
            }
        }
        lease.stop(SHUTTING_DOWN);
        handBack(lease);
        return lease;
    }

    public void release(Lease lease) {
        held.remove(lease.what(), lease);
    }

    /** The lease held on {@code what} (as named when it was taken), if this instance holds one. */
    public Optional<Lease> find(String what) {
        return Optional.ofNullable(held.get(what));
    }

    /**
     * Renews each; one taken over is dropped (and said so), one the database could not renew is tried again next time.
     * One stopped for the hand over is left to it.
     */
    public int renewAll() {
        int renewed = 0;
        for (Lease lease : held.values()) {
            if (lease.stopped()) {
                continue;
            }
            try {
                if (lease.renew()) {
                    renewed++;
                } else {
                    release(lease);
                    LOG.warn("Lease on {} lost: {}; this instance stops working on it", lease, lease.whyNotHeld());
                }
            } catch (RuntimeException e) {
                LOG.warn("Lease on {} could not be renewed now ({}); it expires by itself if this goes on", lease, e.getMessage());
            }
        }
        return renewed;
    }

    /** How many are held now (for tests and metrics). */
    public int size() {
        return held.size();
    }

    /** This instance is shutting down: it takes no new claim (every taker asks before claiming anything). */
    public boolean closing() {
        return closing;
    }

    /** From now on this instance takes no new claim; {@link #handOver} gives back what it holds. */
    public void close() {
        synchronized (lock) {
            closing = true;
        }
    }

    /** What a {@link #handOver} did: leases handed back, no longer ours anyway, failed, and calls cut off by the bound. */
    public record HandOver(int handedBack, int notOurs, int failed, int callsCutOff, Duration waited) {
    }

    /**
     * Closes (if not yet), then gives back every lease held: each is stopped at once (no call under it starts), the
     * calls already under way are waited for until {@code bound} has passed (their results are recorded under the
     * lease, so the next holder does not make them again), and then, whatever is still under way, each is handed back
     * in the database in {@link Lease.Kind} order — nodes, runs, files, the guard. One that cannot be handed back (the
     * database does not answer) expires by itself after a lease, as after a crash.
     */
    public HandOver handOver(Duration bound) {
        close();
        List<Lease> all;
        synchronized (lock) {
            all = new ArrayList<>(held.values());
        }
        all.sort(Comparator.comparing(Lease::kind));
        all.forEach(lease -> lease.stop(SHUTTING_DOWN));
        Instant start = Instant.now();
        Instant deadline = start.plus(bound);
        int cutOff = 0;
        try {
            for (Lease lease : all) {
                if (!lease.awaitCalls(deadline)) {
                    cutOff += lease.callsInFlight();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cutOff = all.stream().mapToInt(Lease::callsInFlight).sum();
        }
        Duration waited = Duration.between(start, Instant.now());
        if (cutOff > 0) {
            LOG.warn("{} IBM call(s) still under way after {} ms (cleanup.shutdown.drain-ms); their leases are handed back "
                    + "anyway, and whoever takes the work over looks again before calling", cutOff, waited.toMillis());
        }
        int handedBack = 0;
        int notOurs = 0;
        int failed = 0;
        for (Lease lease : all) {
            switch (handBack(lease)) {
                case HANDED_BACK -> handedBack++;
                case NOT_OURS -> notOurs++;
                case FAILED -> failed++;
            }
            release(lease);
        }
        return new HandOver(handedBack, notOurs, failed, cutOff, waited);
    }

    private enum Outcome { HANDED_BACK, NOT_OURS, FAILED }

    private static Outcome handBack(Lease lease) {
        try {
            return lease.handBack() ? Outcome.HANDED_BACK : Outcome.NOT_OURS;
        } catch (RuntimeException e) {
            LOG.warn("Lease on {} could not be handed back ({}); it expires by itself after a lease", lease, e.getMessage());
            return Outcome.FAILED;
        }
    }
}
