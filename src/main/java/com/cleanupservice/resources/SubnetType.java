package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.IbmService;
import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.ibm.Models.ResourceRef;
import com.google.gson.annotations.SerializedName;

import java.util.Map;

/**
 * A VPC subnet, usually a deployment's own. IBM refuses (409 {@code subnet_in_use_…}) to delete a subnet while anything
 * is in it — a VNI, a reserved IP a user owns, a load balancer, an endpoint gateway — so a subnet goes after all of
 * those (a deployment's own subnets after every node). Its delete is asynchronous: accepted, the subnet is
 * {@code deleting} until a GET answers 404.
 * <p>
 * It always looks first: gone settles it, a subnet that is not the recorded one is BLOCKED, and so is a subnet still
 * holding something this cleanup does not track (its reserved IPs name what they belong to; load balancers
 * name their subnets): a person must act, and
 * retrying the 409 would not help. A public gateway attached to it that this cleanup tracks is detached there, just
 * before the delete, so that the gateway can go after its subnets; a gateway it does not track stays as it is.
 */
public final class SubnetType extends DeclaredType
        implements ResourceType.Inspect {

    private static final Declaration DECLARATION = Declaration.of("subnet", "subnets", "subnet_deletion", IbmApi.VPC)
            .after("virtual_network_interface", "subnet_reserved_ip", "load_balancer", "endpoint_gateway")
            .request("DELETE /v1/subnets/{id} then GET until 404")
            .cli("is subnet {id}", "is subnet-delete {id} -f")
            .fields(Map.of("name", RecordField.TEXT, "vpc_id", RecordField.ID, "zone", RecordField.ID));

    private static final TrackedTable TABLE = TrackedTable.sharedLedger().detail(TrackedTable.field("zone"))
            .identity("json_build_object('name', t.name, 'zone', " + TrackedTable.field("zone") + ")");

    /** IBM's subnet, the fields this type reads. */
    public record Subnet(String id, String name, String status, ResourceRef vpc, ResourceRef zone,
                         @SerializedName("public_gateway") ResourceRef publicGateway) {
    }

    /** IBM's reserved IP in a subnet: who owns it and what it is bound to. */
    public record ReservedIp(String id, String name, String address, String owner, ResourceRef target) {
    }

    /** IBM's load balancer: the subnets it is in. */
    public record LoadBalancer(String id, String name, @SerializedName("provisioning_status") String provisioningStatus,
                               java.util.List<ResourceRef> subnets) {
    }

    /** The VPC calls this type makes. */
    public record Subnets(IbmService vpc) {
        public Subnet getSubnet(String id) {
            return vpc.get("/subnets/{id}", Map.of("id", id), "getSubnet", Subnet.class);
        }

        /** Accepted (202/204): the subnet is {@code deleting} until a GET answers 404; 409 while anything is in it. */
        public void deleteSubnet(String id) {
            vpc.delete("/subnets/{id}", Map.of("id", id), "deleteSubnet");
        }

        public Page<ReservedIp> listSubnetReservedIps(String subnetId, String start, int limit) {
            return vpc.list("/subnets/{id}/reserved_ips", Map.of("id", subnetId), Map.of(), "listSubnetReservedIps",
                    "reserved_ips", ReservedIp.class, start, limit);
        }

        /** Detaches the subnet's public gateway (204); 404 when none is attached. */
        public void unsetSubnetPublicGateway(String subnetId) {
            vpc.delete("/subnets/{id}/public_gateway", Map.of("id", subnetId), "unsetSubnetPublicGateway");
        }

        /** Every load balancer of the account (IBM filters them by nothing a subnet could use). */
        public Page<LoadBalancer> listLoadBalancers(String start, int limit) {
            return vpc.list("/load_balancers", Map.of(), Map.of(), "listLoadBalancers", "load_balancers", LoadBalancer.class, start, limit);
        }

        /** The subnets of one VPC. */
        public Page<Subnet> listSubnets(String vpcId, String start, int limit) {
            return vpc.list("/subnets", Map.of(), Map.of("vpc.id", vpcId), "listSubnets", "subnets", Subnet.class, start, limit);
        }
    }

    static Subnets calls(IbmClients ibm) {
        return new Subnets(ibm.vpc());
    }

    public SubnetType(Settings settings) {
        super(DECLARATION, TABLE); // the constructor taking Settings is the registration contract
    }

    @Override
    public boolean inspectsFirst() {
        return true;
    }

    /**
     * Gone settles it; so does not being the subnet recorded (name, zone), and holding something this cleanup does not
     * track (BLOCKED, naming it). Already {@code deleting}: wait. Else its public gateway, when this cleanup tracks it,
     * is detached, and the delete goes on.
     */
    @Override
    public Attempt inspect(IbmClients ibm, TrackedResource subnet, Sightings seen) {
        var look = Look.at(subnet, () -> calls(ibm).getSubnet(subnet.ibmId()),
                "Subnet " + subnet.label() + " not found (already deleted)", SubnetType::identity);
        if (look.settled() != null) {
            return look.settled();
        }
        if ("deleting".equals(look.current().status())) {
            return Attempt.accepted("Subnet " + subnet.label() + " was already being deleted");
        }
        Attempt blocked = blocker(ibm, subnet, seen);
        if (blocked != null) {
            return blocked;
        }
        ResourceRef gateway = look.current().publicGateway();
        if (gateway != null && "public_gateway".equals(seen.trackedType(gateway.id()))) {
            // detached here, right before the subnet's delete: the gateway goes after its subnets (IBM: 409 while attached)
            Attempt.unlessNotFound(() -> {
                calls(ibm).unsetSubnetPublicGateway(subnet.ibmId());
                return true;
            });
        }
        return null;
    }

    /**
     * The first thing in the subnet this cleanup neither tracks nor has deleted, as IBM's reserved IPs show it (a
     * user's reserved IP, or what one is bound to): BLOCKED with IBM's kind of reason and the blocker's id and name.
     * Provider-owned IPs do not count (IBM's own). Null when nothing blocks, or only what this cleanup tracks (its
     * delete comes first, or failed: then the subnet's 409 is final as any dependent's is).
     */
    private static Attempt blocker(IbmClients ibm, TrackedResource subnet, Sightings seen) {
        String start = null;
        do {
            Page<ReservedIp> page = calls(ibm).listSubnetReservedIps(subnet.ibmId(), start, 100);
            for (ReservedIp ip : page.items()) {
                if ("provider".equals(ip.owner())) {
                    continue;
                }
                boolean bound = ip.target() != null && ip.target().id() != null;
                String id = bound ? ip.target().id() : ip.id();
                if (seen.trackedType(id) != null) { // what holds the subnet is the IP's target, when it has one
                    continue;
                }
                String type = bound ? String.valueOf(ip.target().resourceType()) : "subnet_reserved_ip";
                String name = bound ? ip.target().name() : ip.name();
                return Attempt.blocked("Not deleted: subnet " + describe(subnet) + " is in use ("
                        + inUseCode(type) + ") by " + type.replace('_', ' ') + " " + id + (name == null ? "" : " ('" + name + "')")
                        + (bound ? " on reserved IP " + ip.address() : " at " + ip.address())
                        + ", which this cleanup does not track; IBM Cloud refuses to delete a subnet while anything is in it:"
                        + " delete or move it, then run the cleanup again");
            }
            start = page.next();
        } while (start != null);
        return loadBalancer(ibm, subnet, seen);
    }

    /**
     * A load balancer in the subnet that this cleanup does not track (its IPs are not the subnet's reserved IPs to
     * read): BLOCKED naming it. One already {@code delete_pending} is on its way out and blocks nothing for long.
     */
    private static Attempt loadBalancer(IbmClients ibm, TrackedResource subnet, Sightings seen) {
        String start = null;
        do {
            Page<LoadBalancer> page = calls(ibm).listLoadBalancers(start, 100);
            for (LoadBalancer lb : page.items()) {
                boolean inSubnet = lb.subnets() != null && lb.subnets().stream().anyMatch(s -> subnet.ibmId().equals(s.id()));
                if (inSubnet && seen.trackedType(lb.id()) == null && !"delete_pending".equals(lb.provisioningStatus())) {
                    return Attempt.blocked("Not deleted: subnet " + describe(subnet) + " is in use (" + inUseCode("load_balancer")
                            + ") by load balancer " + lb.id() + (lb.name() == null ? "" : " ('" + lb.name() + "')")
                            + ", which this cleanup does not track; IBM Cloud refuses to delete a subnet while anything is in it:"
                            + " delete or move it, then run the cleanup again");
                }
            }
            start = page.next();
        } while (start != null);
        return null;
    }

    /** IBM's {@code subnet_in_use_…} code for a blocker of this type. */
    private static String inUseCode(String type) {
        return "subnet_in_use_" + switch (type) {
            case "virtual_network_interface", "network_interface", "bare_metal_server_network_interface" -> "network_interface_exists";
            case "load_balancer" -> "load_balancer_exists";
            case "endpoint_gateway" -> "endpoint_gateway_exists";
            case "subnet_reserved_ip" -> "reserved_ip_exists";
            default -> type + "_exists";
        };
    }

    static String describe(TrackedResource r) {
        return r.label().equals(r.ibmId()) ? r.ibmId() : r.label() + " (" + r.ibmId() + ")";
    }

    private static Map<String, String> identity(Subnet s) {
        return Identity.live(Identity.NAME, s.name(), Identity.ZONE, s.zone() == null ? null : s.zone().name());
    }

    @Override
    public Attempt delete(IbmClients ibm, TrackedResource subnet) {
        return Attempt.deleteUnlessGone(() -> calls(ibm).deleteSubnet(subnet.ibmId()),
                Attempt.accepted("Delete of subnet " + subnet.label() + " accepted"),
                "Subnet " + subnet.label() + " not found (already deleted)");
    }

    @Override
    public Attempt probe(IbmClients ibm, TrackedResource subnet) {
        return Attempt.unlessGone(() -> {
            Subnet current = calls(ibm).getSubnet(subnet.ibmId());
            if ("failed".equals(current.status())) {
                return Attempt.deleteFailed("Subnet " + subnet.label() + " is failed");
            }
            return Attempt.stillPresent("Subnet " + subnet.label() + " (" + subnet.ibmId() + ") still exists (status "
                    + current.status() + ")" + Identity.note(subnet, identity(current)));
        }, "Subnet " + subnet.label() + " not found (successfully deleted)");
    }
}
