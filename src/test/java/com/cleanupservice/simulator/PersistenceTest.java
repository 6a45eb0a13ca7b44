package com.cleanupservice.simulator;

import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersistenceTest {

    private static IbmCloudSimulator start(DataSource ds, Duration deleteDelay) {
        return IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).dataSource(ds).bareMetalDeleteDelay(deleteDelay));
    }

    @Test
    void stateAndPendingDeletionSurviveRestart() {
        DataSource ds = TestDatabase.freshDataSource();
        Map<String, Object> ipBefore;
        Instant deleteRequested;
        try (IbmCloudSimulator first = start(ds, Duration.ofSeconds(2))) {
            first.createReservedIp("subnet-1", "ip-auto", "auto", null, true);
            first.createVirtualNetworkInterface("vni-auto", null, "subnet-1", "ip-auto", true);
            first.createBareMetalServer("srv-deleting", "doomed", "running", List.of("vni-auto"));
            first.createVirtualNetworkInterface("vni-free", "free", "subnet-1", null, false);
            first.createBareMetalServer("srv-failed", null, "failed", List.of("vni-free"));
            ipBefore = first.createReservedIp("subnet-2", "ip-free", "kept", "10.9.8.7", false);
            first.createDnsRecord("inst", "zone", "A:1", "host.example.com", "A", "10.9.8.7");
            first.createDnsRecord("inst", "zone", "PTR:1", "7.8.9.10.in-addr.arpa", "PTR", "host.example.com");

            deleteRequested = Instant.now();
            assertThat(new SimClient(first).vpcDelete("/bare_metal_servers/srv-deleting").status()).isEqualTo(202);
        }

        // a much longer configured delay must not move the deadline persisted with the server
        try (IbmCloudSimulator second = start(ds, Duration.ofMinutes(5))) {
            SimClient client = new SimClient(second);
            assertThat(second.find("bare_metal_server", "srv-failed")).hasValueSatisfying(s -> assertThat(s)
                    .containsEntry("status", "failed").containsKey("primary_network_attachment"));
            assertThat(second.find("virtual_network_interface", "vni-free")).hasValueSatisfying(v -> assertThat(v)
                    .containsEntry("name", "free").containsKey("target"));
            assertThat(client.vpcGet("/subnets/subnet-2/reserved_ips/ip-free").json())
                    .containsEntry("address", "10.9.8.7").containsEntry("name", "kept")
                    .containsEntry("created_at", ipBefore.get("created_at"));
            assertThat(client.dnsDelete("/instances/inst/dnszones/zone/resource_records/A:1").status())
                    .as("the PTR survived too").isEqualTo(409);

            if (Instant.now().isBefore(deleteRequested.plusMillis(1800))) {
                assertThat(client.vpcGet("/bare_metal_servers/srv-deleting").json()).containsEntry("status", "deleting");
            }
            SimClient.await(Duration.ofSeconds(10), () -> !second.exists("bare_metal_server", "srv-deleting"));
            assertThat(Instant.now()).isAfterOrEqualTo(deleteRequested.plusMillis(2000));
            assertThat(second.exists("virtual_network_interface", "vni-auto")).isFalse();
            assertThat(second.exists("subnet_reserved_ip", "ip-auto")).isFalse();
        }

        try (IbmCloudSimulator third = start(ds, Duration.ofSeconds(5))) {
            assertThat(third.exists("bare_metal_server", "srv-deleting")).as("the completed deletion was persisted").isFalse();
            assertThat(third.exists("subnet_reserved_ip", "ip-auto")).isFalse();
            assertThat(third.exists("bare_metal_server", "srv-failed")).isTrue();
            assertThat(third.exists("dns_record", "PTR:1")).isTrue();

            third.reset();
        }

        try (IbmCloudSimulator fourth = start(ds, Duration.ofSeconds(5))) {
            assertThat(fourth.resources().values()).as("reset removed the persisted state")
                    .allSatisfy(list -> assertThat((List<?>) list).isEmpty());
        }
    }

    @Test
    void keepsItsOwnSchemaAndMigrationHistory() throws SQLException {
        DataSource ds = TestDatabase.freshDataSource();
        try (IbmCloudSimulator sim = start(ds, Duration.ofSeconds(5))) {
            sim.createReservedIp("subnet-1", "ip-1", null, null, false);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM ibmsim.subnet_reserved_ip")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT success FROM ibmsim.flyway_simulator_history WHERE version = '1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    @Test
    void failedDatabaseWriteLeavesMemoryUnchanged() {
        AtomicBoolean broken = new AtomicBoolean();
        DataSource ds = breakable(TestDatabase.freshDataSource(), broken);
        try (IbmCloudSimulator sim = start(ds, Duration.ZERO)) {
            sim.createReservedIp("subnet-1", "ip-1", null, null, false);
            sim.createVirtualNetworkInterface("vni-1", null, "subnet-1", "ip-1", true);
            SimClient client = new SimClient(sim);
            client.token();

            broken.set(true);
            assertThatThrownBy(() -> sim.createReservedIp("subnet-1", "ip-2", null, null, false))
                    .isInstanceOf(IllegalStateException.class);
            SimClient.Response delete = client.vpcDelete("/virtual_network_interfaces/vni-1");
            assertThat(delete.status()).isEqualTo(500);
            assertThat(delete.errorCode()).isEqualTo("internal_error");
            broken.set(false);

            assertThat(sim.exists("subnet_reserved_ip", "ip-2")).isFalse();
            assertThat(sim.exists("virtual_network_interface", "vni-1")).isTrue();
            assertThat(sim.find("subnet_reserved_ip", "ip-1")).hasValueSatisfying(ip -> assertThat(ip).containsKey("target"));
            assertThat(client.vpcDelete("/virtual_network_interfaces/vni-1").status()).isEqualTo(202);
        }
    }

    /** A DataSource whose connections can be refused on demand. */
    private static DataSource breakable(DataSource target, AtomicBoolean broken) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && broken.get()) {
                        throw new SQLException("database unavailable (test)");
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
