package com.cleanupservice.lease;

import com.cleanupservice.persistence.Jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The lease part of a claim's row, the same statements for every kind of claim that keeps it in these columns:
 * {@link #take} (free, or not renewed for a lease: another instance's that died; raises the epoch), {@link #renew},
 * {@link #handBack} (free at once, raising the epoch), {@link #current} (the fence: the row still carries this epoch) and
 * {@link #expired}. A claim kind names its table and columns ({@link Columns}); the statements are built once from those
 * names, every value bound. Whatever else a claim writes (its own state beside the lease) it writes in the transaction
 * that took the lease, fenced by {@link #current}.
 */
public final class LeaseStore {
    /**
     * Where a kind keeps its leases: the row's key, who holds it (null: nobody), when it was last renewed, its epoch, and
     * {@code live}, the condition under which the row is a claim at all (a run not yet ended; {@code TRUE} for a row
     * that always is).
     */
    public record Columns(String table, String key, String holder, String renewedAt, String epoch, String live) {
    }

    private final Jdbc jdbc;
    private final Leases leases;
    private final String take;
    private final String renew;
    private final String handBack;
    private final String current;
    private final String holder;
    private final String expired;

    public LeaseStore(Jdbc jdbc, Leases leases, Columns columns) {
        this.jdbc = jdbc;
        this.leases = leases;
        String t = columns.table();
        String key = columns.key();
        String who = columns.holder();
        String at = columns.renewedAt();
        String epoch = columns.epoch();
        String live = columns.live();
        this.take = """
                UPDATE %1$s SET %3$s = ?, %4$s = now(), %5$s = %5$s + 1
                 WHERE %2$s = ? AND (%6$s) AND (%3$s IS NULL OR %4$s IS NULL OR %4$s < now() - make_interval(secs => ?))
                RETURNING %5$s
                """.formatted(t, key, who, at, epoch, live);
        // the epoch alone fences: every take and every hand back raises it
        this.renew = "UPDATE %1$s SET %4$s = now() WHERE %2$s = ? AND %5$s = ? AND (%6$s)".formatted(t, key, who, at, epoch, live);
        this.handBack = """
                UPDATE %1$s SET %3$s = NULL, %4$s = NULL, %5$s = %5$s + 1 WHERE %2$s = ? AND %5$s = ? AND (%6$s)
                """.formatted(t, key, who, at, epoch, live);
        this.current = "SELECT 1 FROM %1$s WHERE %2$s = ? AND %3$s = ? AND (%4$s) FOR SHARE".formatted(t, key, epoch, live);
        this.holder = "SELECT %3$s FROM %1$s WHERE %2$s = ?".formatted(t, key, who);
        this.expired = """
                SELECT %2$s FROM %1$s WHERE (%5$s) AND %3$s IS NOT NULL AND %4$s < now() - make_interval(secs => ?) ORDER BY %4$s
                """.formatted(t, key, who, at, live);
    }

    /** Takes the lease on {@code key} for {@code holder} in {@code tx}: its new epoch, or empty while another holds it. */
    public OptionalLong take(Jdbc.Tx tx, Object key, String holder) throws SQLException {
        return tx.one(take, rs -> rs.getLong(1), holder, key, staleSeconds()).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * Holds a lease just taken under {@code epoch}: renewed with every other lease of this instance, handed back should
     * it shut down (both fenced by the epoch).
     */
    public Lease hold(String what, Lease.Kind kind, Object key, long epoch) {
        return leases.hold(what, kind, epoch, e -> renew(key, e), e -> handBack(key, e));
    }

    /** As {@link #hold(String, Lease.Kind, Object, long)}, given back by the kind's own {@code handBack} (a run closed). */
    public Lease hold(String what, Lease.Kind kind, Object key, long epoch, Lease.HandBack handBack) {
        return leases.hold(what, kind, epoch, e -> renew(key, e), handBack);
    }

    /** Renews it, conditional on the epoch; false when it is no longer this epoch's. */
    public boolean renew(Object key, long epoch) {
        return jdbc.update(renew, key, epoch) == 1;
    }

    /** Frees it at once, conditional on the epoch and raising it (nothing more is written under this one). */
    public boolean handBack(Object key, long epoch) {
        return jdbc.update(handBack, key, epoch) == 1;
    }

    /** The fence, in {@code tx}: whether the row still carries {@code epoch}, share-locked so no take slips in between. */
    public boolean current(Jdbc.Tx tx, Object key, long epoch) throws SQLException {
        return tx.one(current, rs -> true, key, epoch).isPresent();
    }

    /** Who holds it now (empty: nobody). */
    public Optional<String> holder(Object key) {
        return jdbc.one(holder, rs -> Optional.ofNullable(rs.getString(1)), key).flatMap(h -> h);
    }

    /** The keys whose holder stopped renewing them for a lease (its instance died or stalled), oldest first. */
    public List<Object> expired() {
        return jdbc.query(expired, rs -> rs.getObject(1), staleSeconds());
    }

    /** {@code cleanup.lease.ms}: how long others wait before they take over a lease not renewed. */
    public Duration term() {
        return leases.term();
    }

    private double staleSeconds() {
        return leases.term().toMillis() / 1000.0;
    }
}
