package com.cleanupservice.status;

import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.persistence.Database;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V14's counters against a recount of the nodes, whoever writes them: plain SQL of every kind, the other triggers
 * on nodes, threads at once, and the fold. Each test has a database of its own.
 */
class NodeStatusCountsTest {
    private static final String DEPLOYED = NodeStatus.DEPLOYED.value();
    private static final String FAILED = NodeStatus.FAILED.value();
    private static final String COMPLETED = NodeStatus.CLEANUP_COMPLETED.value();
    private static final String PENDING = NodeStatus.CLEANUP_PENDING.value();
    private static final String[] STATUSES = NodeStatus.valuesOf(List.of(NodeStatus.values())).toArray(String[]::new);

    private static final String INSERT_NODES = """
            INSERT INTO nodes (node_name, deployment_status)
            SELECT 'node-' || i, (?::text[])[1 + i % cardinality(?::text[])] FROM generate_series(1, ?) i
            """;

    private Jdbc jdbc;
    private NodeStatusCounts counts;

    @BeforeEach
    void migrate() {
        DataSource ds = TestDatabase.freshDataSource();
        Database.migrate(ds);
        jdbc = new Jdbc(ds);
        counts = new NodeStatusCounts(jdbc);
    }

    private void insertNodes(int n) {
        jdbc.update(INSERT_NODES, STATUSES, STATUSES, n);
    }

    private void assertExact() {
        assertThat(counts.byStatus()).isEqualTo(counts.recount());
    }

    private long rows() {
        return jdbc.one("SELECT COUNT(*) FROM node_status_counts", rs -> rs.getLong(1)).orElseThrow();
    }

    @Test
    void insertsUpdatesAndDeletesByPlainSqlAreCounted() {
        insertNodes(100);
        assertThat(counts.byStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
        assertExact();

        jdbc.update("UPDATE nodes SET deployment_status = ? WHERE id % 3 = 0", FAILED);
        assertExact();
        jdbc.update("UPDATE nodes SET deployment_status = ? WHERE id = ?", COMPLETED, 7);
        assertExact();
        jdbc.update("UPDATE nodes SET updated_at = now()"); // no status changed: nothing appended
        assertExact();
        jdbc.update("DELETE FROM nodes WHERE id % 4 = 0");
        assertExact();
        jdbc.update("INSERT INTO nodes (node_name) VALUES ('defaulted')"); // the column's default status
        assertExact();
    }

    @Test
    void aStatusWithoutNodesIsAbsentAsInAGroupBy() {
        insertNodes(9);
        jdbc.update("UPDATE nodes SET deployment_status = ?", DEPLOYED);

        assertThat(counts.byStatus()).containsExactly(Map.entry(DEPLOYED, 9L));
        assertExact();
    }

    /** V7's triggers change a status the statement never names; UPDATE OF deployment_status would miss both. */
    @Test
    void statusesChangedByOtherTriggersAreCounted() {
        jdbc.update("INSERT INTO nodes (node_name, deployment_status, bare_metal_id) VALUES ('a', ?, 'bm-a'), ('b', ?, NULL)",
                COMPLETED, COMPLETED);

        jdbc.update("UPDATE nodes SET bare_metal_id = 'bm-a2' WHERE node_name = 'a'"); // a new server reopens the node
        jdbc.update("INSERT INTO vnic_info (node_name, vnic_id) VALUES ('b', 'vni-b')"); // a late record reopens it

        assertThat(counts.byStatus()).containsExactly(Map.entry(PENDING, 2L));
        assertExact();
    }

    @Test
    void upsertsTruncatesAndRollbacksAreCounted() {
        insertNodes(20);
        jdbc.update("""
                INSERT INTO nodes (node_name, deployment_status) VALUES ('node-1', ?), ('fresh', ?)
                ON CONFLICT (node_name) DO UPDATE SET deployment_status = EXCLUDED.deployment_status
                """, FAILED, FAILED);
        assertExact();

        try {
            jdbc.inTransaction(tx -> {
                tx.update("UPDATE nodes SET deployment_status = ?", COMPLETED);
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the transaction's appended rows go with it
        }
        assertExact();

        jdbc.update("TRUNCATE nodes CASCADE");
        assertThat(counts.byStatus()).isEmpty();
        insertNodes(3);
        assertExact();
    }

    @Test
    void compactionFoldsToOneRowPerStatusAndKeepsTheSums() {
        insertNodes(50);
        for (int i = 1; i <= 30; i++) {
            jdbc.update("UPDATE nodes SET deployment_status = ? WHERE id = ?", i % 2 == 0 ? FAILED : COMPLETED, i);
        }
        Map<String, Long> before = counts.byStatus();
        assertThat(rows()).isGreaterThan(before.size());

        assertThat(counts.compact()).isTrue();

        assertThat(counts.byStatus()).isEqualTo(before);
        assertThat(rows()).isEqualTo(before.size());
        assertThat(counts.compact()).as("nothing left to fold").isFalse();
        assertExact();
    }

    /**
     * Threads change statuses at once — single nodes, and multi-node transactions touching statuses in opposite orders
     * (shared counter rows would deadlock them) — while another thread folds: no statement fails, nothing is lost.
     */
    @Test
    void concurrentWritersAndFoldsStayExact() throws Exception {
        insertNodes(400);
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                work.add(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 150; i++) {
                        // each thread its own nodes: row locks on nodes are not what this is about
                        int a = 1 + seed + threads * random.nextInt(400 / threads);
                        int b = 1 + seed + threads * random.nextInt(400 / threads);
                        String first = STATUSES[random.nextInt(STATUSES.length)];
                        String second = STATUSES[random.nextInt(STATUSES.length)];
                        if (i % 3 == 0) {
                            jdbc.update("UPDATE nodes SET deployment_status = ? WHERE id = ?", first, a);
                        } else {
                            jdbc.inTransaction(tx -> {
                                tx.update("UPDATE nodes SET deployment_status = ? WHERE id = ?", first, a);
                                tx.update("UPDATE nodes SET deployment_status = ? WHERE id = ?", second, b);
                                return null;
                            });
                        }
                    }
                    return 0;
                });
            }
            work.add(() -> {
                int folds = 0;
                for (int i = 0; i < 100; i++) {
                    folds += counts.compact() ? 1 : 0;
                }
                return folds;
            });
            for (Future<Integer> f : pool.invokeAll(work)) {
                f.get(); // rethrows a writer's failure (a deadlock would be one)
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(counts.byStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(400);
        assertExact();
        counts.compact();
        assertExact();
    }

    /** Nodes that were there before V14 are counted by the migration itself. */
    @Test
    void theMigrationCountsExistingNodes() {
        DataSource ds = TestDatabase.freshDataSource();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("13").load().migrate();
        Jdbc old = new Jdbc(ds);
        old.update(INSERT_NODES, STATUSES, STATUSES, 250);
        old.update("UPDATE nodes SET deployment_status = ? WHERE id <= 40", FAILED);

        Database.migrate(ds);

        NodeStatusCounts migrated = new NodeStatusCounts(old);
        assertThat(migrated.byStatus()).isEqualTo(migrated.recount());
        assertThat(migrated.byStatus().get(FAILED)).isEqualTo(
                old.one("SELECT COUNT(*) FROM nodes WHERE deployment_status = ?", rs -> rs.getLong(1), FAILED).orElseThrow());
        assertThat(migrated.byStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(250);
    }
}
