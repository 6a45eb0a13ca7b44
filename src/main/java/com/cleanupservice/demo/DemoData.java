package com.cleanupservice.demo;

import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.simulator.IbmCloudSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The sandbox's demo deployment, created once: {@code demo-deployment} with nodes 1-3 ({@code failed},
 * {@code deployed}, {@code timeout}), each with a bare metal server, a management VNI (created inline with the server,
 * {@code auto_delete}) and a workload VNI (standalone, outlives the server), five reserved IPs, three A records and a
 * PTR record; plus one cluster-level A record. Ids are derived from names, so the simulator and the tracking tables
 * agree. Seeding is skipped once the deployment exists, so a cleanup is never undone by a restart.
 */
public final class DemoData {
    public static final String DEPLOYMENT = "demo-deployment";
    public static final String DNS_INSTANCE = "demo-dns-instance-" + uuid("dns-instance").substring(0, 8);
    public static final String DNS_ZONE = uuid("dns-zone");
    public static final String ZONE_NAME = "nutanix-ce-poc.cloud";
    public static final String MANAGEMENT_SUBNET = "0717-" + uuid("subnet-management");
    public static final String WORKLOAD_SUBNET = "0717-" + uuid("subnet-workload");

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
    private static final NodeStatus[] STATUSES = {NodeStatus.FAILED, NodeStatus.DEPLOYED, NodeStatus.TIMEOUT};
    private static final String[] SERVER_STATUSES = {"running", "running", "stopped"};

    private DemoData() {
    }

    /** One demo node: what the provisioner would have recorded. */
    public record Node(int id, String name, String status, String serverId, String mgmtVniId, String workloadVniId,
                       List<Ip> ips, List<Record> records) {
        public int resourceCount() {
            return 1 + 2 + ips.size() + records.size();
        }
    }

    public record Ip(String id, String type, String address, String subnetId) {
    }

    public record Record(String id, String name, String type, String rdata) {
    }

    public static List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(node(i, "nutanix-poc-bm-node-%02d".formatted(i), STATUSES[i - 1].value()));
        }
        return nodes;
    }

    /** The most nodes {@link #node} lays out with distinct addresses. */
    public static final int MAX_NODE_ID = 254 * 50;

    /** A node laid out like the demo ones; tests and benchmarks use it to build deployments of any size. */
    public static Node node(int id, String name, String status) {
        if (id < 1 || id > MAX_NODE_ID) {
            throw new IllegalArgumentException("demo node ids run from 1 to " + MAX_NODE_ID);
        }
        String management = network(id, false);
        String workload = network(id, true);
        List<Ip> ips = List.of(
                new Ip("0717-" + uuid(name + "-ip-management"), "management", management + ".10", MANAGEMENT_SUBNET),
                new Ip("0717-" + uuid(name + "-ip-ahv"), "ahv", management + ".11", MANAGEMENT_SUBNET),
                new Ip("0717-" + uuid(name + "-ip-cvm"), "cvm", management + ".12", MANAGEMENT_SUBNET),
                new Ip("0717-" + uuid(name + "-ip-workload"), "workload", workload + ".10", WORKLOAD_SUBNET),
                new Ip("0717-" + uuid(name + "-ip-cluster"), "cluster", management + ".13", MANAGEMENT_SUBNET));
        String mgmtName = name + "-mgmt." + ZONE_NAME;
        List<Record> records = List.of(
                new Record("A:" + uuid(name + "-dns-mgmt"), mgmtName, "A", ips.get(0).address()),
                new Record("A:" + uuid(name + "-dns-ahv"), name + "-ahv." + ZONE_NAME, "A", ips.get(1).address()),
                new Record("A:" + uuid(name + "-dns-cvm"), name + "-cvm." + ZONE_NAME, "A", ips.get(2).address()),
                new Record("PTR:" + uuid(name + "-dns-ptr"), reverse(ips.get(0).address()), "PTR", mgmtName));
        return new Node(id, name, status, "0717-" + uuid(name + "-server"), "0717-" + uuid(name + "-vni-mgmt"),
                "0717-" + uuid(name + "-vni-workload"), ips, records);
    }

    public static Record clusterRecord() {
        return new Record("A:" + uuid(DEPLOYMENT + "-dns-cluster"), "nutanix-poc-cluster." + ZONE_NAME, "A", "10.240.0.250");
    }

    /** Seeds the demo deployment unless it is already there (in which case nothing at all is touched). */
    public static boolean seedOnce(Jdbc jdbc, IbmCloudSimulator simulator) {
        if (jdbc.one("SELECT 1 FROM deployments WHERE deployment_id = ?", rs -> rs.getInt(1), DEPLOYMENT).isPresent()) {
            return false;
        }
        seed(jdbc, simulator, DEPLOYMENT, nodes(), true);
        LOG.info("Sandbox demo data created: deployment {} with nodes 1-3 (failed, deployed, timeout)", DEPLOYMENT);
        return true;
    }

    /**
     * Where the nodes' resources are created: the in-process simulator, or (for a benchmark against a simulator in
     * its own process) its admin API. The same four calls as {@link IbmCloudSimulator}'s.
     */
    public interface Cloud {
        void createReservedIp(String subnetId, String id, String name, String address, boolean autoDelete);

        void createVirtualNetworkInterface(String id, String name, String subnetId, String primaryIpId, boolean autoDelete);

        void createBareMetalServer(String id, String name, String status, List<String> vniIds);

        void createDnsRecord(String instanceId, String zoneId, String id, String name, String type, String rdata);
    }

    /** Creates the nodes in the simulator and tracks them in the database, with consistent ids. */
    public static void seed(Jdbc jdbc, IbmCloudSimulator simulator, String deploymentId, List<Node> nodes, boolean clusterRecord) {
        create(new Cloud() {
            @Override
            public void createReservedIp(String subnetId, String id, String name, String address, boolean autoDelete) {
                simulator.createReservedIp(subnetId, id, name, address, autoDelete);
            }

            @Override
            public void createVirtualNetworkInterface(String id, String name, String subnetId, String primaryIpId, boolean autoDelete) {
                simulator.createVirtualNetworkInterface(id, name, subnetId, primaryIpId, autoDelete);
            }

            @Override
            public void createBareMetalServer(String id, String name, String status, List<String> vniIds) {
                simulator.createBareMetalServer(id, name, status, vniIds);
            }

            @Override
            public void createDnsRecord(String instanceId, String zoneId, String id, String name, String type, String rdata) {
                simulator.createDnsRecord(instanceId, zoneId, id, name, type, rdata);
            }
        }, nodes, clusterRecord);
        track(jdbc, deploymentId, nodes, clusterRecord);
    }

    /** Creates the nodes' resources (and the cluster record) in a cloud. */
    public static void create(Cloud cloud, List<Node> nodes, boolean clusterRecord) {
        for (Node n : nodes) {
            for (Ip ip : n.ips()) {
                // the management and workload IPs are their VNIs' primary IPs; the management one goes with its VNI
                cloud.createReservedIp(ip.subnetId(), ip.id(), n.name() + "-" + ip.type(), ip.address(), "management".equals(ip.type()));
            }
            cloud.createVirtualNetworkInterface(n.mgmtVniId(), n.name() + "-mgmt-vni", MANAGEMENT_SUBNET, n.ips().get(0).id(), true);
            cloud.createVirtualNetworkInterface(n.workloadVniId(), n.name() + "-workload-vni", WORKLOAD_SUBNET, n.ips().get(3).id(), false);
            cloud.createBareMetalServer(n.serverId(), n.name(), SERVER_STATUSES[(n.id() - 1) % SERVER_STATUSES.length],
                    List.of(n.mgmtVniId(), n.workloadVniId()));
            for (Record r : n.records()) {
                cloud.createDnsRecord(DNS_INSTANCE, DNS_ZONE, r.id(), r.name(), r.type(), r.rdata());
            }
        }
        if (clusterRecord) {
            Record cluster = clusterRecord();
            cloud.createDnsRecord(DNS_INSTANCE, DNS_ZONE, cluster.id(), cluster.name(), cluster.type(), cluster.rdata());
        }
    }

    /** Tracks the nodes (and the cluster record) in the database as the provisioner would have. */
    public static void track(Jdbc jdbc, String deploymentId, List<Node> nodes, boolean clusterRecord) {
        Record cluster = clusterRecord();
        jdbc.inTransaction(tx -> {
            tx.update("INSERT INTO deployments (deployment_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", deploymentId, deploymentId);
            for (Node n : nodes) {
                tx.update("""
                        INSERT INTO nodes (id, node_name, deployment_id, deployment_status, bare_metal_id, bare_metal_name,
                                           management_vnic_id, workload_vnic_id, management_ip, workload_ip, zone, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS INET), CAST(? AS INET), 'us-south-1', now())
                        """, n.id(), n.name(), deploymentId, n.status(), n.serverId(), n.name(), n.mgmtVniId(), n.workloadVniId(),
                        n.ips().get(0).address(), n.ips().get(3).address());
                tx.update("INSERT INTO vnic_info (node_name, vnic_name, vnic_id, vnic_type) VALUES (?, ?, ?, 'management_vni')",
                        n.name(), n.name() + "-mgmt-vni", n.mgmtVniId());
                tx.update("INSERT INTO vnic_info (node_name, vnic_name, vnic_id, vnic_type) VALUES (?, ?, ?, 'workload_vni')",
                        n.name(), n.name() + "-workload-vni", n.workloadVniId());
                for (Ip ip : n.ips()) {
                    tx.update("""
                            INSERT INTO ip_reservations (node_name, ip_address, ip_type, reservation_id, subnet_id)
                            VALUES (?, CAST(? AS INET), ?, ?, ?)
                            """, n.name(), ip.address(), ip.type(), ip.id(), ip.subnetId());
                }
                for (Record r : n.records()) {
                    tx.update("""
                            INSERT INTO dns_records (node_name, deployment_id, record_name, record_type, rdata, record_id,
                                                     dns_instance_id, dns_zone_id)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """, n.name(), deploymentId, r.name(), r.type(), r.rdata(), r.id(), DNS_INSTANCE, DNS_ZONE);
                }
            }
            if (clusterRecord) {
                tx.update("""
                        INSERT INTO dns_records (node_name, deployment_id, record_name, record_type, rdata, record_id,
                                                 dns_instance_id, dns_zone_id)
                        VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)
                        """, deploymentId, cluster.name(), cluster.type(), cluster.rdata(), cluster.id(), DNS_INSTANCE, DNS_ZONE);
            }
            tx.query("SELECT setval('nodes_id_seq', GREATEST((SELECT MAX(id) FROM nodes), 1))", rs -> rs.getLong(1));
            return null;
        });
    }

    /** A node's /24: 10.240.id (10.241.id for workload) as the demo has it, further blocks beyond id 254. */
    private static String network(int id, boolean workload) {
        if (id <= 254) {
            return (workload ? "10.241." : "10.240.") + id;
        }
        return "10." + ((workload ? 150 : 100) + id / 254) + "." + (id % 254 + 1);
    }

    private static String reverse(String ipv4) {
        String[] p = ipv4.split("\\.");
        return p[3] + "." + p[2] + "." + p[1] + "." + p[0] + ".in-addr.arpa";
    }

    static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
