package com.cleanupservice.simulator;

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
import java.util.function.Predicate;

/**
 * VPC public gateways, under {@code /v1/public_gateways}. IBM refuses (409) to delete a gateway still attached to a
 * subnet; it is detached with {@code DELETE /v1/subnets/{id}/public_gateway} (see {@link SubnetKind}). Once
 * detached, a DELETE removes it at once (204). Its public address ({@code floating_ip}) comes with it: the
 * simulator shows the address but does not make it a floating IP of its own.
 */
final class PublicGatewayKind extends SimKind<PublicGatewayKind.PublicGateway> {
    private static final String ADDRESS_INDEX = "address";

    /** @param address the gateway's public IPv4 address */
    record PublicGateway(String id, long seq, String name, String zone, String address, Instant createdAt)
            implements Resource {
    }

    /** IBM's {@code floating_ip} of a public gateway: its address, without a floating IP resource to link to. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FloatingIp(String address, String crn, String id, String name) {
    }

    /** As IBM's GET answers it ({@code PublicGateway}). */
    record Json(Instant createdAt, String crn, FloatingIp floatingIp, String href, String id, String name,
                ResourceGroup resourceGroup, String resourceType, String status, Reference vpc, Zone zone) {
    }

    /**
     * {@code POST /sim/resources}: in the simulated VPC ({@code vpc_id}, when given, must name it) and its region's
     * zone ({@code zone}, when given, must name it); the address is the first free one of 169.63.0.0/16.
     */
    record Create(String id, String name, String vpcId, String zone) {
        Create {
            if (vpcId != null && !vpcId.equals(IbmCloudSimulator.VPC_ID)) {
                throw new IllegalArgumentException("vpc " + vpcId + " does not exist (the simulated VPC is "
                        + IbmCloudSimulator.VPC_ID + ")");
            }
        }
    }

    PublicGatewayKind() {
        super(PublicGateway.class, Create.class, Declaration.of("public_gateway", "public_gateways", Api.VPC,
                "/v1/public_gateways", "Public gateway"));
    }

    @Override
    Map<String, Function<PublicGateway, Collection<String>>> indexes() {
        return Map.of(ADDRESS_INDEX, byField(PublicGateway::address));
    }

    @Override
    Map<String, BiPredicate<PublicGateway, String>> filters() {
        return Map.of("resource_group.id", sharedBy(IbmCloudSimulator.RESOURCE_GROUP_ID));
    }

    @Override
    ApiException refusal(CloudTx tx, PublicGateway gateway) {
        List<String> subnets = SubnetKind.attachedTo(tx, gateway.id()).stream().map(SubnetKind.Subnet::id).toList();
        return subnets.isEmpty() ? null : ApiException.conflict("public_gateway_in_use", "The public gateway "
                + gateway.id() + " is attached to subnet(s) " + String.join(", ", subnets)
                + "; detach it from every subnet before deleting it.");
    }

    @Override
    PublicGateway create(CloudTx tx, Fields fields) {
        Create in = fields.as(Create.class);
        String regionZone = tx.json().zone().name();
        if (in.zone() != null && !in.zone().equals(regionZone)) {
            throw new IllegalArgumentException("zone " + in.zone() + " is not the region's zone " + regionZone);
        }
        String id = tx.newId(PublicGateway.class, in.id(), "r006-" + java.util.UUID.randomUUID());
        Predicate<String> used = candidate -> !tx.indexed(PublicGateway.class, ADDRESS_INDEX, candidate).isEmpty();
        String address = firstFreeAddress("169.63.", 1, used, "no free public gateway address left");
        return tx.put(new PublicGateway(id, tx.nextSeq(), nameOr(in.name(), "public-gateway"), regionZone, address,
                tx.now()));
    }

    @Override
    Json render(CloudTx tx, PublicGateway gateway) {
        IbmJson ibm = tx.json();
        String fipId = "r006-fip-" + gateway.id();
        return new Json(gateway.createdAt(), crn(tx, gateway), new FloatingIp(gateway.address(),
                ibm.crn("floating-ip", fipId), fipId, gateway.name() + "-address"), href(tx, gateway), gateway.id(),
                gateway.name(), ibm.resourceGroup(), wireName(), "available", ibm.vpc(), ibm.zone());
    }
}
