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
import java.util.ArrayList;
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
    @SuppressWarnings("unchecked")
    void theNetworkKindsSurviveRestart() {
        DataSource ds = TestDatabase.freshDataSource();
        Map<String, Object> keyBefore;
        try (IbmCloudSimulator first = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).dataSource(ds)
                .networkDeleteDelay(Duration.ofHours(1)))) {
            first.create("public_gateway", Map.of("id", "pgw-1"));
            first.create("subnet", Map.of("id", "sub-1", "public_gateway_id", "pgw-1", "ipv4_cidr_block", "10.1.0.0/24"));
            first.create("subnet", Map.of("id", "sub-doomed"));
            first.createReservedIp("sub-implicit", "ip-1", null, null, false);
            first.create("subnet_reserved_ip", Map.of("subnet_id", "sub-elsewhere", "account", "sandbox-2",
                    "region", "eu-de"));
            first.create("load_balancer", Map.of("id", "lb-1", "subnet_ids", List.of("sub-1"), "bounce_once", true,
                    "is_public", true));
            first.create("endpoint_gateway", Map.of("id", "eg-1", "subnet_id", "sub-1"));
            keyBefore = first.create("key", Map.of("id", "key-1", "type", "ed25519"));
            SimClient client = new SimClient(first);
            assertThat(client.vpcDelete("/load_balancers/lb-1").status()).isEqualTo(202);
            assertThat(client.vpcDelete("/subnets/sub-doomed").status()).isEqualTo(204);
        }

        try (IbmCloudSimulator second = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).dataSource(ds))) {
            SimClient client = new SimClient(second);
            assertThat(client.vpcGet("/subnets/sub-1").json()).containsEntry("ipv4_cidr_block", "10.1.0.0/24")
                    .containsKey("public_gateway");
            assertThat(client.vpcGet("/subnets/sub-doomed").json()).containsEntry("status", "deleting");
            assertThat(client.vpcGet("/load_balancers/lb-1").json()).containsEntry("provisioning_status", "delete_pending")
                    .containsEntry("is_public", true);
            assertThat(client.vpcGet("/endpoint_gateways/eg-1").json().get("ips")).asList().hasSize(1);
            assertThat(client.vpcGet("/keys/key-1").json()).containsEntry("fingerprint", keyBefore.get("fingerprint"));
            assertThat((List<Map<String, Object>>) second.resources().get("subnets")).extracting(s -> s.get("id"))
                    .as("implicit subnets stay unlisted").containsExactly("sub-1", "sub-doomed");
            assertThat(client.vpcGet("/subnets/sub-implicit").status()).isEqualTo(200);
            assertThat(client.vpcGet("/subnets/sub-elsewhere").status()).as("it keeps its place").isEqualTo(404);
            assertThat(new SimClient(second, "sandbox-2-api-key").vpcGet("eu-de", "/subnets/sub-elsewhere").status())
                    .isEqualTo(200);
            second.reset();
        }
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
             ResultSet rs = s.executeQuery("SELECT count(*) FROM ibmsim.resource WHERE kind = 'subnet_reserved_ip'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM ibmsim.flyway_simulator_history "
                     + "WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<String> applied = new ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getBoolean(2)).isTrue();
                applied.add(rs.getString(1));
            }
            assertThat(applied).containsExactly("1", "2");
        }
    }

    /**
     * An operator's data directory written by a simulator that kept one table per kind (schema version 1) is
     * carried over whole: every resource, its timestamps and relations, and a pending deletion's deadline.
     */
    @Test
    @SuppressWarnings("unchecked")
    void migratesStateFromThePerKindTables() throws SQLException {
        DataSource ds = TestDatabase.freshDataSource();
        JdbcStatePersistence.flyway(ds).target("1").load().migrate();
        Instant deleteRequested = Instant.now();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO ibmsim.subnet_reserved_ip (id, seq, subnet_id, name, address, auto_delete, created_at, target_vni_id)
                    VALUES ('ip-auto', 1, 'subnet-1', 'auto', '10.240.0.4', true, '2024-05-06T07:08:09.123Z', 'vni-auto'),
                           ('ip-kept', 2, 'subnet-1', 'kept', '10.240.0.5', false, '2024-05-06T07:08:10Z', 'vni-kept'),
                           ('ip-free', 3, 'subnet-2', 'free', '10.9.8.7', false, '2024-05-06T07:08:11.5Z', NULL)""");
            s.execute("""
                    INSERT INTO ibmsim.virtual_network_interface
                        (id, seq, name, subnet_id, primary_ip_id, auto_delete, created_at, target_server_id)
                    VALUES ('vni-auto', 4, 'eth-auto', 'subnet-1', 'ip-auto', true, '2024-05-06T07:09:00Z', 'srv-deleting'),
                           ('vni-kept', 5, 'eth-kept', 'subnet-1', 'ip-kept', false, '2024-05-06T07:09:01Z', 'srv-deleting')""");
            s.execute("""
                    INSERT INTO ibmsim.bare_metal_server (id, seq, name, status, created_at, delete_deadline, delete_fails)
                    VALUES ('srv-deleting', 6, 'doomed', 'deleting', '2024-05-06T07:10:00Z', now() + interval '1500 milliseconds', false),
                           ('srv-failed', 7, 'broken', 'failed', '2024-05-06T07:10:01Z', NULL, false)""");
            s.execute("""
                    INSERT INTO ibmsim.bare_metal_server_network_attachment (server_id, position, id, name, virtual_network_interface_id)
                    VALUES ('srv-deleting', 1, 'att-2', 'eth1', 'vni-kept'),
                           ('srv-deleting', 0, 'att-1', 'eth0', 'vni-auto')""");
            s.execute("""
                    INSERT INTO ibmsim.dns_record (id, seq, instance_id, zone_id, name, type, ttl, rdata, created_on, modified_on)
                    VALUES ('A:1', 8, 'inst', 'zone', 'host.example.com', 'A', 300, '10.9.8.7', '2024-05-06T07:11:00Z', '2024-05-06T07:12:00Z'),
                           ('PTR:1', 9, 'inst', 'zone', '7.8.9.10.in-addr.arpa', 'PTR', 900, 'host.example.com', '2024-05-06T07:11:00Z', '2024-05-06T07:11:00Z')""");
        }

        try (IbmCloudSimulator sim = start(ds, Duration.ofMinutes(5))) {
            SimClient client = new SimClient(sim);
            Map<String, Object> deleting = client.vpcGet("/bare_metal_servers/srv-deleting").json();
            assertThat(deleting).containsEntry("name", "doomed").containsEntry("created_at", "2024-05-06T07:10:00Z");
            if (Instant.now().isBefore(deleteRequested.plusMillis(1200))) {
                assertThat(deleting).containsEntry("status", "deleting");
            }
            assertThat((List<Map<String, Object>>) deleting.get("network_attachments"))
                    .extracting(a -> ((Map<String, Object>) a.get("virtual_network_interface")).get("id"))
                    .containsExactly("vni-auto", "vni-kept");
            assertThat(client.vpcGet("/bare_metal_servers/srv-failed").json()).containsEntry("status", "failed");
            assertThat(client.vpcGet("/subnets/subnet-2/reserved_ips/ip-free").json())
                    .containsEntry("address", "10.9.8.7").containsEntry("name", "free").containsEntry("auto_delete", false)
                    .containsEntry("created_at", "2024-05-06T07:08:11.500Z").doesNotContainKey("target");
            assertThat(client.vpcGet("/subnets/subnet-1/reserved_ips/ip-auto").json())
                    .containsEntry("created_at", "2024-05-06T07:08:09.123Z").containsKey("target");
            assertThat(client.vpcGet("/virtual_network_interfaces/vni-kept").json())
                    .containsEntry("auto_delete", false).containsKey("target");
            Map<String, Object> a = client.dnsGet("/instances/inst/dnszones/zone/resource_records/A:1").json();
            assertThat(a).containsEntry("ttl", 300).containsEntry("modified_on", "2024-05-06T07:12:00Z");
            assertThat(client.dnsDelete("/instances/inst/dnszones/zone/resource_records/A:1").status())
                    .as("the PTR still holds its A record").isEqualTo(409);

            // the migrated deadline, not the configured delay, ends the deletion; the relations cascade as before
            SimClient.await(Duration.ofSeconds(10), () -> !sim.exists("bare_metal_server", "srv-deleting"));
            assertThat(sim.exists("virtual_network_interface", "vni-auto")).isFalse();
            assertThat(sim.exists("subnet_reserved_ip", "ip-auto")).isFalse();
            assertThat(sim.find("virtual_network_interface", "vni-kept")).hasValueSatisfying(v -> assertThat(v)
                    .doesNotContainKey("target"));

            Map<String, Object> added = sim.createReservedIp("subnet-2", null, null, null, false);
            assertThat((List<Map<String, Object>>) client.vpcGet("/subnets/subnet-2/reserved_ips").json().get("reserved_ips"))
                    .as("new resources come after the migrated ones").extracting(ip -> ip.get("id"))
                    .containsExactly("ip-free", added.get("id"));
        }

        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'ibmsim' "
                     + "AND table_name IN ('bare_metal_server', 'bare_metal_server_network_attachment', "
                     + "'virtual_network_interface', 'subnet_reserved_ip', 'dns_record')")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the per-kind tables are gone").isZero();
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
