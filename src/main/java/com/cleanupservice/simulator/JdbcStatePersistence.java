package com.cleanupservice.simulator;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Keeps the resources in PostgreSQL schema {@code ibmsim}, migrated by a Flyway history of its own. */
final class JdbcStatePersistence implements StatePersistence {
    static final String SCHEMA = "ibmsim";

    private final DataSource dataSource;

    private JdbcStatePersistence(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Migrates schema {@code ibmsim} to the current version and returns a persistence using it. */
    static JdbcStatePersistence open(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations("classpath:db/simulator")
                .table("flyway_simulator_history")
                .load()
                .migrate();
        return new JdbcStatePersistence(dataSource);
    }

    @Override
    public List<Resource> loadAll() {
        try (Connection c = dataSource.getConnection()) {
            List<Resource> all = new ArrayList<>();
            all.addAll(loadServers(c));
            all.addAll(loadVnis(c));
            all.addAll(loadReservedIps(c));
            all.addAll(loadDnsRecords(c));
            all.sort(Comparator.comparingLong(Resource::seq));
            return all;
        } catch (SQLException e) {
            throw new IllegalStateException("could not load the simulator state from schema " + SCHEMA, e);
        }
    }

    @Override
    public void apply(Collection<Change> changes) {
        inTransaction(c -> {
            for (Change change : changes) {
                if (change.resource() == null) {
                    delete(c, change.kind(), change.id());
                } else {
                    upsert(c, change.resource());
                }
            }
        });
    }

    @Override
    public void clear() {
        inTransaction(c -> {
            for (ResourceKind kind : ResourceKind.values()) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table(kind))) {
                    s.executeUpdate();
                }
            }
        });
    }

    private interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(SqlWork work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the simulator state to schema " + SCHEMA, e);
        }
    }

    private static String table(ResourceKind kind) {
        return SCHEMA + "." + kind.wireName(); // table names are the kinds' wire names
    }

    private static void delete(Connection c, ResourceKind kind, String id) throws SQLException {
        // a server's attachments go with it (ON DELETE CASCADE)
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table(kind) + " WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    private static void upsert(Connection c, Resource resource) throws SQLException {
        if (resource instanceof BareMetalServer s) {
            upsertServer(c, s);
        } else if (resource instanceof VirtualNetworkInterface v) {
            execute(c, """
                    INSERT INTO ibmsim.virtual_network_interface
                        (id, seq, name, subnet_id, primary_ip_id, auto_delete, created_at, target_server_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, subnet_id = excluded.subnet_id,
                        primary_ip_id = excluded.primary_ip_id, auto_delete = excluded.auto_delete,
                        target_server_id = excluded.target_server_id""",
                    v.id(), v.seq(), v.name(), v.subnetId(), v.primaryIpId(), v.autoDelete(),
                    timestamp(v.createdAt()), v.targetServerId());
        } else if (resource instanceof ReservedIp ip) {
            execute(c, """
                    INSERT INTO ibmsim.subnet_reserved_ip
                        (id, seq, subnet_id, name, address, auto_delete, created_at, target_vni_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,
                        auto_delete = excluded.auto_delete, target_vni_id = excluded.target_vni_id""",
                    ip.id(), ip.seq(), ip.subnetId(), ip.name(), ip.address(), ip.autoDelete(),
                    timestamp(ip.createdAt()), ip.targetVniId());
        } else if (resource instanceof DnsRecord r) {
            execute(c, """
                    INSERT INTO ibmsim.dns_record
                        (id, seq, instance_id, zone_id, name, type, ttl, rdata, created_on, modified_on)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, ttl = excluded.ttl,
                        rdata = excluded.rdata, modified_on = excluded.modified_on""",
                    r.id(), r.seq(), r.instanceId(), r.zoneId(), r.name(), r.type(), r.ttl(), r.rdata(),
                    timestamp(r.createdOn()), timestamp(r.modifiedOn()));
        } else {
            throw new IllegalArgumentException("unknown resource " + resource);
        }
    }

    private static void upsertServer(Connection c, BareMetalServer s) throws SQLException {
        execute(c, """
                INSERT INTO ibmsim.bare_metal_server
                    (id, seq, name, status, created_at, delete_deadline, delete_fails)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status,
                    delete_deadline = excluded.delete_deadline, delete_fails = excluded.delete_fails""",
                s.id(), s.seq(), s.name(), s.status(), timestamp(s.createdAt()), timestamp(s.deleteDeadline()),
                s.deleteFails());
        // attachments never change after creation, but rewriting them keeps the upsert a plain "store this value"
        execute(c, "DELETE FROM ibmsim.bare_metal_server_network_attachment WHERE server_id = ?", s.id());
        for (int i = 0; i < s.attachments().size(); i++) {
            BareMetalServer.NetworkAttachment a = s.attachments().get(i);
            execute(c, """
                    INSERT INTO ibmsim.bare_metal_server_network_attachment
                        (server_id, position, id, name, virtual_network_interface_id)
                    VALUES (?, ?, ?, ?, ?)""", s.id(), i, a.id(), a.name(), a.vniId());
        }
    }

    private static void execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static List<BareMetalServer> loadServers(Connection c) throws SQLException {
        Map<String, List<BareMetalServer.NetworkAttachment>> attachments = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT server_id, id, name, virtual_network_interface_id
                FROM ibmsim.bare_metal_server_network_attachment ORDER BY server_id, position""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                attachments.computeIfAbsent(rs.getString("server_id"), k -> new ArrayList<>())
                        .add(new BareMetalServer.NetworkAttachment(rs.getString("id"), rs.getString("name"),
                                rs.getString("virtual_network_interface_id")));
            }
        }
        List<BareMetalServer> servers = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM ibmsim.bare_metal_server");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString("id");
                servers.add(new BareMetalServer(id, rs.getLong("seq"), rs.getString("name"), rs.getString("status"),
                        instant(rs, "created_at"), attachments.getOrDefault(id, List.of()),
                        instant(rs, "delete_deadline"), rs.getBoolean("delete_fails")));
            }
        }
        return servers;
    }

    private static List<VirtualNetworkInterface> loadVnis(Connection c) throws SQLException {
        List<VirtualNetworkInterface> vnis = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM ibmsim.virtual_network_interface");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                vnis.add(new VirtualNetworkInterface(rs.getString("id"), rs.getLong("seq"), rs.getString("name"),
                        rs.getString("subnet_id"), rs.getString("primary_ip_id"), rs.getBoolean("auto_delete"),
                        instant(rs, "created_at"), rs.getString("target_server_id")));
            }
        }
        return vnis;
    }

    private static List<ReservedIp> loadReservedIps(Connection c) throws SQLException {
        List<ReservedIp> ips = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM ibmsim.subnet_reserved_ip");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ips.add(new ReservedIp(rs.getString("id"), rs.getLong("seq"), rs.getString("subnet_id"),
                        rs.getString("name"), rs.getString("address"), rs.getBoolean("auto_delete"),
                        instant(rs, "created_at"), rs.getString("target_vni_id")));
            }
        }
        return ips;
    }

    private static List<DnsRecord> loadDnsRecords(Connection c) throws SQLException {
        List<DnsRecord> records = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM ibmsim.dns_record");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                records.add(new DnsRecord(rs.getString("id"), rs.getLong("seq"), rs.getString("instance_id"),
                        rs.getString("zone_id"), rs.getString("name"), rs.getString("type"), rs.getInt("ttl"),
                        rs.getString("rdata"), instant(rs, "created_on"), instant(rs, "modified_on")));
            }
        }
        return records;
    }
}
