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
import java.util.function.Predicate;

/**
 * VPC floating IPs, under {@code /v1/floating_ips}. A DELETE releases the address at once (204), bound to a target
 * or not. A floating IP may be bound to a virtual network interface; when that VNI goes, the floating IP stays,
 * unbound: IBM's documentation of VNI deletion mentions no cascade to floating IPs, and a floating IP is a
 * reserved public address that outlives what it points at.
 */
final class FloatingIpKind extends SimKind<FloatingIpKind.FloatingIp> {
    private static final String TARGET_INDEX = "target";
    private static final String ADDRESS_INDEX = "address";

    /** @param targetVniId the virtual network interface it is bound to, {@code null} when unbound */
    record FloatingIp(String id, long seq, String name, String address, Instant createdAt, String targetVniId)
            implements Resource {

        FloatingIp withTarget(String vniId) {
            return new FloatingIp(id, seq, name, address, createdAt, vniId);
        }
    }

    FloatingIpKind() {
        super(FloatingIp.class, Declaration.of("floating_ip", "floating_ips", Api.VPC, "/v1/floating_ips",
                "Floating IP"));
    }

    /** Floating IPs by the VNI they are bound to, and by address (unique in the region). */
    @Override
    Map<String, Function<FloatingIp, Collection<String>>> indexes() {
        return Map.of(TARGET_INDEX, fip -> fip.targetVniId() == null ? null : List.of(fip.targetVniId()),
                ADDRESS_INDEX, fip -> List.of(fip.address()));
    }

    @Override
    Map<String, BiPredicate<FloatingIp, String>> filters() {
        Map<String, BiPredicate<FloatingIp, String>> filters = new LinkedHashMap<>();
        filters.put("resource_group.id", (f, groupId) -> groupId.equals(IbmCloudSimulator.RESOURCE_GROUP_ID));
        filters.put("target.id", (f, targetId) -> targetId.equals(f.targetVniId()));
        filters.put("target.resource_type", (f, type) -> f.targetVniId() != null && type.equals("virtual_network_interface"));
        return filters;
    }

    @Override
    Reply delete(CloudTx tx, FloatingIp fip, boolean deleteFails) {
        return removeNow(tx, fip);
    }

    /** Its VNI's removal unbinds it. */
    @Override
    void onRemoved(CloudTx tx, Resource removed) {
        follow(tx, removed, VirtualNetworkInterfaceKind.Vni.class, TARGET_INDEX, (fip, vniId) -> fip.withTarget(null));
    }

    // ---------------------------------------------------------------- admin

    @Override
    Set<String> adminFields() {
        return Set.of("id", "name", "address", "target_id");
    }

    /** {@code target_id}, when given, names the virtual network interface to bind it to. */
    @Override
    FloatingIp create(CloudTx tx, Fields fields) {
        String targetId = fields.string("target_id");
        if (targetId != null) {
            tx.existing(VirtualNetworkInterfaceKind.Vni.class, targetId);
        }
        String id = tx.newId(FloatingIp.class, fields.string("id"), vpcId());
        Predicate<String> used = candidate -> !tx.indexed(FloatingIp.class, ADDRESS_INDEX, candidate).isEmpty();
        String address = fields.string("address") == null ? freeAddress(used) : fields.string("address");
        if (used.test(address)) {
            throw new IllegalArgumentException("floating IP address " + address + " is already in use");
        }
        FloatingIp fip = new FloatingIp(id, tx.nextSeq(), nameOr(fields.string("name"), "floating-ip"), address,
                tx.now(), targetId);
        tx.put(fip);
        return fip;
    }

    /** Public-looking addresses from one simulated range, 52.118.0.0/16; unique among the region's floating IPs. */
    private static String freeAddress(Predicate<String> used) {
        return firstFreeAddress("52.118.", 1, used, "no free floating IP address left");
    }

    // ---------------------------------------------------------------- JSON

    @Override
    Map<String, Object> render(CloudTx tx, FloatingIp fip) {
        IbmJson ibm = tx.json();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("address", fip.address());
        json.put("created_at", IbmJson.timestamp(fip.createdAt()));
        json.put("crn", ibm.crn("floating-ip", fip.id()));
        json.put("href", href(tx, fip));
        json.put("id", fip.id());
        json.put("name", fip.name());
        json.put("resource_group", ibm.resourceGroup());
        json.put("status", "available");
        if (fip.targetVniId() != null) {
            json.put("target", tx.reference(tx.get(VirtualNetworkInterfaceKind.Vni.class, fip.targetVniId())));
        }
        json.put("zone", ibm.zone());
        return json;
    }

    @Override
    Map<String, Object> reference(CloudTx tx, FloatingIp fip) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("address", fip.address());
        json.put("crn", tx.json().crn("floating-ip", fip.id()));
        json.put("href", href(tx, fip));
        json.put("id", fip.id());
        json.put("name", fip.name());
        return json;
    }

    // ---------------------------------------------------------------- persistence

    @Override
    Map<String, Object> toDocument(FloatingIp fip) {
        return Fields.of("name", fip.name(), "address", fip.address(), "created_at", IbmJson.timestamp(fip.createdAt()),
                "target_vni_id", fip.targetVniId()).json();
    }

    @Override
    FloatingIp fromDocument(String id, long seq, Fields doc) {
        return new FloatingIp(id, seq, doc.string("name"), doc.string("address"), doc.instant("created_at"),
                doc.string("target_vni_id"));
    }
}
