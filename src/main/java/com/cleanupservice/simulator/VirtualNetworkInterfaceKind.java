package com.cleanupservice.simulator;

import com.cleanupservice.simulator.HttpSupport.Reply;
import com.cleanupservice.simulator.IbmJson.Reference;
import com.cleanupservice.simulator.IbmJson.ResourceGroup;
import com.cleanupservice.simulator.IbmJson.Zone;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * VPC virtual network interfaces. A VNI cannot be deleted while it is a server's network attachment (409). When its
 * server goes, an {@code auto_delete} VNI goes with it and any other is detached and outlives it.
 */
final class VirtualNetworkInterfaceKind extends SimKind<VirtualNetworkInterfaceKind.Vni> {
    private static final String TARGET_INDEX = "target";

    /** @param targetServerId the bare metal server this VNI is attached to, {@code null} when free */
    record Vni(String id, long seq, String name, String subnetId, String primaryIpId, boolean autoDelete,
               Instant createdAt, String targetServerId) implements Resource {

        Vni withTarget(String serverId) {
            return new Vni(id, seq, name, subnetId, primaryIpId, autoDelete, createdAt, serverId);
        }
    }

    /**
     * As IBM's GET answers it; {@code target} (its server's attachment) only while attached. {@code security_groups}
     * is filled in by {@link SecurityGroupKind#decorate}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Json(boolean allowIpSpoofing, boolean autoDelete, Instant createdAt, String crn,
                boolean enableInfrastructureNat, String href, String id, List<Reference> ips, String lifecycleState,
                String name, Reference primaryIp, ResourceGroup resourceGroup, String resourceType,
                List<Reference> securityGroups, Reference subnet, Reference target, Reference vpc, Zone zone) {
    }

    /**
     * {@code POST /sim/resources}: bound to reserved IP {@code primary_ip_id}; without one, a fresh auto_delete IP is
     * reserved in {@code subnet_id}, as IBM does.
     */
    record Create(String id, String name, String subnetId, String primaryIpId, boolean autoDelete) {
        Create {
            if (subnetId == null && primaryIpId == null) {
                throw new IllegalArgumentException("subnet_id or primary_ip_id is required");
            }
        }
    }

    VirtualNetworkInterfaceKind() {
        super(Vni.class, Create.class, Declaration.of("virtual_network_interface", "virtual_network_interfaces", Api.VPC,
                "/v1/virtual_network_interfaces", "Virtual network interface"));
    }

    /** VNIs by the server they are attached to. */
    @Override
    Map<String, Function<Vni, Collection<String>>> indexes() {
        return Map.of(TARGET_INDEX, byField(Vni::targetServerId));
    }

    @Override
    Map<String, BiPredicate<Vni, String>> filters() {
        return Map.of("resource_group.id", sharedBy(IbmCloudSimulator.RESOURCE_GROUP_ID));
    }

    /** The VNI's IPs (its primary IP, the one it has), as its {@code ips} lists them. */
    @Override
    List<Nested<Vni>> nested() {
        return List.of(new Nested<>("ips", "ip", "Reserved IP", true, (tx, v) -> {
            SubnetReservedIpKind.ReservedIp ip = tx.get(SubnetReservedIpKind.ReservedIp.class, v.primaryIpId());
            return List.of(new Member(ip.id(), tx.reference(ip)));
        }, null, null));
    }

    @Override
    ApiException refusal(CloudTx tx, Vni vni) {
        return vni.targetServerId() == null ? null : ApiException.conflict("virtual_network_interface_in_use",
                "The virtual network interface " + vni.id() + " is attached to bare metal server "
                        + vni.targetServerId() + "; it cannot be deleted while it has a target.");
    }

    /** Goes at once, but answers as IBM does: 202 with the VNI one last time, in lifecycle_state {@code deleting}. */
    @Override
    Reply accept(CloudTx tx, Vni vni, boolean deleteFails) {
        Object json = tx.decorated(vni, json(tx, vni, "deleting"));
        tx.remove(vni);
        return Reply.of(202, json);
    }

    /** A server's removal: its auto_delete VNIs go with it, the others are detached and keep their IPs. */
    @Override
    void onRemoved(CloudTx tx, Resource removed) {
        follow(tx, removed, BareMetalServerKind.Server.class, TARGET_INDEX, (vni, serverId) -> vni.autoDelete() ? null : vni.withTarget(null));
    }

    @Override
    Vni create(CloudTx tx, Fields fields) {
        Create in = fields.as(Create.class);
        String subnetId = in.subnetId();
        String primaryIpId = in.primaryIpId();
        String vniId = tx.newId(Vni.class, in.id(), vpcId());
        SubnetReservedIpKind.ReservedIp ip = primaryIpId == null
                ? SubnetReservedIpKind.reserve(tx, subnetId, null, null, null, true)
                : tx.get(SubnetReservedIpKind.ReservedIp.class, primaryIpId);
        if (ip == null) {
            throw new IllegalArgumentException("reserved IP " + primaryIpId + " does not exist");
        }
        if (subnetId != null && !subnetId.equals(ip.subnetId())) {
            throw new IllegalArgumentException("reserved IP " + ip.id() + " is in subnet " + ip.subnetId()
                    + ", not " + subnetId);
        }
        if (ip.targetVniId() != null) {
            throw new IllegalArgumentException("reserved IP " + ip.id() + " is already bound to " + ip.targetVniId());
        }
        Vni vni = tx.put(new Vni(vniId, tx.nextSeq(), nameOr(in.name(), "vni"), ip.subnetId(), ip.id(),
                in.autoDelete(), tx.now(), null));
        tx.put(ip.withTarget(vniId));
        return vni;
    }

    @Override
    Json render(CloudTx tx, Vni v) {
        return json(tx, v, "stable");
    }

    private Json json(CloudTx tx, Vni v, String lifecycleState) {
        IbmJson ibm = tx.json();
        Reference primaryIp = tx.reference(tx.get(SubnetReservedIpKind.ReservedIp.class, v.primaryIpId()));
        Reference target = null;
        if (v.targetServerId() != null) {
            BareMetalServerKind.Server server = tx.get(BareMetalServerKind.Server.class, v.targetServerId());
            target = BareMetalServerKind.attachmentReference(tx, server, server.attachmentOf(v.id()));
        }
        return new Json(false, v.autoDelete(), v.createdAt(), crn(tx, v), true, href(tx, v), v.id(),
                List.of(primaryIp), lifecycleState, v.name(), primaryIp, ibm.resourceGroup(),
                "virtual_network_interface", List.of(), ibm.subnet(v.subnetId()), target, ibm.vpc(), ibm.zone());
    }
}
