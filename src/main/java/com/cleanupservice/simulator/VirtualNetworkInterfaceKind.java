package com.cleanupservice.simulator;

import com.cleanupservice.simulator.HttpSupport.Reply;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    VirtualNetworkInterfaceKind() {
        super(Vni.class, Declaration.of("virtual_network_interface", "virtual_network_interfaces", Api.VPC,
                "/v1/virtual_network_interfaces", "Virtual network interface"));
    }

    /** VNIs by the server they are attached to. */
    @Override
    Map<String, Function<Vni, Collection<String>>> indexes() {
        return Map.of(TARGET_INDEX, vni -> vni.targetServerId() == null ? null : List.of(vni.targetServerId()));
    }

    @Override
    Map<String, BiPredicate<Vni, String>> filters() {
        return Map.of("resource_group.id", (v, groupId) -> groupId.equals(IbmCloudSimulator.RESOURCE_GROUP_ID));
    }

    /** Answers with the VNI as IBM does: one last time, in lifecycle_state {@code deleting}. */
    @Override
    Reply delete(CloudTx tx, Vni vni, boolean deleteFails) {
        if (vni.targetServerId() != null) {
            throw ApiException.conflict("virtual_network_interface_in_use", "The virtual network interface "
                    + vni.id() + " is attached to bare metal server " + vni.targetServerId()
                    + "; it cannot be deleted while it has a target.");
        }
        Map<String, Object> json = tx.render(vni);
        json.put("lifecycle_state", "deleting");
        tx.remove(vni);
        return Reply.of(202, json);
    }

    /** A server's removal: its auto_delete VNIs go with it, the others are detached and keep their IPs. */
    @Override
    void onRemoved(CloudTx tx, Resource removed) {
        follow(tx, removed, BareMetalServerKind.Server.class, TARGET_INDEX, (vni, serverId) -> vni.autoDelete() ? null : vni.withTarget(null));
    }

    // ---------------------------------------------------------------- admin

    @Override
    Set<String> adminFields() {
        return Set.of("id", "name", "subnet_id", "primary_ip_id", "auto_delete");
    }

    /** Bound to reserved IP {@code primary_ip_id}; without one, a fresh auto_delete IP is reserved, as IBM does. */
    @Override
    Vni create(CloudTx tx, Fields fields) {
        String subnetId = fields.string("subnet_id");
        String primaryIpId = fields.string("primary_ip_id");
        if (subnetId == null && primaryIpId == null) {
            throw new IllegalArgumentException("subnet_id or primary_ip_id is required");
        }
        String vniId = tx.newId(Vni.class, fields.string("id"), vpcId());
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
        Vni vni = new Vni(vniId, tx.nextSeq(), nameOr(fields.string("name"), "vni"), ip.subnetId(), ip.id(),
                fields.bool("auto_delete"), tx.now(), null);
        tx.put(vni);
        tx.put(ip.withTarget(vniId));
        return vni;
    }

    // ---------------------------------------------------------------- JSON

    @Override
    Map<String, Object> render(CloudTx tx, Vni v) {
        IbmJson ibm = tx.json();
        Map<String, Object> primaryIp = tx.reference(tx.get(SubnetReservedIpKind.ReservedIp.class, v.primaryIpId()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("allow_ip_spoofing", false);
        json.put("auto_delete", v.autoDelete());
        json.put("created_at", IbmJson.timestamp(v.createdAt()));
        json.put("crn", ibm.crn("virtual-network-interface", v.id()));
        json.put("enable_infrastructure_nat", true);
        json.put("href", href(tx, v));
        json.put("id", v.id());
        json.put("ips", List.of(primaryIp));
        json.put("lifecycle_state", "stable");
        json.put("name", v.name());
        json.put("primary_ip", primaryIp);
        json.put("resource_group", ibm.resourceGroup());
        json.put("resource_type", "virtual_network_interface");
        json.put("security_groups", List.of());
        json.put("subnet", ibm.subnet(v.subnetId()));
        if (v.targetServerId() != null) {
            BareMetalServerKind.Server server = tx.get(BareMetalServerKind.Server.class, v.targetServerId());
            json.put("target", BareMetalServerKind.attachmentReference(tx, server, server.attachmentOf(v.id())));
        }
        json.put("vpc", ibm.vpc());
        json.put("zone", ibm.zone());
        return json;
    }

    // ---------------------------------------------------------------- persistence

    @Override
    Map<String, Object> toDocument(Vni v) {
        return Fields.of("name", v.name(), "subnet_id", v.subnetId(), "primary_ip_id", v.primaryIpId(),
                "auto_delete", v.autoDelete(), "created_at", IbmJson.timestamp(v.createdAt()),
                "target_server_id", v.targetServerId()).json();
    }

    @Override
    Vni fromDocument(String id, long seq, Fields doc) {
        return new Vni(id, seq, doc.string("name"), doc.string("subnet_id"), doc.string("primary_ip_id"),
                doc.bool("auto_delete"), doc.instant("created_at"), doc.string("target_server_id"));
    }
}
