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
 * The instance that lost it writes nothing more for the file ({@link #holds}). A re-run of a batch is safe: node
 * cleanups resume where they stopped.</li>
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

    private final Jdbc jdbc;
    private final Leases leases;
    private final double staleSeconds;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();

    public InboxIdempotentRepository(Jdbc jdbc, Leases leases) {
        super(jdbc.dataSource(), PROCESSOR);
        this.jdbc = jdbc;
        this.leases = leases;
        this.staleSeconds = leases.term().toMillis() / 1000.0;
        setCreateTableIfNotExists(false); // Flyway owns the table (V4)
    }

    @Override
    public boolean add(String key) {
        Long epoch = jdbc.one(CLAIM, rs -> rs.getLong(1), PROCESSOR, key, staleSeconds).orElse(null);
        if (epoch == null) {
            return false;
        }
        held.put(key, leases.hold("inbox file " + key, epoch, e -> jdbc.update(RENEW, PROCESSOR, key, e) == 1));
        return true;
    }

    /** Whether this instance still holds the file (before it writes anything for it); false once taken over. */
    public boolean holds(String key) {
        Lease lease = held.get(key);
        return lease != null && lease.held();
    }

    @Override
    public boolean contains(String key) {
        return jdbc.one(KNOWN, rs -> rs.getInt(1), PROCESSOR, key, staleSeconds).orElse(0) > 0;
    }

    /** The file was processed (moved to .done or .error): never again. */
    @Override
    public boolean confirm(String key) {
        Lease lease = let(key);
        return lease != null && jdbc.update(DONE, PROCESSOR, key, lease.epoch()) == 1;
    }

    /** The file was not processed (rolled back): let it be taken again — unless another instance has it now. */
    @Override
    public boolean remove(String key) {
        Lease lease = let(key);
        return lease != null && jdbc.update(FORGET, PROCESSOR, key, lease.epoch()) == 1;
    }

    private Lease let(String key) {
        Lease lease = held.remove(key);
        if (lease != null) {
            leases.release(lease);
        }
        return lease;
    }

    @Override
    public String toString() {
        return "InboxIdempotentRepository[" + PROCESSOR + "]";
    }
}
