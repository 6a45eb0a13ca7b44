package com.cleanupservice.status;

import com.cleanupservice.persistence.Jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nodes by status without reading {@code nodes}: the partial counts V14's triggers append to
 * {@code node_status_counts} on every insert, update and delete of nodes, summed. A read costs the rows appended since
 * the last {@link #compact}, which folds them into one per status.
 */
public final class NodeStatusCounts {
    /** A status whose nodes all moved on sums to 0 and is left out, as a GROUP BY over nodes would not list it. */
    private static final String READ = """
            SELECT deployment_status, SUM(n) AS n FROM node_status_counts
             GROUP BY deployment_status HAVING SUM(n) <> 0 ORDER BY deployment_status
            """;
    private static final String SOMETHING_TO_FOLD =
            "SELECT COUNT(*) > COUNT(DISTINCT deployment_status) FROM node_status_counts";
    /** One instance folds at a time; a second would only wait on the first one's deleted rows. */
    private static final String FOLD_LOCK = "SELECT pg_try_advisory_xact_lock(?)";
    private static final long FOLD_LOCK_KEY = 0x6e6f64655f737461L; // "node_sta"
    /**
     * Deletes the rows it sums and inserts their sums in one statement: a reader sees the rows before or after, never
     * half, and rows appended meanwhile are not deleted (they were not visible to it) and stay to be summed.
     */
    private static final String FOLD = """
            WITH folded AS (DELETE FROM node_status_counts RETURNING deployment_status, n)
            INSERT INTO node_status_counts (deployment_status, n)
            SELECT deployment_status, SUM(n) FROM folded GROUP BY deployment_status HAVING SUM(n) <> 0
            """;
    private static final String RECOUNT =
            "SELECT deployment_status, COUNT(*) AS n FROM nodes GROUP BY deployment_status ORDER BY deployment_status";

    private final Jdbc jdbc;

    public NodeStatusCounts(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Nodes per status, by status name; statuses without nodes are absent. */
    public Map<String, Long> byStatus() {
        return collect(READ);
    }

    /** The same figures the slow way, from every node row: what the counters are checked against. */
    public Map<String, Long> recount() {
        return collect(RECOUNT);
    }

    /** Folds the appended rows into one per status; false when there was nothing to fold or another instance is at it. */
    public boolean compact() {
        if (!jdbc.one(SOMETHING_TO_FOLD, rs -> rs.getBoolean(1)).orElse(false)) {
            return false;
        }
        return jdbc.inTransaction(tx -> {
            if (!tx.one(FOLD_LOCK, rs -> rs.getBoolean(1), FOLD_LOCK_KEY).orElse(false)) {
                return false;
            }
            tx.update(FOLD);
            return true;
        });
    }

    private Map<String, Long> collect(String sql) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(sql, rs -> Map.entry(rs.getString("deployment_status"), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }
}
