package com.cleanupservice.batch;

import com.cleanupservice.persistence.Jdbc;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inbox's exactly-once record in PostgreSQL (table {@code CAMEL_MESSAGEPROCESSED}, processor
 * {@value #PROCESSOR}), used by the file consumer both as its idempotent repository and as its cluster-wide read
 * lock. Two changes to camel-sql's repository, both for several instances and crashes:
 * <ul>
 * <li>taking a file is one atomic {@code INSERT ... ON CONFLICT}: the stock check-then-insert lets two instances both
 * see "absent", and the loser's duplicate-key error would only be logged;</li>
 * <li>a row is a claim ({@code in_progress}) until the file is done, renewed while it runs: the claim of an instance
 * that died mid-file goes stale and another instance (or this one after a restart) takes the file over, instead of
 * the file sitting in the inbox forever. A re-run of a batch is safe: node cleanups resume where they stopped.</li>
 * </ul>
 */
public final class InboxIdempotentRepository extends JdbcMessageIdRepository {
    public static final String PROCESSOR = "cleanup-inbox";

    /** Takes the key if nobody has it, or if its claim went stale (the instance holding it stopped renewing). */
    private static final String CLAIM = """
            INSERT INTO CAMEL_MESSAGEPROCESSED AS m (processorName, messageId, createdAt, in_progress)
            VALUES (?, ?, now(), TRUE)
            ON CONFLICT (processorName, messageId) DO UPDATE SET createdAt = now()
             WHERE m.in_progress AND m.createdAt < now() - make_interval(secs => ?)
            """;
    /** Known = done, or claimed and the claim still alive. */
    private static final String KNOWN = """
            SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED
             WHERE processorName = ? AND messageId = ?
               AND (NOT in_progress OR createdAt >= now() - make_interval(secs => ?))
            """;
    private static final String DONE = """
            UPDATE CAMEL_MESSAGEPROCESSED SET in_progress = FALSE, createdAt = now()
             WHERE processorName = ? AND messageId = ?
            """;
    private static final String RENEW = """
            UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = now()
             WHERE processorName = ? AND messageId = ? AND in_progress
            """;
    private static final String FORGET = "DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?";

    private final Jdbc jdbc;
    private final double staleSeconds;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public InboxIdempotentRepository(Jdbc jdbc, Duration staleAfter) {
        super(jdbc.dataSource(), PROCESSOR);
        this.jdbc = jdbc;
        this.staleSeconds = staleAfter.toMillis() / 1000.0;
        setCreateTableIfNotExists(false); // Flyway owns the table (V4)
    }

    @Override
    public boolean add(String key) {
        boolean taken = jdbc.update(CLAIM, PROCESSOR, key, staleSeconds) == 1;
        if (taken) {
            held.add(key);
        }
        return taken;
    }

    @Override
    public boolean contains(String key) {
        return jdbc.one(KNOWN, rs -> rs.getInt(1), PROCESSOR, key, staleSeconds).orElse(0) > 0;
    }

    /** The file was processed (moved to .done or .error): never again. */
    @Override
    public boolean confirm(String key) {
        held.remove(key);
        return jdbc.update(DONE, PROCESSOR, key) == 1;
    }

    /** The file was not processed (rolled back): let it be taken again. */
    @Override
    public boolean remove(String key) {
        held.remove(key);
        return jdbc.update(FORGET, PROCESSOR, key) == 1;
    }

    /** Keeps this instance's claims alive while their files are processed. */
    public void renewHeld() {
        for (String key : held) {
            jdbc.update(RENEW, PROCESSOR, key);
        }
    }

    @Override
    public String toString() {
        return "InboxIdempotentRepository[" + PROCESSOR + "]";
    }
}
