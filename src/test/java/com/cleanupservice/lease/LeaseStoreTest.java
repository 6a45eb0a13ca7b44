package com.cleanupservice.lease;

import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's statements on tables of their own, in the three shapes the claims keep their leases in: a plain lease
 * (the sweep guard, runs), a take shaped by its kind with the kind's own columns (node claims), and a row that names
 * no holder, is inserted on take and cannot hold a null time (inbox files). Every take raises the epoch, every write
 * under a lease is conditional on it, a hand back frees and raises it.
 */
class LeaseStoreTest {
    private static final Duration TERM = Duration.ofMinutes(15);
    private static javax.sql.DataSource database;
    private static Jdbc jdbc;

    @BeforeAll
    static void tables() {
        database = TestDatabase.freshDataSource();
        jdbc = new Jdbc(database);
        jdbc.update("CREATE TABLE plain (name TEXT PRIMARY KEY, owner TEXT, renewed_at TIMESTAMPTZ, epoch BIGINT NOT NULL DEFAULT 0)");
        jdbc.update("""
                CREATE TABLE shaped (id BIGINT PRIMARY KEY, status TEXT NOT NULL, run TEXT, owner TEXT, renewed_at TIMESTAMPTZ,
                                     epoch BIGINT NOT NULL DEFAULT 0, pinned BOOLEAN NOT NULL DEFAULT FALSE)""");
        jdbc.update("""
                CREATE TABLE queue (id INT PRIMARY KEY, owner TEXT, renewed_at TIMESTAMPTZ, epoch BIGINT NOT NULL DEFAULT 0,
                                    done BOOLEAN NOT NULL DEFAULT FALSE, kind TEXT NOT NULL DEFAULT 'top')""");
        jdbc.update("""
                CREATE TABLE files (id TEXT PRIMARY KEY, at TIMESTAMPTZ NOT NULL DEFAULT now(), epoch BIGINT NOT NULL DEFAULT 1,
                                    open BOOLEAN NOT NULL DEFAULT FALSE)""");
    }

    @Test
    void aTakeRaisesTheEpochAndEveryWriteUnderTheLeaseIsFencedByIt() throws Exception {
        LeaseStore store = new LeaseStore(jdbc, new Leases(TERM), new LeaseStore.Columns("plain", "name", "owner", "renewed_at", "epoch", "TRUE"));
        jdbc.update("INSERT INTO plain (name) VALUES ('g')");

        OptionalLong first = jdbc.inTransaction(tx -> store.take(tx, "g", "a"));
        assertThat(first).hasValue(1);
        assertThat(jdbc.<OptionalLong>inTransaction(tx -> store.take(tx, "g", "b"))).as("held and fresh").isEmpty();
        assertThat(store.holder("g")).contains("a");
        assertThat(store.renew("g", 1)).isTrue();
        assertThat(jdbc.<Boolean>inTransaction(tx -> store.current(tx, "g", 1))).isTrue();

        assertThat(store.handBack("g", 1)).isTrue();
        assertThat(store.holder("g")).isEmpty();
        assertThat(jdbc.<Boolean>inTransaction(tx -> store.current(tx, "g", 1))).as("a hand back raises the epoch").isFalse();
        assertThat(jdbc.<OptionalLong>inTransaction(tx -> store.take(tx, "g", "b"))).hasValue(3);
        assertThat(store.renew("g", 1)).as("the old epoch renews nothing").isFalse();
        assertThat(store.handBack("g", 1)).as("nor hands back").isFalse();

        jdbc.update("UPDATE plain SET renewed_at = now() - interval '16 minutes' WHERE name = 'g'");
        assertThat(store.expired()).containsExactly("g");
        assertThat(jdbc.<OptionalLong>inTransaction(tx -> store.take(tx, "g", "c"))).as("stale: taken over").hasValue(4);
        assertThat(store.renew("g", 3)).isFalse();
        assertThat(store.holder("g")).contains("c");
    }

    @Test
    void aTakeOfManyRowsTakesOnlyFreeOrStaleOnesOldestFirstUpToTheLimitAndSkipsRowsBeingTaken() throws Exception {
        LeaseStore store = new LeaseStore(jdbc, new Leases(TERM), new LeaseStore.Columns("queue", "id", "owner", "renewed_at", "epoch", "NOT done"));
        // free: nobody's; rows: top-level ones not excluded by the taker
        LeaseStore.Due due = store.takingDue("owner IS NULL", "kind = 'top' AND NOT (id = ANY(?))", "id");
        jdbc.update("INSERT INTO queue (id) VALUES (1), (2), (3), (4), (5)");
        jdbc.update("UPDATE queue SET done = TRUE WHERE id = 1");
        jdbc.update("UPDATE queue SET kind = 'child' WHERE id = 2");
        jdbc.update("UPDATE queue SET owner = 'x', renewed_at = now(), epoch = 7 WHERE id = 3");

        assertThat(due.run(rs -> rs.getInt(1), "a", 1, (Object) new Integer[0]))
                .as("ended, a child and a fresh lease are not due; the oldest first, one at most")
                .containsExactly(java.util.Map.entry(4, 1L));
        assertThat(due.run(rs -> rs.getInt(1), "b", 10, (Object) new Integer[] {5})).as("excluded by its taker").isEmpty();

        jdbc.update("UPDATE queue SET renewed_at = now() - interval '16 minutes' WHERE id = 3");
        try (java.sql.Connection other = database.getConnection()) {
            // another instance is taking row 3 right now: skipped, not waited for
            other.setAutoCommit(false);
            other.createStatement().execute("SELECT 1 FROM queue WHERE id = 3 FOR UPDATE");
            assertThat(due.run(rs -> rs.getInt(1), "b", 10, (Object) new Integer[0])).as("row 3 locked: only row 5")
                    .containsExactly(java.util.Map.entry(5, 1L));
            other.rollback();
        }
        assertThat(due.run(rs -> rs.getInt(1), "b", 10, (Object) new Integer[0]))
                .as("stale: taken over with the epoch raised")
                .containsExactly(java.util.Map.entry(3, 8L));
        assertThat(store.holder(3)).contains("b");
        assertThat(store.renew(3, 7)).as("the old holder's epoch renews nothing").isFalse();

        // the end of expired claims: the kind closes them its way, under a new epoch; fresh and ended ones stay
        LeaseStore.Expiry close = store.endingExpired("done = TRUE, owner = ? || owner", "TRUE", "id, epoch");
        jdbc.update("UPDATE queue SET renewed_at = now() - interval '16 minutes' WHERE id IN (1, 4)");
        assertThat(close.run(rs -> rs.getInt(1) + "/" + rs.getLong(2), new Object[] {"closed:"}))
                .as("row 4 stale; row 1 already done; 3 and 5 fresh; 2 never renewed counts from never")
                .containsExactlyInAnyOrder("4/2", "2/1");
        assertThat(jdbc.rows("SELECT owner FROM queue WHERE id = 4").get(0)).containsEntry("owner", "closed:a");
        assertThat(store.renew(4, 1)).as("closed: its holder renews nothing").isFalse();
    }

    @Test
    void aTakeShapedByItsKindWritesTheKindsColumnsInTheSameStatement() throws Exception {
        LeaseStore store = new LeaseStore(jdbc, new Leases(TERM),
                new LeaseStore.Columns("shaped", "id", "owner", "renewed_at", "epoch", "status = 'busy'"));
        // a row is free when not busy, or when the taker's run already holds it; never a pinned one
        LeaseStore.Take take = store.taking("status = 'busy', run = ?", "status <> 'busy' OR run = ?", "id = ?", "NOT pinned", "id, run");
        jdbc.update("INSERT INTO shaped (id, status) VALUES (1, 'idle'), (2, 'idle')");
        jdbc.update("UPDATE shaped SET pinned = TRUE WHERE id = 2");

        List<String> taken = take.run(rs -> rs.getLong("id") + "/" + rs.getString("run") + "/" + rs.getLong("epoch"), "a",
                new Object[] {"r1"}, "r1", 1L);
        assertThat(taken).containsExactly("1/r1/1");
        assertThat(take.run(rs -> 1, "a", new Object[] {"r1"}, "r1", 2L)).as("pinned").isEmpty();
        assertThat(take.run(rs -> 1, "b", new Object[] {"r2"}, "r2", 1L)).as("busy under a fresh lease of another run").isEmpty();
        List<Long> again = take.run(rs -> rs.getLong("epoch"), "b", new Object[] {"r1"}, "r1", 1L);
        assertThat(again).as("the run that holds it takes it again, under a new epoch").containsExactly(2L);

        assertThat(store.handBackKept(1L, 1)).isFalse();
        assertThat(store.handBackKept(1L, 2)).isTrue();
        assertThat(jdbc.one("SELECT owner || '/' || run || '/' || epoch FROM shaped WHERE id = 1", rs -> rs.getString(1)))
                .as("kept: the holder and run stay, the epoch is raised").contains("b/r1/3");
        assertThat(take.run(rs -> 1, "c", new Object[] {"r2"}, "r2", 1L)).as("still the run's").isEmpty();

        String end = store.ending("status = ?");
        assertThat(jdbc.update(end, "done", 1L, 2L)).as("the end is fenced").isZero();
        String locking = store.locking("status");
        String status = jdbc.inTransaction(tx -> {
            String locked = tx.one(locking, rs -> rs.getString(1), 1L, 3L).orElseThrow();
            tx.update(end, "done", 1L, 3L);
            return locked;
        });
        assertThat(status).isEqualTo("busy");
        assertThat(jdbc.one("SELECT status || '/' || epoch || '/' || (owner IS NULL) FROM shaped WHERE id = 1", rs -> rs.getString(1)))
                .as("ended: free, the epoch left as it was").contains("done/3/true");

        assertThat(take.run(rs -> rs.getLong("epoch"), "c", new Object[] {"r2"}, "r2", 1L)).containsExactly(4L);
        String handingBack = store.handingBack("status = ?");
        assertThat(jdbc.update(handingBack, "failed", 1L, 3L)).isZero();
        assertThat(jdbc.update(handingBack, "failed", 1L, 4L)).isOne();
        assertThat(jdbc.one("SELECT status || '/' || epoch || '/' || (owner IS NULL) FROM shaped WHERE id = 1", rs -> rs.getString(1)))
                .as("handed back: free, the epoch raised").contains("failed/5/true");
    }

    @Test
    void aRowThatNamesNoHolderIsInsertedOnTakeAndHandedBackStaleAtOnce() throws Exception {
        LeaseStore store = new LeaseStore(jdbc, new Leases(TERM),
                new LeaseStore.Columns("files", "id", null, "at", "epoch", "open", "'-infinity'"));
        String insert = store.inserting("id, open", "?, TRUE");

        assertThat(jdbc.<OptionalLong>inTransaction(tx -> store.insertOrTake(tx, insert, "f", null, "f"))).hasValue(1);
        assertThat(jdbc.<OptionalLong>inTransaction(tx -> store.insertOrTake(tx, insert, "f", null, "f"))).as("held").isEmpty();
        assertThat(store.renew("f", 1)).isTrue();
        assertThat(store.handBack("f", 1)).isTrue();
        assertThat(jdbc.one("SELECT at = '-infinity' FROM files WHERE id = 'f'", rs -> rs.getBoolean(1))).contains(true);
        assertThat(store.renew("f", 1)).isFalse();
        assertThat(jdbc.<OptionalLong>inTransaction(tx -> store.insertOrTake(tx, insert, "f", null, "f"))).as("handed back: stale at once").hasValue(3);

        jdbc.update("UPDATE files SET open = FALSE WHERE id = 'f' AND epoch = 3");
        jdbc.update("UPDATE files SET at = now() - interval '1 year' WHERE id = 'f'");
        assertThat(jdbc.<OptionalLong>inTransaction(tx -> store.insertOrTake(tx, insert, "f", null, "f")))
                .as("no claim any more: never taken again").isEmpty();
    }
}
