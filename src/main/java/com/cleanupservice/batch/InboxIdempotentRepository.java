package com.cleanupservice.batch;

import com.cleanupservice.lease.Lease;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.persistence.Jdbc;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inbox's exactly-once record in PostgreSQL (table {@code CAMEL_MESSAGEPROCESSED}, processor
 * {@value #PROCESSOR}), used by the file consumer both as its idempotent repository and as its cluster-wide read
 * lock. Two changes to camel-sql's repository, both for several instances and crashes:
 * <ul>
 * <li>taking a file is one atomic {@code INSERT ... ON CONFLICT}: the stock check-then-insert lets two instances both
 * see "absent", and the loser's duplicate-key error would only be logged;</li>
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

    /** Takes the key if nobody has it, or if its claim went stale (the instance holding it stopped renewing). */
    private static final String CLAIM = """
            INSERT INTO CAMEL_MESSAGEPROCESSED AS m (processorName, messageId, createdAt, in_progress, epoch)
            VALUES (?, ?, now(), TRUE, 1)
            ON CONFLICT (processorName, messageId) DO UPDATE SET createdAt = now(), epoch = m.epoch + 1
             WHERE m.in_progress AND m.createdAt < now() - make_interval(secs => ?)
            RETURNING epoch
            """;
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
    private static final String RENEW = """
            UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = now()
             WHERE processorName = ? AND messageId = ? AND in_progress AND epoch = ?
            """;
    private static final String FORGET = "DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ? AND epoch = ?";
    /** Handed back (shutdown): still a claim, but one nobody renews, so {@link #CLAIM} takes it over at once. */
    private static final String HAND_BACK = """
            UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = '-infinity', epoch = epoch + 1
             WHERE processorName = ? AND messageId = ? AND in_progress AND epoch = ?
            """;

    private final Jdbc jdbc;
    private final Leases leases;
    private final double staleSeconds;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    /** Files whose outcome is being written here: entered into their lease until confirmed or removed. */
    private final Map<String, Lease> finishing = new ConcurrentHashMap<>();

    public InboxIdempotentRepository(Jdbc jdbc, Leases leases) {
        super(jdbc.dataSource(), PROCESSOR);
        this.jdbc = jdbc;
        this.leases = leases;
        this.staleSeconds = leases.term().toMillis() / 1000.0;
        setCreateTableIfNotExists(false); // Flyway owns the table (V4)
    }

    /** Takes the file, unless this instance is shutting down (then another instance takes it). */
    @Override
    public boolean add(String key) {
        if (leases.closing()) {
            return false;
        }
        Long epoch = jdbc.one(CLAIM, rs -> rs.getLong(1), PROCESSOR, key, staleSeconds).orElse(null);
        if (epoch == null) {
            return false;
        }
        held.put(key, leases.hold("inbox file " + key, Lease.Kind.FILE, epoch, e -> jdbc.update(RENEW, PROCESSOR, key, e) == 1,
                e -> jdbc.update(HAND_BACK, PROCESSOR, key, e) == 1));
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
