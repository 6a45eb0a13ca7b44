package com.cleanupservice.schedule;

import com.cleanupservice.lease.Lease;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.persistence.Jdbc;

import java.time.Instant;
import java.util.UUID;

/**
 * The database's word on whether a scheduled sweep may run (V8 {@code sweep_guard}): one at a time across every
 * instance, and each scheduled tick at most once, whatever Quartz does after a pause or a misfire. A holder renews the
 * guard while its sweep runs; one that stops renewing for a lease (its instance died) is taken over by the next tick.
 */
public final class SweepGuard {
    private static final String TAKE = """
            UPDATE sweep_guard SET owner = ?, started_at = now(), last_tick = ?
             WHERE name = ?
               AND (owner IS NULL OR started_at < now() - make_interval(secs => ?))
               AND (last_tick IS NULL OR last_tick < ?)
            RETURNING name
            """;
    private static final String RENEW = "UPDATE sweep_guard SET started_at = now() WHERE name = ? AND owner = ?";
    private static final String LEAVE = "UPDATE sweep_guard SET owner = NULL, started_at = NULL WHERE name = ? AND owner = ?";
    private static final String WHO = "SELECT owner, last_tick FROM sweep_guard WHERE name = ?";

    private final Jdbc jdbc;
    private final String name;
    private final String instance;
    private final Leases leases;
    private volatile String held;
    private volatile Lease lease;

    public SweepGuard(Jdbc jdbc, String name, String instance, Leases leases) {
        this.jdbc = jdbc;
        this.name = name;
        this.instance = instance;
        this.leases = leases;
    }

    /**
     * Takes the guard for the tick scheduled at {@code tick}. Null when this instance may sweep now; otherwise why not
     * (this instance is shutting down, a sweep runs elsewhere, or this tick or a later one already ran). Held as a
     * lease: renewed with the others, and left at once should this instance shut down mid-sweep.
     */
    public String take(Instant tick) {
        if (leases.closing()) {
            return "this instance is shutting down";
        }
        String token = instance + "/" + UUID.randomUUID();
        if (jdbc.one(TAKE, rs -> rs.getString(1), token, tick, name, (double) leases.term().toSeconds(), tick).isPresent()) {
            held = token;
            lease = leases.hold("the " + name + " guard", Lease.Kind.GUARD, 0, epoch -> jdbc.update(RENEW, name, token) == 1,
                    epoch -> jdbc.update(LEAVE, name, token) == 1);
            return null;
        }
        return jdbc.one(WHO, rs -> rs.getString("owner") != null
                ? "a sweep is running on " + rs.getString("owner")
                : "the tick of " + tick + " (or a later one) already ran", name).orElse("no guard row " + name);
    }

    /** The sweep ended: the guard is free for the next tick (it was renewed with this instance's other leases). */
    public void leave() {
        String token = held;
        held = null;
        if (lease != null) {
            leases.release(lease);
            lease = null;
        }
        if (token != null) {
            jdbc.update(LEAVE, name, token);
        }
    }
}
