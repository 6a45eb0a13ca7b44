package com.cleanupservice.lease;

import com.cleanupservice.persistence.Jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The lease part of a claim's row, the same statements for every kind of claim that keeps it in these columns:
 * {@link #take} (free, or not renewed for a lease: another instance's that died; raises the epoch), {@link #renew},
 * {@link #handBack} (free at once, raising the epoch), {@link #current} (the fence: the row still carries this epoch) and
 * {@link #expired}. A claim kind names its table and columns ({@link Columns}); the statements are built once from those
 * names, every value bound. Whatever else a claim writes (its own state beside the lease) it writes in the transaction
 * that took the lease, fenced by {@link #current}, or in the same statement as the lease: a take shaped by the kind
 * ({@link #taking}), a hand back or an end with the kind's columns ({@link #handingBack}, {@link #ending}, under the
 * lock of {@link #locking}), a hand back that keeps the holder ({@link #handBackKept}), and an insert-or-take for rows
 * that may not exist yet ({@link #insertOrTake}).
 */
public final class LeaseStore {
    /**
     * Where a kind keeps its leases: the row's key, who holds it (a null value: nobody; a null column: a kind whose rows
     * name no holder), when it was last renewed, its epoch, {@code live}, the condition under which the row is a claim
     * at all (a run not yet ended; {@code TRUE} for a row that always is), and {@code freedAt}, the renewal time a
     * freed lease gets ({@code NULL}, or a time long past for a column that may not be null).
     */
    public record Columns(String table, String key, String holder, String renewedAt, String epoch, String live, String freedAt) {
        public Columns(String table, String key, String holder, String renewedAt, String epoch, String live) {
            this(table, key, holder, renewedAt, epoch, live, "NULL");
        }
    }

    private static final Object[] NONE = {};

    private final Jdbc jdbc;
    private final Leases leases;
    private final Columns columns;
    private final Take take;
    private final String renew;
    private final String handBack;
    private final String handBackKept;
    private final String current;
    private final String holder;
    private final String expired;

    public LeaseStore(Jdbc jdbc, Leases leases, Columns columns) {
        this.jdbc = jdbc;
        this.leases = leases;
        this.columns = columns;
        String t = columns.table();
        String key = columns.key();
        String who = columns.holder();
        String at = columns.renewedAt();
        String epoch = columns.epoch();
        String live = columns.live();
        this.take = taking("", who == null ? "FALSE" : who + " IS NULL", key + " = ?", live, "");
        // the epoch alone fences: every take and every hand back raises it
        this.renew = "UPDATE %1$s SET %4$s = now() WHERE %2$s = ? AND %5$s = ? AND (%6$s)".formatted(t, key, who, at, epoch, live);
        this.handBack = handingBack("");
        this.current = "SELECT 1 FROM %1$s WHERE %2$s = ? AND %3$s = ? AND (%4$s) FOR SHARE".formatted(t, key, epoch, live);
        this.handBackKept = "UPDATE %1$s SET %3$s = %3$s + 1 WHERE %2$s = ? AND %3$s = ? AND (%4$s)".formatted(t, key, epoch, live);
        this.holder = "SELECT %3$s FROM %1$s WHERE %2$s = ?".formatted(t, key, who == null ? "NULL" : who);
        this.expired = """
                SELECT %2$s FROM %1$s WHERE (%5$s) AND %3$s IS NOT NULL AND %4$s < now() - make_interval(secs => ?) ORDER BY %4$s
                """.formatted(t, key, who == null ? "TRUE" : who, at, live);
    }

    /**
     * A take shaped by its kind, built once: the store writes the lease part (the holder, renewed now, the epoch raised)
     * in the same {@code UPDATE} as the kind's own columns ({@code set}, may be empty), on the rows {@code rows} selects.
     * A row is taken when its lease was never renewed or went stale, or when {@code free} says it is nobody's (the
     * kind's word for a row that is not a claim, or one the taker may take again), and only where {@code also} holds.
     * It returns the kind's {@code returning} columns (may be empty) and then the new epoch.
     */
    public Take taking(String set, String free, String rows, String also, String returning) {
        String sql = """
                UPDATE %1$s SET %7$s%2$s%3$s = now(), %4$s = %4$s + 1
                 WHERE (%3$s IS NULL OR %3$s < now() - make_interval(secs => ?) OR %5$s) AND %6$s AND (%8$s)
                RETURNING %9$s%4$s
                """.formatted(columns.table(), columns.holder() == null ? "" : columns.holder() + " = ?, ", columns.renewedAt(), columns.epoch(), free, rows,
                set.isEmpty() ? "" : set + ", ", also, returning.isEmpty() ? "" : returning + ", ");
        return new Take(sql);
    }

    /**
     * A take of the kind's own shape ({@link #taking}); its parameters are the kind's {@code set} ones, then the
     * holder and the store's term, then the kind's {@code free}, {@code rows} and {@code also} ones, in that order.
     */
    public final class Take {
        private final String sql;

        private Take(String sql) {
            this.sql = sql;
        }

        /** Takes in {@code tx} for {@code holder}: one row per claim taken (the epoch last), none while others hold them. */
        public <T> List<T> run(Jdbc.Tx tx, Jdbc.RowMapper<T> mapper, String holder, Object[] set, Object... where) throws SQLException {
            return tx.query(sql, mapper, parameters(holder, set, where));
        }

        /** As {@link #run(Jdbc.Tx, Jdbc.RowMapper, String, Object[], Object...)}, in a statement of its own. */
        public <T> List<T> run(Jdbc.RowMapper<T> mapper, String holder, Object[] set, Object... where) {
            return jdbc.query(sql, mapper, parameters(holder, set, where));
        }

        private Object[] parameters(String holder, Object[] set, Object[] where) {
            List<Object> all = new ArrayList<>(Arrays.asList(set));
            if (columns.holder() != null) {
                all.add(holder);
            }
            all.add(staleSeconds());
            all.addAll(Arrays.asList(where));
            return all.toArray();
        }
    }

    /**
     * A take of many rows at once, built once: up to a number of the claims {@link #take} would take among the rows
     * {@code rows} selects, in {@code order}, rows another instance is taking at the same moment skipped rather than
     * waited for ({@code FOR UPDATE SKIP LOCKED}), so instances sharing the rows never take one twice. Each taken row
     * gets the lease part (the holder, renewed now, the epoch raised) and returns its key and new epoch.
     */
    public Due takingDue(String free, String rows, String order) {
        Columns c = columns;
        String sql = """
                UPDATE %1$s taken SET %2$s%3$s = now(), %4$s = taken.%4$s + 1
                  FROM (SELECT %5$s FROM %1$s
                         WHERE (%3$s IS NULL OR %3$s < now() - make_interval(secs => ?) OR %6$s) AND (%7$s) AND (%8$s)
                         ORDER BY %9$s
                         LIMIT ?
                         FOR UPDATE SKIP LOCKED) due
                 WHERE taken.%5$s = due.%5$s
                RETURNING taken.%5$s, taken.%4$s
                """.formatted(c.table(), c.holder() == null ? "" : c.holder() + " = ?, ", c.renewedAt(), c.epoch(), c.key(), free,
                rows, c.live(), order);
        return new Due(sql);
    }

    /** A take of many rows ({@link #takingDue}); its parameters are the holder and the store's term, then the kind's
     *  {@code free} and {@code rows} ones, then the most rows to take. */
    public final class Due {
        private final String sql;

        private Due(String sql) {
            this.sql = sql;
        }

        /** Takes at most {@code limit} for {@code holder}: each taken row's key (as {@code keys} reads it) and new epoch. */
        public <K> List<java.util.Map.Entry<K, Long>> run(Jdbc.RowMapper<K> keys, String holder, int limit, Object... where) {
            List<Object> all = new ArrayList<>();
            if (columns.holder() != null) {
                all.add(holder);
            }
            all.add(staleSeconds());
            all.addAll(Arrays.asList(where));
            all.add(limit);
            return jdbc.query(sql, rs -> java.util.Map.entry(keys.map(rs), rs.getLong(2)), all.toArray());
        }
    }

    /**
     * The end of every claim whose holder stopped renewing it for a lease (its instance died or stalled) among the rows
     * {@code rows} selects, built once: the kind's own columns set ({@code set}: how the kind closes it), the epoch
     * raised so the holder, should it wake up, writes nothing more; a row never renewed counts from never. Its
     * parameters are the {@code set} ones, then the {@code rows} ones; it returns the kind's {@code returning} columns.
     */
    public Expiry endingExpired(String set, String rows, String returning) {
        Columns c = columns;
        return new Expiry("""
                UPDATE %1$s SET %2$s, %3$s = %3$s + 1
                 WHERE (%4$s) AND (%5$s) AND (%6$s IS NULL OR %6$s < now() - make_interval(secs => ?))
                RETURNING %7$s
                """.formatted(c.table(), set, c.epoch(), c.live(), rows, c.renewedAt(), returning));
    }

    /** The end of expired claims ({@link #endingExpired}). */
    public final class Expiry {
        private final String sql;

        private Expiry(String sql) {
            this.sql = sql;
        }

        /** Ends them now: one row per claim ended, as {@code mapper} reads the kind's {@code returning} columns. */
        public <T> List<T> run(Jdbc.RowMapper<T> mapper, Object[] set, Object... where) {
            return jdbc.query(sql, mapper, parameters(set, where));
        }

        /** As {@link #run(Jdbc.RowMapper, Object[], Object...)}, in {@code tx} (with what the caller writes beside it). */
        public <T> List<T> run(Jdbc.Tx tx, Jdbc.RowMapper<T> mapper, Object[] set, Object... where) throws SQLException {
            return tx.query(sql, mapper, parameters(set, where));
        }

        private Object[] parameters(Object[] set, Object[] where) {
            List<Object> all = new ArrayList<>(Arrays.asList(set));
            all.addAll(Arrays.asList(where));
            all.add(staleSeconds());
            return all.toArray();
        }
    }

    /**
     * For rows that may not exist yet: inserts the row as a claim just taken (the kind's own {@code columns} and their
     * {@code values}, the lease part by the store: renewed now, epoch 1), or, when the row is there, takes it as
     * {@link #take} does. The new epoch, or empty while another holds it (or the row is no claim any more). Each step
     * is one atomic statement: of two instances inserting, one inserts and the other finds a fresh claim.
     */
    public OptionalLong insertOrTake(Jdbc.Tx tx, String insert, Object key, String holder, Object... values) throws SQLException {
        Optional<Long> inserted = tx.one(insert, rs -> rs.getLong(1), insertParameters(holder, values));
        return inserted.isPresent() ? OptionalLong.of(inserted.get()) : take(tx, key, holder);
    }

    /** {@link #insertOrTake}'s statement, built once: the kind's {@code columns} (one of them its key) and {@code values}. */
    public String inserting(String columns, String values) {
        Columns c = this.columns;
        return "INSERT INTO %1$s (%2$s, %3$s%4$s, %5$s) VALUES (%6$s, %7$snow(), 1) ON CONFLICT DO NOTHING RETURNING %5$s".formatted(
                c.table(), columns, c.holder() == null ? "" : c.holder() + ", ", c.renewedAt(), c.epoch(), values,
                c.holder() == null ? "" : "?, ");
    }

    private Object[] insertParameters(String holder, Object[] values) {
        List<Object> all = new ArrayList<>(Arrays.asList(values));
        if (columns.holder() != null) {
            all.add(holder);
        }
        return all.toArray();
    }

    /**
     * A hand back that also sets the kind's own columns ({@code set}, may be empty) in the same statement: frees the
     * lease, conditional on the epoch and raising it. Its parameters are the {@code set} ones, then the key and epoch.
     */
    public String handingBack(String set) {
        return freeing(set, true);
    }

    /**
     * The end of a claim whose holder is done with it, with the kind's own columns ({@code set}, may be empty): frees
     * the lease, conditional on the epoch, which it leaves as it is (nothing is written under it after the end).
     * Parameters as {@link #handingBack}; run it in the transaction whose fence ({@link #locking}) locked the row.
     */
    public String ending(String set) {
        return freeing(set, false);
    }

    private String freeing(String set, boolean raise) {
        String epoch = columns.epoch();
        return "UPDATE %1$s SET %2$s%3$s%4$s = %9$s%5$s WHERE %6$s = ? AND %7$s = ? AND (%8$s)".formatted(columns.table(),
                set.isEmpty() ? "" : set + ", ", columns.holder() == null ? "" : columns.holder() + " = NULL, ", columns.renewedAt(),
                raise ? ", " + epoch + " = " + epoch + " + 1" : "", columns.key(), epoch, columns.live(), columns.freedAt());
    }

    /**
     * A hand back that keeps the holder: the epoch raised (conditional on it), so nothing more is written under the old
     * one, while the claim stays its holder's until it goes stale (a kind whose {@code free} lets the holder take it
     * again). False when it was no longer this epoch's.
     */
    public boolean handBackKept(Object key, long epoch) {
        return jdbc.update(handBackKept, key, epoch) == 1;
    }

    /**
     * The fence that also locks the row for an update in the caller's transaction and reads the kind's {@code columns}
     * with it: the row while it still carries the epoch (parameters: the key, the epoch), none once taken over.
     */
    public String locking(String columns) {
        return "SELECT %1$s FROM %2$s WHERE %3$s = ? AND %4$s = ? AND (%5$s) FOR UPDATE".formatted(columns, this.columns.table(),
                this.columns.key(), this.columns.epoch(), this.columns.live());
    }

    /** Takes the lease on {@code key} for {@code holder} in {@code tx}: its new epoch, or empty while another holds it. */
    public OptionalLong take(Jdbc.Tx tx, Object key, String holder) throws SQLException {
        return take.run(tx, rs -> rs.getLong(1), holder, NONE, key).stream().mapToLong(Long::longValue).findFirst();
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
