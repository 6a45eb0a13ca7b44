package com.cleanupservice.persistence;

import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Flyway migrations on a fresh PostgreSQL database, and the {@link Jdbc} helper's transactions. */
class MigrationsTest {
    private static final String CHECK_VIOLATION = "23514";

    private static final List<String> TABLES = List.of("nodes", "ip_reservations", "dns_records", "vnic_info",
            "deployments", "cleanup_runs", "cleanup_operations", "dead_letters");

    private static final List<String> INDEXES = List.of(
            "nodes_deployment_idx", "nodes_status_updated_idx",
            "ip_reservations_node_idx",
            "dns_records_node_idx", "dns_records_cluster_idx",
            "vnic_info_node_idx",
            "cleanup_runs_created_idx", "cleanup_runs_state_idx",
            "cleanup_operations_run_id_idx", "cleanup_operations_node_idx", "nodes_updated_id_idx",
            "dead_letters_open_idx", "dead_letters_deployment_idx");

    /** Migrated once for the tests that only read the schema or insert independent rows. */
    private static DataSource shared;
    private static Jdbc jdbc;

    @BeforeAll
    static void migrate() {
        shared = TestDatabase.freshDataSource();
        Database.migrate(shared);
        jdbc = new Jdbc(shared);
    }

    private static long count(Jdbc jdbc, String table) {
        // table names come from the constants above, never from input
        return jdbc.one("SELECT count(*) FROM " + table, rs -> rs.getLong(1)).orElseThrow();
    }

    private static Set<String> publicTables(Jdbc jdbc) {
        return jdbc.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
                rs -> rs.getString(1)).stream().collect(Collectors.toSet());
    }

    @Test
    void aFreshDatabaseIsEmptyBeforeMigrating() {
        Jdbc fresh = new Jdbc(TestDatabase.freshDataSource());

        assertThat(publicTables(fresh)).doesNotContainAnyElementsOf(TABLES);
    }

    @Test
    void migrationCreatesEveryTable() {
        assertThat(publicTables(jdbc)).containsAll(TABLES).contains("flyway_schema_history");
    }

    @Test
    void migrationCreatesEveryNamedIndex() {
        Map<String, String> indexes = jdbc.query(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
                rs -> Map.entry(rs.getString(1), rs.getString(2))).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(indexes).containsKeys(INDEXES.toArray(String[]::new));
        assertThat(indexes.get("nodes_status_updated_idx")).contains("(deployment_status, updated_at)");
        assertThat(indexes.get("dns_records_cluster_idx")).contains("WHERE (node_name IS NULL)");
        assertThat(indexes.get("cleanup_runs_created_idx")).contains("created_at DESC");
        assertThat(indexes.get("cleanup_runs_state_idx")).contains("WHERE").contains("accepted").contains("running");
        assertThat(indexes.get("dead_letters_open_idx")).contains("(status, node_name)");
    }

    @Test
    void migratingTwiceIsANoOp() {
        DataSource ds = TestDatabase.freshDataSource();
        Jdbc db = new Jdbc(ds);
        Database.migrate(ds);
        List<Map<String, Object>> historyBefore = db.rows(
                "SELECT version, checksum, success FROM flyway_schema_history ORDER BY installed_rank");
        db.update("INSERT INTO deployments (deployment_id, name) VALUES (?, ?)", "dep-keep", "kept");

        Database.migrate(ds);

        List<Map<String, Object>> historyAfter = db.rows(
                "SELECT version, checksum, success FROM flyway_schema_history ORDER BY installed_rank");
        assertThat(historyBefore).isNotEmpty().allSatisfy(row -> assertThat(row.get("success")).isEqualTo(true));
        assertThat(historyBefore).anySatisfy(row -> assertThat(row.get("version")).isEqualTo("1"));
        assertThat(historyAfter).isEqualTo(historyBefore);
        assertThat(db.one("SELECT name FROM deployments WHERE deployment_id = ?", rs -> rs.getString(1), "dep-keep"))
                .hasValue("kept");
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({
            "nodes, bare_metal_state, nodes_bare_metal_state_check",
            "ip_reservations, state, ip_reservations_state_check",
            "dns_records, state, dns_records_state_check",
            "vnic_info, state, vnic_info_state_check",
    })
    void stateCheckRejectsAnUnknownState(String table, String column, String constraint) throws SQLException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // the same row passes with a known state, so only the state makes the difference
        insertLedgerRow(table, column, "DELETING", "ok-" + suffix);

        SQLException e = catchThrowableOfType(() -> insertLedgerRow(table, column, "BOGUS", "bad-" + suffix),
                SQLException.class);

        assertThat((Throwable) e).as("insert with state BOGUS").isNotNull();
        assertThat(e.getSQLState()).isEqualTo(CHECK_VIOLATION);
        assertThat(e.getMessage()).contains(constraint);
        assertThat(jdbc.one("SELECT count(*) FROM " + table + " WHERE " + column + " = 'BOGUS'",
                rs -> rs.getLong(1))).hasValue(0L);
    }

    @Test
    void everyLedgerStateIsAccepted() throws SQLException {
        for (String state : List.of("PRESENT", "DELETING", "GONE", "FAILED", "BLOCKED")) {
            insertLedgerRow("vnic_info", "state", state, "state-" + state);
        }
        assertThat(jdbc.one("SELECT count(DISTINCT state) FROM vnic_info WHERE node_name LIKE 'state-%'",
                rs -> rs.getLong(1))).hasValue(5L);
    }

    @Test
    void aDnsRecordNeedsANodeOrADeployment() throws SQLException {
        try (Connection c = shared.getConnection(); Statement s = c.createStatement()) {
            SQLException e = catchThrowableOfType(() -> s.executeUpdate(
                    "INSERT INTO dns_records (record_id) VALUES ('A:orphan')"), SQLException.class);

            assertThat((Throwable) e).as("insert without owner").isNotNull();
            assertThat(e.getSQLState()).isEqualTo(CHECK_VIOLATION);
            assertThat(e.getMessage()).contains("dns_records_owner_check");
        }
    }

    @Test
    void newLedgerRowsStartPresent() {
        jdbc.update("INSERT INTO ip_reservations (node_name, reservation_id) VALUES (?, ?)", "node-default", "ip-default");

        assertThat(jdbc.one("SELECT state FROM ip_reservations WHERE reservation_id = ?", rs -> rs.getString(1),
                "ip-default")).hasValue("PRESENT");
    }

    /** Inserts a minimal row of a ledger table with the given state, through plain JDBC so SQLException surfaces. */
    private static void insertLedgerRow(String table, String column, String state, String key) throws SQLException {
        String sql = switch (table) {
            case "nodes" -> "INSERT INTO nodes (node_name, bare_metal_state) VALUES (?, ?)";
            // IBM ids are unique per table (V6): derive one from the key
            case "ip_reservations" -> "INSERT INTO ip_reservations (node_name, reservation_id, state) VALUES (?, ? || '-ip', ?)";
            case "dns_records" -> "INSERT INTO dns_records (node_name, record_id, state) VALUES (?, 'A:' || ?, ?)";
            case "vnic_info" -> "INSERT INTO vnic_info (node_name, vnic_id, state) VALUES (?, ? || '-vni', ?)";
            default -> throw new IllegalArgumentException(table + "." + column);
        };
        try (Connection c = shared.getConnection(); var ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            if (table.equals("nodes")) {
                ps.setString(2, state);
            } else {
                ps.setString(2, key);
                ps.setString(3, state);
            }
            ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- Jdbc transactions

    @Test
    void inTransactionCommitsOnSuccess() {
        long before = count(jdbc, "deployments");

        String result = jdbc.inTransaction(tx -> {
            tx.update("INSERT INTO deployments (deployment_id) VALUES (?)", "dep-commit-1");
            tx.update("INSERT INTO deployments (deployment_id) VALUES (?)", "dep-commit-2");
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(count(jdbc, "deployments")).isEqualTo(before + 2);
    }

    @Test
    void inTransactionRollsBackOnARuntimeException() {
        long before = count(jdbc, "deployments");
        IllegalStateException failure = new IllegalStateException("abort");

        assertThatThrownBy(() -> jdbc.inTransaction(tx -> {
            tx.update("INSERT INTO deployments (deployment_id) VALUES (?)", "dep-rollback-1");
            assertThat(tx.one("SELECT count(*) FROM deployments WHERE deployment_id = ?", rs -> rs.getLong(1),
                    "dep-rollback-1")).as("visible inside the transaction").hasValue(1L);
            throw failure;
        })).isSameAs(failure);

        assertThat(count(jdbc, "deployments")).isEqualTo(before);
        assertThat(jdbc.one("SELECT 1 FROM deployments WHERE deployment_id = ?", rs -> rs.getInt(1), "dep-rollback-1"))
                .isEmpty();
    }

    @Test
    void inTransactionRollsBackOnAnSqlExceptionAndWrapsIt() {
        long before = count(jdbc, "deployments");

        assertThatThrownBy(() -> jdbc.inTransaction(tx -> {
            tx.update("INSERT INTO deployments (deployment_id) VALUES (?)", "dep-dup");
            tx.update("INSERT INTO deployments (deployment_id) VALUES (?)", "dep-dup"); // primary key violation
            return null;
        })).isInstanceOf(Jdbc.DataAccessException.class)
                .hasCauseInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("23505"));

        assertThat(count(jdbc, "deployments")).isEqualTo(before);
    }

    @Test
    void rowsMapTimestampsToInstants() {
        jdbc.update("INSERT INTO deployments (deployment_id, name) VALUES (?, ?)", "dep-row", "row");

        List<Map<String, Object>> rows = jdbc.rows(
                "SELECT deployment_id, name, created_at FROM deployments WHERE deployment_id = ?", "dep-row");

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("deployment_id", "dep-row").containsEntry("name", "row");
            assertThat(row.get("created_at")).isInstanceOf(Instant.class);
            assertThat(row.keySet()).containsExactly("deployment_id", "name", "created_at");
        });
    }

    @Test
    void instantAndUuidParametersAreBound() {
        UUID runId = UUID.randomUUID();
        Instant startedAt = Instant.parse("2025-01-02T03:04:05.678Z");

        jdbc.update("INSERT INTO cleanup_runs (run_id, kind, trigger, state, started_at) VALUES (?, ?, ?, ?, ?)",
                runId, "node", "api", "running", startedAt);

        assertThat(jdbc.one("SELECT started_at FROM cleanup_runs WHERE run_id = ?",
                rs -> rs.getTimestamp(1).toInstant(), runId)).hasValue(startedAt);
    }
}
