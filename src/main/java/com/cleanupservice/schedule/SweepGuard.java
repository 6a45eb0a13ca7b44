package com.cleanupservice.schedule;

import com.cleanupservice.lease.Lease;
import com.cleanupservice.lease.LeaseStore;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.persistence.Jdbc;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The database's word on whether a scheduled sweep may run (V8 {@code sweep_guard}): one at a time across every
 * instance, and each scheduled tick at most once, whatever Quartz does after a pause or a misfire. The guard is a lease
 * in the {@link LeaseStore} (its {@code owner}, {@code started_at} and {@code epoch}): a holder renews it while its sweep
 * runs; one that stops renewing for a lease (its instance died) is taken over by the next tick.
 */
public final class SweepGuard {
    static final LeaseStore.Columns COLUMNS = new LeaseStore.Columns("sweep_guard", "name", "owner", "started_at", "epoch", "TRUE");
    /** In the transaction that took the lease: the tick is this one's unless it or a later one ran. */
    private static final String TICK = """
            UPDATE sweep_guard SET last_tick = ? WHERE name = ? AND (last_tick IS NULL OR last_tick < ?)
            """;

    private final Jdbc jdbc;
    private final String name;
    private final String instance;
    private final Leases leases;
    private final LeaseStore store;
    private volatile Lease lease;

    public SweepGuard(Jdbc jdbc, String name, String instance, Leases leases) {
        this.jdbc = jdbc;
        this.name = name;
        this.instance = instance;
        this.leases = leases;
        this.store = new LeaseStore(jdbc, leases, COLUMNS);
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
        OptionalLong epoch;
        try {
            epoch = jdbc.inTransaction(tx -> {
                OptionalLong taken = store.take(tx, name, token);
                if (taken.isPresent() && tx.update(TICK, tick, name, tick) != 1) {
                    throw new TickRan(); // rolls the take back: the guard stays free
                }
                return taken;
            });
        } catch (TickRan ran) {
            return "the tick of " + tick + " (or a later one) already ran";
        }
        if (epoch.isPresent()) {
            lease = store.hold("the " + name + " guard", Lease.Kind.GUARD, name, epoch.getAsLong());
            return null;
        }
        return store.holder(name).map(owner -> "a sweep is running on " + owner)
                .orElse("the guard " + name + " was taken and left meanwhile, or there is no guard row " + name);
    }

    /** The sweep ended: the guard is free for the next tick (fenced by its epoch: a guard taken over stays the taker's). */
    public void leave() {
        Lease held = lease;
        lease = null;
        if (held != null) {
            leases.release(held);
            store.handBack(name, held.epoch());
        }
    }

    private static final class TickRan extends RuntimeException {
        TickRan() {
            super(null, null, false, false);
        }
    }
}
