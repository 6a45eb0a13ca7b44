package com.cleanupservice.batch;

import com.cleanupservice.lease.Lease;
import com.cleanupservice.lease.LeaseStore;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.persistence.Jdbc;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inbox's exactly-once record in PostgreSQL (table {@code CAMEL_MESSAGEPROCESSED}, processor
 * {@value #PROCESSOR}), used by the file consumer both as its idempotent repository and as its cluster-wide read
 * lock. Two changes to camel-sql's repository, both for several instances and crashes:
 * <ul>
 * <li>taking a file is the {@link LeaseStore}'s insert-or-take ({@link #COLUMNS}): an atomic {@code INSERT ... ON
 * CONFLICT DO NOTHING}, else the store's conditional take; the stock check-then-insert lets two instances both see
 * "absent", and the loser's duplicate-key error would only be logged;</li>
 * <li>a row is a claim ({@code in_progress}) until the file is done, held as a {@link Lease} (renewed with every
 * other lease of this instance): the claim of an instance that died mid-file goes stale and another instance (or this
 * one after a restart) takes the file over, raising the row's epoch, instead of the file sitting in the inbox forever.
 * The instance that lost it writes nothing more for the file ({@link #finishing}). A re-run of a batch is safe: node
 * cleanups resume where they stopped.</li>
 * <li>an instance that shuts down hands its claims back (stale at once, under a new epoch): another instance takes
 * the file at its next poll, and this one writes nothing more for it. Writing a file's outcome and confirming it is
 * one step the hand back waits for ({@link #finishing}), so a file is never both finished here and run again.</li>
 * </ul>
 */
public final class InboxIdempotentRepository extends JdbcMessageIdRepository {
    public static final String PROCESSOR = "cleanup-inbox";

    /**
     * The lease part of a file's row: its key (this processor's {@code messageId}), renewed in {@code createdAt} (camel-sql's
     * column, never null: a lease handed back gets a time long past, so it is stale at once), fenced by {@code epoch},
     * a claim while {@code in_progress}. The row names no holder.
     */
    static final LeaseStore.Columns COLUMNS = new LeaseStore.Columns("CAMEL_MESSAGEPROCESSED", "messageId", null, "createdAt", "epoch",
            "processorName = '" + PROCESSOR + "' AND in_progress", "'-infinity'");
    /** Known = done, or claimed and the claim still alive. */
    private static final String KNOWN = """
            SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED
             WHERE processorName = ? AND messageId = ?
               AND (NOT in_progress OR createdAt >= now() - make_interval(secs => ?))
            """;
    private static final String DONE = """
            UPDATE CAMEL_MESSAGEPROCESSED SET in_progress = FALSE, createdAt = now()
             WHERE processorName = ? AND messageId = ? AND epoch = ?
            """;
    private static final String FORGET = "DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ? AND epoch = ?";

    private final Jdbc jdbc;
    private final Leases leases;
    private final double staleSeconds;
    private final LeaseStore store;
    /** A file seen for the first time: inserted as a claim just taken. */
    private final String insert;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    /** Files whose outcome is being written here: entered into their lease until confirmed or removed. */
    private final Map<String, Lease> finishing = new ConcurrentHashMap<>();

    public InboxIdempotentRepository(Jdbc jdbc, Leases leases) {
        super(jdbc.dataSource(), PROCESSOR);
        this.jdbc = jdbc;
        this.leases = leases;
        this.staleSeconds = leases.term().toMillis() / 1000.0;
        this.store = new LeaseStore(jdbc, leases, COLUMNS);
        this.insert = store.inserting("processorName, messageId, in_progress", "?, ?, TRUE");
        setCreateTableIfNotExists(false); // Flyway owns the table (V4)
    }

    /** Takes the file, unless this instance is shutting down (then another instance takes it). */
    @Override
    public boolean add(String key) {
        if (leases.closing()) {
            return false;
        }
        // taken if nobody has it, or if its claim went stale (the instance holding it stopped renewing)
        OptionalLong epoch = jdbc.inTransaction(tx -> store.insertOrTake(tx, insert, key, null, PROCESSOR, key));
        if (epoch.isEmpty()) {
            return false;
        }
        held.put(key, store.hold("inbox file " + key, Lease.Kind.FILE, key, epoch.getAsLong()));
        return true;
    }

    /** Whether this instance still holds the file; false once taken over or handed back. */
    public boolean holds(String key) {
        Lease lease = held.get(key);
        return lease != null && lease.held();
    }

    /**
     * Before this instance writes the file's outcome (result or error file): whether it still holds the file. From a
     * true answer until the file is confirmed or removed, a hand back waits (a shutdown does not give the file to
     * another instance while its outcome is being written here); false once taken over or handed back.
     */
    public boolean finishing(String key) {
        Lease lease = held.get(key);
        if (lease == null) {
            return false;
        }
        if (finishing.containsKey(key)) {
            return lease.held();
        }
        if (!lease.enter()) {
            return false;
        }
        finishing.put(key, lease);
        return true;
    }

    @Override
    public boolean contains(String key) {
        return jdbc.one(KNOWN, rs -> rs.getInt(1), PROCESSOR, key, staleSeconds).orElse(0) > 0;
    }

    /** The file was processed (moved to .done or .error): never again. */
    @Override
    public boolean confirm(String key) {
        return end(key, DONE);
    }

    /** The file was not processed (rolled back): let it be taken again — unless another instance has it now. */
    @Override
    public boolean remove(String key) {
        return end(key, FORGET);
    }

    /** The claim's last write ({@code sql}, under its epoch), then this instance lets the file go. */
    private boolean end(String key, String sql) {
        Lease lease = held.remove(key);
        try {
            return lease != null && jdbc.update(sql, PROCESSOR, key, lease.epoch()) == 1;
        } finally {
            if (lease != null) {
                leases.release(lease);
            }
            Lease entered = finishing.remove(key);
            if (entered != null) {
                entered.leave();
            }
        }
    }

    @Override
    public String toString() {
        return "InboxIdempotentRepository[" + PROCESSOR + "]";
    }
}
