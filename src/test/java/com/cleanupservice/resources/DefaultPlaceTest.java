package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import com.cleanupservice.persistence.Database;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.DefaultPlace.Moved;
import com.cleanupservice.resources.DefaultPlace.Place;
import com.cleanupservice.testsupport.TestDatabase;
import org.apache.camel.impl.DefaultCamelContext;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default place written down (V23): the first start records the configured one; a start configured with another
 * writes the recorded one into every row that named no place — account and region, a DNS record's account only, a
 * global type's region never — and records the new one, leaving states, status counts, ownership and histories as they
 * were; replicas starting together move the rows once.
 */
class DefaultPlaceTest {
    private static final Place US = new Place("sandbox", "us-south");
    private static final Place EU = new Place("sandbox", "eu-de");
    private static final ResourceTypes TYPES = ResourceTypes.discover(new DefaultCamelContext(), new Settings(new DefaultCamelContext()));

    /** The last release's database (V22) with rows of every tracking table, some with a place and most without. */
    private static Jdbc oldLayout() {
        DataSource ds = TestDatabase.freshDataSource();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("22").load().migrate();
        Jdbc old = new Jdbc(ds);
        old.update("INSERT INTO deployments (deployment_id, name) VALUES ('dep', 'd')");
        old.update("INSERT INTO nodes (node_name, deployment_id, deployment_status, bare_metal_id) VALUES ('n1', 'dep', 'failed', 'srv-1'), "
                + "('n2', 'dep', 'cleanup_completed', 'srv-2')");
        old.update("INSERT INTO nodes (node_name, deployment_id, deployment_status, bare_metal_id, account, region) "
                + "VALUES ('n3', 'dep', 'failed', 'srv-3', 'sandbox-2', 'eu-de')");
        old.update("INSERT INTO nodes (node_name, deployment_id, deployment_status, bare_metal_id, account) "
                + "VALUES ('n4', 'dep', 'failed', 'srv-4', 'sandbox-2')");
        old.update("INSERT INTO vnic_info (node_name, vnic_id) VALUES ('n1', 'vni-1')");
        old.update("INSERT INTO vnic_info (node_name, vnic_id, account, region) VALUES ('n3', 'vni-3', 'sandbox-2', 'eu-de')");
        old.update("INSERT INTO ip_reservations (node_name, reservation_id, subnet_id, state) VALUES ('n1', 'ip-1', 's', 'GONE')");
        old.update("INSERT INTO dns_records (node_name, record_id, record_type, dns_instance_id, dns_zone_id) VALUES ('n1', 'rec-1', 'A', 'i', 'z')");
        old.update("INSERT INTO dns_records (node_name, record_id, record_type, dns_instance_id, dns_zone_id, account) "
                + "VALUES ('n3', 'rec-3', 'A', 'i', 'z', 'sandbox-2')");
        old.update("INSERT INTO tracked_resources (resource_type, ibm_id, node_name, name) VALUES ('floating_ip', 'fip-1', 'n1', 'f')");
        old.update("INSERT INTO tracked_resources (resource_type, ibm_id, deployment_id, name, region) VALUES ('security_group', 'sg-1', 'dep', 'g', 'eu-de')");
        Database.migrate(ds);
        return new Jdbc(ds);
    }

    private static List<String> places(Jdbc jdbc) {
        List<String> rows = new ArrayList<>();
        for (String[] table : new String[][] {{"nodes", "bare_metal_id", "region"}, {"vnic_info", "vnic_id", "region"},
                {"ip_reservations", "reservation_id", "region"}, {"dns_records", "record_id", "NULL"}, {"tracked_resources", "ibm_id", "region"}}) {
            jdbc.query("SELECT %s AS id, account, %s AS region FROM %s".formatted(table[1], table[2], table[0]),
                    rs -> rs.getString("id") + " " + rs.getString("account") + " " + rs.getString("region")).forEach(rows::add);
        }
        return rows;
    }

    /** Everything an update of the place must leave as it was: ledgers, status counts, ownership, audit, timestamps. */
    private static List<Map<String, Object>> untouchable(Jdbc jdbc) {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.addAll(jdbc.rows("SELECT node_name, deployment_status, bare_metal_state, updated_at FROM nodes ORDER BY node_name"));
        for (String table : List.of("vnic_info", "ip_reservations", "dns_records", "tracked_resources")) {
            rows.addAll(jdbc.rows("SELECT '" + table + "' AS t, state, attempts, state_changed_at, updated_at FROM " + table + " ORDER BY id"));
        }
        rows.addAll(jdbc.rows("SELECT deployment_status, SUM(n) AS n FROM node_status_counts GROUP BY deployment_status ORDER BY 1"));
        rows.addAll(jdbc.rows("SELECT COUNT(*) AS node_status_count_rows FROM node_status_counts"));
        rows.addAll(jdbc.rows("SELECT * FROM resource_owners ORDER BY 1"));
        rows.addAll(jdbc.rows("SELECT COUNT(*) AS operations FROM cleanup_operations"));
        rows.addAll(jdbc.rows("SELECT COUNT(*) AS dead_letters FROM dead_letters"));
        return rows;
    }

    @Test
    void theFirstStartRecordsTheConfiguredDefaultAndMovesNothing() {
        Jdbc jdbc = oldLayout();
        List<String> before = places(jdbc);

        assertThat(DefaultPlace.recorded(jdbc)).isEmpty();
        assertThat(DefaultPlace.settle(jdbc, US, TYPES)).isEmpty();

        assertThat(DefaultPlace.recorded(jdbc)).hasValue(US);
        assertThat(places(jdbc)).as("NULL keeps meaning the default, which is now written down").isEqualTo(before);
        assertThat(DefaultPlace.settle(jdbc, US, TYPES)).as("the same default again").isEmpty();
        assertThat(places(jdbc)).isEqualTo(before);
    }

    @Test
    void anotherDefaultFirstWritesTheOldOneIntoTheRowsThatNamedNoPlace() {
        Jdbc jdbc = oldLayout();
        DefaultPlace.settle(jdbc, US, TYPES);
        List<Map<String, Object>> before = untouchable(jdbc);

        Optional<Moved> moved = DefaultPlace.settle(jdbc, EU, TYPES);

        assertThat(moved).hasValueSatisfying(m -> {
            assertThat(m.from()).isEqualTo(US);
            assertThat(m.to()).isEqualTo(EU);
            assertThat(m.rows()).containsExactly(Map.entry("nodes", 3), Map.entry("vnic_info", 1), Map.entry("ip_reservations", 1),
                    Map.entry("dns_records", 1), Map.entry("tracked_resources", 2));
        });
        assertThat(places(jdbc)).containsExactlyInAnyOrder(
                "srv-1 sandbox us-south", "srv-2 sandbox us-south", "srv-3 sandbox-2 eu-de",
                // an account without region: the default region then, written down
                "srv-4 sandbox-2 us-south",
                "vni-1 sandbox us-south", "vni-3 sandbox-2 eu-de",
                "ip-1 sandbox us-south", // a GONE row too: its history says where it lived
                "rec-1 sandbox null", "rec-3 sandbox-2 null",
                "fip-1 sandbox us-south", "sg-1 sandbox eu-de");
        assertThat(untouchable(jdbc)).as("states, status counts, ownership, audit and timestamps").isEqualTo(before);
        assertThat(DefaultPlace.recorded(jdbc)).hasValue(EU);

        jdbc.update("INSERT INTO vnic_info (node_name, vnic_id) VALUES ('n1', 'vni-new')");
        assertThat(DefaultPlace.settle(jdbc, EU, TYPES)).isEmpty();
        assertThat(places(jdbc)).as("a row recorded after without a place means the new default").contains("vni-new null null");
    }

    @Test
    void aGlobalTypeOfTheSharedLedgerGetsAnAccountAndNoRegion() {
        Jdbc jdbc = oldLayout();
        DefaultPlace.settle(jdbc, US, TYPES);
        jdbc.update("INSERT INTO tracked_resources (resource_type, ibm_id, node_name, name) VALUES ('global_thing', 'g-1', 'n1', 'g')");
        DefaultPlace.settle(jdbc, EU, new String[] {"dns_record", "global_thing"});

        assertThat(places(jdbc)).contains("g-1 sandbox null", "fip-1 sandbox us-south");
    }

    @Test
    void replicasStartingTogetherMoveTheRowsOnce() throws Exception {
        Jdbc jdbc = oldLayout();
        DefaultPlace.settle(jdbc, US, TYPES);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<Moved>>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(pool.submit((Callable<Optional<Moved>>) () -> DefaultPlace.settle(jdbc, EU, TYPES)));
            }
            List<Optional<Moved>> moved = new ArrayList<>();
            for (Future<Optional<Moved>> start : starts) {
                moved.add(start.get());
            }
            assertThat(moved).filteredOn(Optional::isPresent).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(places(jdbc)).contains("srv-1 sandbox us-south", "fip-1 sandbox us-south");
    }
}
