package com.cleanupservice.lease;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every lease this instance holds — node claims, runs, inbox files — renewed by one loop ({@link #renewAll}, on the
 * {@code lease-renewal} timer). {@code term} is how long other instances wait before taking a lease over; this
 * instance trusts its own for {@code 3/4} of it after each renewal, so it stops first.
 */
public final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    private final Duration term;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();

    public Leases(Duration term) {
        this.term = term;
    }

    public Duration term() {
        return term;
    }

    /** Starts holding (and renewing) a lease just taken in the database under {@code epoch}. */
    public Lease hold(String what, long epoch, Lease.Renewal renewal) {
        Lease lease = new Lease(what, epoch, term.multipliedBy(3).dividedBy(4), renewal);
        held.put(what, lease);
        return lease;
    }

    public void release(Lease lease) {
        held.remove(lease.what(), lease);
    }

    /** The lease held on {@code what} (as named when it was taken), if this instance holds one. */
    public Optional<Lease> find(String what) {
        return Optional.ofNullable(held.get(what));
    }

    /** Renews each; one taken over is dropped (and said so), one the database could not renew is tried again next time. */
    public int renewAll() {
        int renewed = 0;
        for (Lease lease : held.values()) {
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
}
