package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.IbmService;
import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.ibm.Models.ResourceRef;
import com.google.gson.annotations.SerializedName;

import com.cleanupservice.persistence.Jdbc;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A subnet reserved IP. IBM refuses (409) to delete one still bound to a VNI as its primary IP, so reserved IPs go
 * last; an endpoint gateway's reserved IP goes with the gateway, so one of the same owner is found gone after it. The subnet is the row's {@code subnet_id}; rows from older provisioners without one fall back by
 * {@code ip_type}: workload to the configured workload subnet, everything else to the management subnet.
 */
public final class SubnetReservedIpType extends DeclaredType
        implements ResourceType.Inspect, ResourceType.Discovery, ResourceType.Listed, ResourceType.Defaults {

    private static final Declaration DECLARATION = Declaration.of("subnet_reserved_ip", "ip_reservations", "ip_reservation_deletion", IbmApi.VPC)
            .label("IP reservations")
            .after("virtual_network_interface", "endpoint_gateway")
            .seed(4)
            .request("DELETE /v1/subnets/{parent}/reserved_ips/{id}")
            .cli("is subnet-reserved-ip {parent} {id}", "is subnet-reserved-ip-delete {parent} {id} --force")
            .fields(Map.of("ip_address", RecordField.IP_ADDRESS, "ip_type", RecordField.TEXT, "subnet_id", RecordField.ID));

    private static final TrackedTable TABLE = TrackedTable.of("ip_reservations", "reservation_id", "ip_address")
            .name("host(t.ip_address) || ' (' || COALESCE(t.ip_type, 'unknown') || ')'")
            .kind("t.ip_type").detail("host(t.ip_address)").parent("t.subnet_id")
            .identity("json_build_object('address', host(t.ip_address))");

    private final String managementSubnetId;
    private final String workloadSubnetId;

    /** IBM's subnet reserved IP, the fields this type reads. */
    public record ReservedIp(String id, String name, String address,
                             @SerializedName("lifecycle_state") String lifecycleState,
                             @SerializedName("auto_delete") Boolean autoDelete,
                             String owner,
                             ResourceRef target) {
    }

    /** The VPC calls this type makes. */
    public record SubnetReservedIps(IbmService vpc) {
        public ReservedIp getSubnetReservedIp(String subnetId, String id) {
            return vpc.get("/subnets/{subnet_id}/reserved_ips/{id}", Map.of("subnet_id", subnetId, "id", id),
                    "getSubnetReservedIp", ReservedIp.class);
        }

        public void deleteSubnetReservedIp(String subnetId, String id) {
            vpc.delete("/subnets/{subnet_id}/reserved_ips/{id}", Map.of("subnet_id", subnetId, "id", id), "deleteSubnetReservedIp");
        }

        public Page<ReservedIp> listSubnetReservedIps(String subnetId, String start, int limit) {
            return vpc.list("/subnets/{subnet_id}/reserved_ips", Map.of("subnet_id", subnetId), Map.of(),
                    "listSubnetReservedIps", "reserved_ips", ReservedIp.class, start, limit);
        }
    }

    private static SubnetReservedIps calls(IbmClients ibm) {
        return new SubnetReservedIps(ibm.vpc());
    }

    /** The reserved IPs of the target's subnets (provider-owned ones left out: nobody created them): address, bound VNI. */
    @Override
    public Discoverable discovery() {
        return Discoverable.under(Discoverable.Container.SUBNET, (ibm, scope, pages) -> {
            List<Discoverable.Found> found = new ArrayList<>();
            for (String subnet : scope.subnets()) {
                Discoverable.eachIn("subnets/" + subnet + "/reserved_ips", pages,
                        start -> new SubnetReservedIps(ibm.vpc()).listSubnetReservedIps(subnet, start, 100), ip -> {
                            if (!"provider".equals(ip.owner())) {
                                found.add(new Discoverable.Found(this, ip.id(), ip.name(), subnet,
                                        ip.target() == null ? Set.of() : Set.of(ip.target().id()), ip.address(), null,
                                        Discoverable.fields("subnet_id", subnet, "ip_address", ip.address())));
                            }
                        });
            }
            return found;
        });
    }

    public SubnetReservedIpType(Settings settings) {
        super(DECLARATION, TABLE);
        this.managementSubnetId = settings.optional("cleanup.ibm.management-subnet-id").orElse(null);
        this.workloadSubnetId = settings.optional("cleanup.ibm.workload-subnet-id").orElse(null);
    }

    @Override
    public TrackedResource withDefaults(TrackedResource ip) {
        if (ip.parentId() != null) {
            return ip;
        }
        return ip.withParent("workload".equals(ip.kind()) ? workloadSubnetId : managementSubnetId, null);
    }

    /** Gone, or not the reservation recorded (its address): settled without a delete. Without a subnet the delete says why. */
    @Override
    public Attempt inspect(IbmClients ibm, TrackedResource ip, Sightings seen) {
        if (ip.parentId() == null) {
            return null;
        }
        return Look.at(ip, () -> calls(ibm).getSubnetReservedIp(ip.parentId(), ip.ibmId()),
                "IP reservation " + ip.label() + " not found (already deleted, e.g. with its VNI)", SubnetReservedIpType::identity).settled();
    }

    private static Map<String, String> identity(ReservedIp ip) {
        return Identity.live(Identity.ADDRESS, ip.address());
    }

    /** A subnet's reserved IPs, 100 a page, with their addresses. */
    @Override
    public Listing listing() {
        return new Listing() {
            @Override
            public String container(TrackedResource ip) {
                return ip.parentId();
            }

            @Override
            public Page<Map.Entry<String, Map<String, String>>> page(IbmClients ibm, TrackedResource ip, String start) {
                Page<ReservedIp> page = calls(ibm).listSubnetReservedIps(ip.parentId(), start, 100);
                return new Page<>(page.items().stream().map(r -> Map.entry(r.id(), identity(r))).toList(), page.next(), page.totalCount());
            }
        };
    }

    @Override
    public Attempt delete(IbmClients ibm, TrackedResource ip) {
        if (ip.parentId() == null) {
            return Attempt.blocked("No subnet known for reserved IP " + ip.ibmId()
                    + ": the row has no subnet_id and no default subnet is configured for ip_type " + ip.kind());
        }
        return Attempt.deleteUnlessGone(() -> calls(ibm).deleteSubnetReservedIp(ip.parentId(), ip.ibmId()),
                Attempt.deleted("Deleted IP reservation " + ip.label()),
                "IP reservation " + ip.label() + " not found (already deleted, e.g. with its VNI)");
    }

    @Override
    public Attempt probe(IbmClients ibm, TrackedResource ip) {
        if (ip.parentId() == null) {
            throw new IllegalStateException("no subnet known for reserved IP " + ip.ibmId());
        }
        return Attempt.unlessGone(() -> {
            ReservedIp current = calls(ibm).getSubnetReservedIp(ip.parentId(), ip.ibmId());
            String bound = current.target() == null ? "" : ", bound to " + current.target().id();
            return Attempt.stillPresent("IP reservation " + current.address() + " (" + ip.ibmId() + ") still exists" + bound
                    + Identity.note(ip, identity(current)));
        }, "IP reservation " + ip.label() + " not found (successfully deleted)");
    }

    @Override
    public boolean track(Jdbc.Tx tx, String nodeName, String deploymentId, String ibmId, Map<String, String> details) throws SQLException {
        if (nodeName == null) {
            throw new IllegalArgumentException("a reserved IP belongs to a node");
        }
        String address = details.get("ip_address");
        if (address != null && !address.matches("[0-9A-Fa-f:.]{2,45}")) {
            throw new IllegalArgumentException("ip_address is not an IP address: " + address);
        }
        if (details.get("subnet_id") == null && withDefaults(new TrackedResource(this, 0, ibmId, null, nodeName, deploymentId,
                null, null, details.get("ip_type"), address, LedgerState.PRESENT, 0)).parentId() == null) {
            throw new IllegalArgumentException("subnet_id is required (no default subnet is configured for ip_type " + details.get("ip_type") + ")");
        }
        return tx.update("""
                INSERT INTO ip_reservations (node_name, ip_address, ip_type, reservation_id, subnet_id)
                VALUES (?, CAST(? AS INET), ?, ?, ?)
                ON CONFLICT (reservation_id) DO NOTHING
                """, nodeName, address, details.get("ip_type"), ibmId, details.get("subnet_id")) == 1;
    }
}
