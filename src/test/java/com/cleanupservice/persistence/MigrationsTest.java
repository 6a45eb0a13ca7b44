package com.cleanupservice.persistence;

import com.cleanupservice.config.Settings;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.testsupport.TestDatabase;
import org.apache.camel.impl.DefaultCamelContext;
import org.flywaydb.core.Flyway;
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
            "deployments", "cleanup_runs", "cleanup_operations", "dead_letters", "tracked_resources", "default_place");

    private static final List<String> INDEXES = List.of(
            "nodes_deployment_idx", "nodes_status_updated_idx",
            "ip_reservations_node_idx",
            "dns_records_node_idx", "dns_records_cluster_idx",
            "vnic_info_node_idx",
            "cleanup_runs_created_idx", "cleanup_runs_state_idx",
            "cleanup_operations_run_id_idx", "cleanup_operations_node_idx", "nodes_updated_id_idx",
            "dead_letters_open_idx", "dead_letters_deployment_idx",
            "tracked_resources_ibm_id_key", "tracked_resources_node_idx", "tracked_resources_deployment_idx",
            "tracked_resources_type_ibm_id_idx");

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

    private static Set<String> publicBaseTables(Jdbc jdbc) {
        return jdbc.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
                rs -> rs.getString(1)).stream().collect(Collectors.toSet());
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
            "tracked_resources, state, tracked_resources_state_check",
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
            case "tracked_resources" -> "INSERT INTO tracked_resources (resource_type, node_name, ibm_id, state) VALUES ('floating_ip', ?, ? || '-fip', ?)";
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

    // ---------------------------------------------------------------- V18: floating_ips and security_groups move

    /**
     * A database the last release (V17) wrote: floating IPs and security groups of nodes and of a deployment in every
     * ledger state, audit rows and dead letters naming them. After V18 every row is in {@code tracked_resources} with
     * what it had, the audit rows and dead letters still name their rows, and the service's own SQL reads them.
     */
    @Test
    void v18MovesFloatingIpsAndSecurityGroupsIntoTheSharedLedgerWithTheirHistories() {
        DataSource ds = TestDatabase.freshDataSource();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("17").load().migrate();
        Jdbc old = new Jdbc(ds);
        old.update("INSERT INTO deployments (deployment_id, name) VALUES ('dep-old', 'old'), ('dep-other', 'other')");
        old.update("INSERT INTO nodes (node_name, deployment_id, deployment_status) VALUES "
                + "('old-n1', 'dep-old', 'cleanup_completed'), ('old-n2', 'dep-old', 'failed'), ('other-n', 'dep-other', 'deployed')");
        Instant changed = Instant.parse("2026-03-01T10:00:00Z");
        Instant created = Instant.parse("2026-02-01T09:00:00Z");
        // four floating IPs first, so the security groups' ids (1, 2, 3) are ids floating IPs have too
        String fip = """
                INSERT INTO floating_ips (node_name, deployment_id, fip_id, fip_name, address, target_id, state, attempts,
                                          last_error, last_http_status, state_changed_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, CAST(? AS INET), ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        old.update(fip, "old-n1", "dep-old", "fip-1", "fip-one", "169.61.0.1", "vni-1", "GONE", 1, null, 202, changed, created, changed);
        old.update(fip, "old-n2", "dep-old", "fip-2", null, "2001:db8::5", null, "FAILED", 3, "IBM said 500", 500, changed, created, changed);
        old.update(fip, null, "dep-old", "fip-3", "fip-cluster", "169.61.0.3", null, "PRESENT", 0, null, null, null, created, created);
        old.update(fip, "old-n2", "dep-old", "fip-4", "fip-four", "169.61.0.4", "vni-4", "BLOCKED", 1, "not ours", 409, changed, created, changed);
        String sg = """
                INSERT INTO security_groups (node_name, deployment_id, group_id, group_name, state, attempts, last_error,
                                             last_http_status, state_changed_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        old.update(sg, "old-n1", "dep-old", "sg-1", "sg-one", "GONE", 2, null, 204, changed, created, changed);
        old.update(sg, null, "dep-old", "sg-2", "sg-cluster", "FAILED", 5, "still has targets", 409, changed, created, changed);
        old.update(sg, "old-n2", "dep-old", "sg-3", "sg-three", "BLOCKED", 1, "the VPC's default group", null, changed, created, changed);
        Map<String, Long> oldIds = old.query("SELECT group_id, id FROM security_groups UNION ALL SELECT fip_id, id FROM floating_ips",
                rs -> Map.entry(rs.getString(1), rs.getLong(2))).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(oldIds).containsEntry("sg-1", 1L).containsEntry("fip-1", 1L);
        UUID run = UUID.randomUUID();
        old.update("INSERT INTO cleanup_runs (run_id, kind, target, trigger, state) VALUES (?, 'node', 'old-n1', 'api', 'partial')", run);
        String operation = """
                INSERT INTO cleanup_operations (run_id, node_name, deployment_id, resource_type, tracked_id, ibm_id, resource_name,
                                                outcome, success, http_status, attempts)
                VALUES (?, ?, 'dep-old', ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        old.update(operation, run, "old-n1", "floating_ip", oldIds.get("fip-1"), "fip-1", "fip-one", "DELETED", true, 202, 1);
        old.update(operation, run, "old-n1", "security_group", oldIds.get("sg-1"), "sg-1", "sg-one", "DELETED", true, 204, 2);
        old.update(operation, run, null, "security_group", oldIds.get("sg-2"), "sg-2", "sg-cluster", "FAILED", false, 409, 5);
        old.update(operation, run, "old-n2", "floating_ip", oldIds.get("fip-2"), "fip-2", null, "FAILED", false, 500, 3);
        String letter = """
                INSERT INTO dead_letters (run_id, node_name, deployment_id, resource_type, tracked_id, ibm_id, resource_name,
                                          outcome, error, attempts, last_http_status)
                VALUES (?, ?, 'dep-old', ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        old.update(letter, run, null, "security_group", oldIds.get("sg-2"), "sg-2", "sg-cluster", "FAILED", "still has targets", 5, 409);
        old.update(letter, run, "old-n2", "security_group", oldIds.get("sg-3"), "sg-3", "sg-three", "BLOCKED", "the VPC's default group", 1, null);
        old.update(letter, run, "old-n2", "floating_ip", oldIds.get("fip-2"), "fip-2", null, "FAILED", "IBM said 500", 3, 500);
        List<Map<String, Object>> before = old.rows("""
                SELECT 'floating_ip' AS resource_type, fip_id AS ibm_id, node_name, deployment_id, fip_name AS name, state, attempts,
                       last_error, last_http_status, state_changed_at, created_at, updated_at
                  FROM floating_ips
                UNION ALL
                SELECT 'security_group', group_id, node_name, deployment_id, group_name, state, attempts, last_error,
                       last_http_status, state_changed_at, created_at, updated_at
                  FROM security_groups
                 ORDER BY ibm_id
                """);
        // its cleanup finished after they were recorded (recording them reopened it)
        old.update("UPDATE nodes SET deployment_status = 'cleanup_completed' WHERE node_name = 'old-n1'");

        Database.migrate(ds);

        Jdbc now = new Jdbc(ds);
        assertThat(publicBaseTables(now)).contains("tracked_resources").doesNotContain("floating_ips", "security_groups");
        List<Map<String, Object>> after = now.rows("""
                SELECT resource_type, ibm_id, node_name, deployment_id, name, state, attempts, last_error, last_http_status,
                       state_changed_at, created_at, updated_at
                  FROM tracked_resources ORDER BY ibm_id
                """);
        assertThat(after).hasSize(7).isEqualTo(before);
        assertThat(now.rows("SELECT ibm_id, CAST(fields AS TEXT) AS fields FROM tracked_resources ORDER BY ibm_id"))
                .extracting(r -> r.get("ibm_id") + " " + r.get("fields"))
                .containsExactly("fip-1 {\"address\": \"169.61.0.1\", \"target_id\": \"vni-1\"}", "fip-2 {\"address\": \"2001:db8::5\"}",
                        "fip-3 {\"address\": \"169.61.0.3\"}", "fip-4 {\"address\": \"169.61.0.4\", \"target_id\": \"vni-4\"}",
                        "sg-1 {}", "sg-2 {}", "sg-3 {}");
        // floating IPs keep their ids; security groups were renumbered, and every row naming one names its new id
        assertThat(now.one("SELECT id FROM tracked_resources WHERE ibm_id = 'fip-1'", rs -> rs.getLong(1))).hasValue(oldIds.get("fip-1"));
        assertThat(now.query("SELECT id FROM tracked_resources", rs -> rs.getLong(1))).doesNotHaveDuplicates();
        for (String history : List.of("cleanup_operations", "dead_letters")) {
            assertThat(now.rows("SELECT h.ibm_id AS named, t.ibm_id AS tracked FROM " + history + " h"
                    + " LEFT JOIN tracked_resources t ON t.id = h.tracked_id AND t.resource_type = h.resource_type"))
                    .as(history).hasSize(history.equals("dead_letters") ? 3 : 4)
                    .allSatisfy(r -> assertThat(r.get("tracked")).isEqualTo(r.get("named")));
        }
        // moving rows reopened nothing; ownership is still the database's
        assertThat(now.one("SELECT deployment_status FROM nodes WHERE node_name = 'old-n1'", rs -> rs.getString(1))).hasValue("cleanup_completed");
        assertThat(now.one("SELECT node_name FROM resource_owners WHERE ibm_id = 'fip-4'", rs -> rs.getString(1))).hasValue("old-n2");
        SQLException taken = catchThrowableOfType(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO tracked_resources (resource_type, ibm_id, node_name) VALUES ('floating_ip', 'fip-4', 'other-n')");
            }
        }, SQLException.class);
        assertThat(taken.getSQLState()).isEqualTo("CU409");
        now.update("INSERT INTO tracked_resources (resource_type, ibm_id, node_name, name) VALUES ('security_group', 'sg-late', 'old-n1', 'late')");
        assertThat(now.one("SELECT deployment_status FROM nodes WHERE node_name = 'old-n1'", rs -> rs.getString(1))).hasValue("cleanup_pending");
        assertThat(now.one("SELECT resource_type FROM resource_owners WHERE ibm_id = 'sg-late'", rs -> rs.getString(1))).hasValue("security_group");

        // the service's own SQL reads the moved rows
        ResourceTypes types = ResourceTypes.discover(new DefaultCamelContext(), new Settings(new DefaultCamelContext()));
        assertThat(now.rows("SELECT resource_type, ibm_id, node_name, deployment_id, state FROM (" + types.ledgerSql()
                + ") l WHERE resource_type IN ('floating_ip', 'security_group') ORDER BY ibm_id"))
                .extracting(r -> r.get("ibm_id") + "/" + r.get("node_name") + "/" + r.get("deployment_id") + "/" + r.get("state"))
                .containsExactly("fip-1/old-n1/dep-old/GONE", "fip-2/old-n2/dep-old/FAILED", "fip-3/null/dep-old/PRESENT",
                        "fip-4/old-n2/dep-old/BLOCKED", "sg-1/old-n1/dep-old/GONE", "sg-2/null/dep-old/FAILED",
                        "sg-3/old-n2/dep-old/BLOCKED", "sg-late/old-n1/dep-old/PRESENT");
        ResourceType fips = types.get("floating_ip");
        ResourceType groups = types.get("security_group");
        assertThat(now.rows(positional(fips.rows().loadForNode()), "old-n2", true))
                .extracting(r -> r.get("ibm_id") + " " + r.get("detail") + " " + r.get("identity") + " " + r.get("state") + " " + r.get("attempts"))
                .containsExactlyInAnyOrder("fip-2 2001:db8::5 {\"name\" : null, \"address\" : \"2001:db8::5\"} FAILED 3",
                        "fip-4 169.61.0.4 {\"name\" : \"fip-four\", \"address\" : \"169.61.0.4\"} BLOCKED 1");
        assertThat(now.rows(positional(groups.rows().loadForDeployment()), "dep-old", false))
                .extracting(r -> r.get("ibm_id") + " " + r.get("resource_name") + " " + r.get("state"))
                .containsExactly("sg-2 sg-cluster FAILED");
        assertThat(now.rows(groups.rows().inventory(true), "old-n1"))
                .extracting(r -> r.get("resource_id") + " " + r.get("state") + " " + r.get("last_http_status") + " " + r.get("state_changed_at"))
                .containsExactly("sg-1 GONE 204 " + changed, "sg-late PRESENT null null");
        long sg2 = now.one("SELECT id FROM tracked_resources WHERE ibm_id = 'sg-2'", rs -> rs.getLong(1)).orElseThrow();
        assertThat(now.update(fips.rows().mark(), "GONE", 1, null, 404, sg2)).as("a floating IP's mark never touches a group").isZero();
        assertThat(now.update(groups.rows().mark(), "GONE", 1, null, 404, sg2)).isOne();
        assertThat(now.one("SELECT state || ' ' || attempts FROM tracked_resources WHERE id = ?", rs -> rs.getString(1), sg2)).hasValue("GONE 6");

        // a replica of the last release, still running during a rolling update, reads and marks the moved rows with its
        // own statements (as its TrackedTable wrote them for floating_ips and security_groups) through the views
        assertThat(now.rows("""
                SELECT t.id AS tracked_id, t.fip_id AS ibm_id, t.node_name, COALESCE(n.deployment_id, t.deployment_id) AS deployment_id,
                       t.state, CAST(json_build_object('name', t.fip_name, 'address', host(t.address)) AS TEXT) AS identity
                  FROM floating_ips t LEFT JOIN nodes n ON n.node_name = t.node_name
                 WHERE t.node_name = ? ORDER BY t.id""", "old-n2"))
                .extracting(r -> r.get("ibm_id") + " " + r.get("state") + " " + r.get("identity"))
                .containsExactly("fip-2 FAILED {\"name\" : null, \"address\" : \"2001:db8::5\"}",
                        "fip-4 BLOCKED {\"name\" : \"fip-four\", \"address\" : \"169.61.0.4\"}");
        long fip2 = now.one("SELECT id FROM tracked_resources WHERE ibm_id = 'fip-2'", rs -> rs.getLong(1)).orElseThrow();
        assertThat(now.update("""
                UPDATE floating_ips SET state = ?, attempts = attempts + ?, last_error = ?, last_http_status = ?,
                       state_changed_at = now(), updated_at = now()
                 WHERE id = ?""", "GONE", 1, null, 404, fip2)).isOne();
        assertThat(now.one("SELECT state FROM tracked_resources WHERE id = ?", rs -> rs.getString(1), fip2)).hasValue("GONE");
        assertThat(now.update("UPDATE security_groups SET state = ?, last_error = NULL WHERE id = ANY(?)", "DELETING",
                new Long[] {sg2, fip2})).as("a group's view holds groups only").isOne();
        assertThat(now.rows("SELECT t.group_id, t.group_name FROM security_groups t WHERE t.deployment_id = ? AND t.node_name IS NULL", "dep-old"))
                .extracting(r -> r.get("group_id") + " " + r.get("group_name")).containsExactly("sg-2 sg-cluster");
        assertThat(catchThrowableOfType(() -> now.update(
                "INSERT INTO floating_ips (node_name, deployment_id, fip_id, fip_name, address, target_id) VALUES (?, ?, ?, ?, CAST(? AS INET), ?)",
                "old-n1", null, "fip-new", "n", "169.61.0.9", null), RuntimeException.class))
                .as("a new floating IP recorded by the old release is refused, not lost in a view").isNotNull();
    }

    // ---------------------------------------------------------------- V22: each row's place

    /**
     * A database the last release (V21) wrote, with rows in every tracking table: after V22 they have no account and no
     * region (NULL: the configured default, resolved when used), the service's SQL reads that place, and a place
     * recorded after it is read back; DNS records have an account and no region.
     */
    @Test
    void v22GivesEveryRowAPlaceExistingRowsTheDefault() {
        DataSource ds = TestDatabase.freshDataSource();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("21").load().migrate();
        Jdbc old = new Jdbc(ds);
        old.update("INSERT INTO deployments (deployment_id, name) VALUES ('dep-22', 'd22')");
        old.update("INSERT INTO nodes (node_name, deployment_id, deployment_status, bare_metal_id) VALUES ('n22', 'dep-22', 'failed', 'srv-22')");
        old.update("INSERT INTO vnic_info (node_name, vnic_id) VALUES ('n22', 'vni-22')");
        old.update("INSERT INTO ip_reservations (node_name, reservation_id, subnet_id) VALUES ('n22', 'ip-22', 'subnet-22')");
        old.update("INSERT INTO dns_records (node_name, record_id, record_type, dns_instance_id, dns_zone_id) VALUES ('n22', 'rec-22', 'A', 'i', 'z')");
        old.update("INSERT INTO tracked_resources (resource_type, ibm_id, node_name, name) VALUES ('floating_ip', 'fip-22', 'n22', 'f'), "
                + "('security_group', 'sg-22', 'n22', 'g')");

        Database.migrate(ds);

        Jdbc now = new Jdbc(ds);
        for (String table : List.of("nodes", "vnic_info", "ip_reservations", "tracked_resources")) {
            assertThat(now.rows("SELECT account, region FROM " + table)).as(table)
                    .isNotEmpty().allSatisfy(r -> assertThat(r).containsEntry("account", null).containsEntry("region", null));
        }
        assertThat(now.rows("SELECT account FROM dns_records")).singleElement().satisfies(r -> assertThat(r).containsEntry("account", null));
        assertThat(now.rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'dns_records' AND column_name = 'region'"))
                .as("DNS Services is global").isEmpty();
        ResourceTypes types = ResourceTypes.discover(new DefaultCamelContext(), new Settings(new DefaultCamelContext()));
        // the types the last release had, each with a row above (later types have none in this database)
        List<String> hadRows = List.of("bare_metal_server", "virtual_network_interface", "subnet_reserved_ip", "dns_record",
                "floating_ip", "security_group");
        for (ResourceType type : types.all().stream().filter(t -> hadRows.contains(t.name())).toList()) {
            assertThat(now.rows(positional(type.rows().loadForNode()), "n22", false)).as(type.name())
                    .singleElement().satisfies(r -> assertThat(r).containsEntry("account", null).containsEntry("region", null));
        }
        assertThat(now.rows("SELECT resource_type, account, region, regional FROM (" + types.ledgerSql() + ") l WHERE node_name = 'n22'"))
                .extracting(r -> r.get("resource_type") + " " + r.get("account") + " " + r.get("region") + " " + r.get("regional"))
                .containsExactlyInAnyOrder("bare_metal_server null null true", "virtual_network_interface null null true",
                        "subnet_reserved_ip null null true", "dns_record null null false", "floating_ip null null true",
                        "security_group null null true");

        ResourceType vni = types.get("virtual_network_interface");
        assertThat(now.update(vni.rows().place(), "sandbox-2", "eu-de", "vni-22")).isOne();
        ResourceType record = types.get("dns_record");
        assertThat(record.rows().regional()).isFalse();
        assertThat(now.update(record.rows().place(), "sandbox-2", "rec-22")).isOne();
        assertThat(now.update(types.get("floating_ip").rows().place(), "sandbox-2", "eu-de", "fip-22")).isOne();
        assertThat(now.rows(positional(vni.rows().loadForNode()), "n22", false)).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("account", "sandbox-2").containsEntry("region", "eu-de"));
        assertThat(now.rows(positional(record.rows().loadForNode()), "n22", false)).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("account", "sandbox-2").containsEntry("region", null));
        assertThat(now.rows(types.get("floating_ip").rows().inventory(true), "n22")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("account", "sandbox-2").containsEntry("region", "eu-de"));
    }

    /** camel-jdbc's named parameters of the load SQL, node or deployment first and include_gone second, as JDBC's. */
    private static String positional(String sql) {
        return sql.replaceAll(":\\?[a-z_]+", "?");
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
