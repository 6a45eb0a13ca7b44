package com.cleanupservice.simulator;

import com.cleanupservice.simulator.IbmJson.Reference;
import com.cleanupservice.simulator.IbmJson.ResourceGroup;
import com.cleanupservice.simulator.IbmJson.Zone;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Collection;
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

    /** As IBM's GET answers it; {@code target} only while bound. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Json(String address, Instant createdAt, String crn, String href, String id, String name,
                ResourceGroup resourceGroup, String status, Reference target, Zone zone) {
    }

    /**
     * {@code POST /sim/resources}: {@code target_id}, when given, names the virtual network interface to bind it to;
     * {@code address} defaults to the first free one of a public-looking range, 52.118.0.0/16.
     */
    record Create(String id, String name, String address, String targetId) {
    }

    FloatingIpKind() {
        super(FloatingIp.class, Create.class, Declaration.of("floating_ip", "floating_ips", Api.VPC, "/v1/floating_ips",
                "Floating IP"));
    }

    /** Floating IPs by the VNI they are bound to, and by address (unique in the region). */
    @Override
    Map<String, Function<FloatingIp, Collection<String>>> indexes() {
        return Map.of(TARGET_INDEX, byField(FloatingIp::targetVniId),
                ADDRESS_INDEX, byField(FloatingIp::address));
    }

    @Override
    Map<String, BiPredicate<FloatingIp, String>> filters() {
        return Map.of("resource_group.id", sharedBy(IbmCloudSimulator.RESOURCE_GROUP_ID),
                "target.id", (fip, targetId) -> targetId.equals(fip.targetVniId()),
                "target.resource_type", (fip, type) -> fip.targetVniId() != null
                        && type.equals("virtual_network_interface"));
    }

    @Override
    Set<String> jsonFilters() {
        return Set.of("target.crn", "target.name");
    }

    /** Its VNI's removal unbinds it. */
    @Override
    void onRemoved(CloudTx tx, Resource removed) {
        follow(tx, removed, VirtualNetworkInterfaceKind.Vni.class, TARGET_INDEX, (fip, vniId) -> fip.withTarget(null));
    }

    @Override
    FloatingIp create(CloudTx tx, Fields fields) {
        Create in = fields.as(Create.class);
        if (in.targetId() != null) {
            tx.existing(VirtualNetworkInterfaceKind.Vni.class, in.targetId());
        }
        String id = tx.newId(FloatingIp.class, in.id(), vpcId());
        Predicate<String> used = candidate -> !tx.indexed(FloatingIp.class, ADDRESS_INDEX, candidate).isEmpty();
        String address = in.address() == null
                ? firstFreeAddress("52.118.", 1, used, "no free floating IP address left") : in.address();
        if (used.test(address)) {
            throw new IllegalArgumentException("floating IP address " + address + " is already in use");
        }
        return tx.put(new FloatingIp(id, tx.nextSeq(), nameOr(in.name(), "floating-ip"), address, tx.now(),
                in.targetId()));
    }

    @Override
    Json render(CloudTx tx, FloatingIp fip) {
        Reference target = fip.targetVniId() == null ? null
                : tx.reference(tx.get(VirtualNetworkInterfaceKind.Vni.class, fip.targetVniId()));
        return new Json(fip.address(), fip.createdAt(), crn(tx, fip), href(tx, fip), fip.id(), fip.name(),
                tx.json().resourceGroup(), "available", target, tx.json().zone());
    }

    @Override
    Reference reference(CloudTx tx, FloatingIp fip) {
        return new Reference(fip.address(), crn(tx, fip), href(tx, fip), fip.id(), fip.name(), null);
    }
}
