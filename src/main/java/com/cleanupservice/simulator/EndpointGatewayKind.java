package com.cleanupservice.simulator;

import com.cleanupservice.simulator.IbmJson.Reference;
import com.cleanupservice.simulator.IbmJson.ResourceGroup;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * VPC endpoint gateways (VPE), under {@code /v1/endpoint_gateways}. Created in a subnet, a gateway reserves its IP
 * there (owner user, {@code auto_delete}, its {@code target} the gateway: {@link #decorate}) and holds up the
 * subnet's deletion ({@link #objection}). A DELETE is accepted (204) and the gateway stays {@code lifecycle_state}
 * {@code deleting} for the configured network delete delay; then it is gone and its reserved IP with it. Deleting
 * the reserved IP itself unbinds it from the gateway, as IBM does.
 */
final class EndpointGatewayKind extends SimKind<EndpointGatewayKind.EndpointGateway> {
    static final String DELETING = "deleting";
    /** What the gateways here serve unless told otherwise: IBM Cloud Object Storage, the provisioner's usual. */
    static final String COS_CRN = "crn:v1:bluemix:public:cloud-object-storage:global:::endpoint:"
            + "s3.direct.us-south.cloud-object-storage.appdomain.cloud";
    private static final String SUBNET_INDEX = "subnet";
    private static final String IP_INDEX = "ip";

    /**
     * @param reservedIpId   its IP in the subnet, {@code null} once that was deleted
     * @param deleteDeadline while {@code lifecycleState} is {@code deleting}: when it is gone
     */
    record EndpointGateway(String id, long seq, String name, String subnetId, String reservedIpId, String targetCrn,
                           Instant createdAt, String lifecycleState, Instant deleteDeadline) implements Resource {
        EndpointGateway withIp(String ipId) {
            return new EndpointGateway(id, seq, name, subnetId, ipId, targetCrn, createdAt, lifecycleState,
                    deleteDeadline);
        }

        EndpointGateway deleting(Instant deadline) {
            return new EndpointGateway(id, seq, name, subnetId, reservedIpId, targetCrn, createdAt, DELETING,
                    deadline);
        }
    }

    /** As IBM's GET answers it ({@code EndpointGateway}). */
    record Json(boolean allowDnsResolutionBinding, Instant createdAt, String crn, String healthState, String href,
                String id, List<Reference> ips, List<Object> lifecycleReasons, String lifecycleState, String name,
                ResourceGroup resourceGroup, String resourceType, List<Object> securityGroups,
                List<String> serviceEndpoints, Target target, Reference vpc) {
    }

    /** The service a gateway reaches: a provider cloud service, by CRN. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Target(String crn, String resourceType) {
    }

    /** What a gateway adds to its reserved IP's JSON: the IP's {@code target}. */
    record OfReservedIp(Reference target) {
    }

    /** {@code POST /sim/resources}: in an existing subnet; {@code target_crn} defaults to {@link #COS_CRN}. */
    record Create(String id, String name, @Fields.Required String subnetId, String targetCrn) {
        Create {
            targetCrn = targetCrn == null ? COS_CRN : targetCrn;
        }
    }

    EndpointGatewayKind() {
        super(EndpointGateway.class, Create.class, Declaration.of("endpoint_gateway", "endpoint_gateways", Api.VPC,
                "/v1/endpoint_gateways", "Endpoint gateway"));
    }

    @Override
    Map<String, Function<EndpointGateway, Collection<String>>> indexes() {
        return Map.of(SUBNET_INDEX, gateway -> List.of(gateway.subnetId()),
                IP_INDEX, byField(EndpointGateway::reservedIpId));
    }

    @Override
    Map<String, BiPredicate<EndpointGateway, String>> filters() {
        return Map.of("resource_group.id", sharedBy(IbmCloudSimulator.RESOURCE_GROUP_ID),
                "name", (gateway, name) -> name.equals(gateway.name()),
                "vpc.id", sharedBy(IbmCloudSimulator.VPC_ID),
                "vpc.name", sharedBy(IbmCloudSimulator.VPC_NAME));
    }

    /** A gateway in a subnet holds up the subnet's deletion (deleting or not: until it is gone). */
    @Override
    ApiException objection(CloudTx tx, Resource other) {
        if (!(other instanceof SubnetKind.Subnet subnet)) {
            return null;
        }
        List<EndpointGateway> in = tx.indexed(EndpointGateway.class, SUBNET_INDEX, subnet.id());
        return in.isEmpty() ? null : SubnetKind.inUse(subnet, "endpoint_gateway_exists", "endpoint gateways",
                wireName(), in.get(0).id());
    }

    /** Accepted (204): {@code deleting} until its deadline ({@link #settle}); again, it waits on. */
    @Override
    HttpSupport.Reply accept(CloudTx tx, EndpointGateway gateway, boolean deleteFails) {
        if (!gateway.lifecycleState().equals(DELETING)) {
            tx.put(gateway.deleting(tx.now().plus(tx.settings().networkDeleteDelay())));
        }
        return HttpSupport.Reply.of(204, null);
    }

    @Override
    Instant dueAt(EndpointGateway gateway) {
        return gateway.lifecycleState().equals(DELETING) ? gateway.deleteDeadline() : null;
    }

    /** Gone, and its reserved IP with it. */
    @Override
    void settle(CloudTx tx, EndpointGateway gateway) {
        tx.remove(gateway);
        if (gateway.reservedIpId() != null) {
            SubnetReservedIpKind.ReservedIp ip = tx.get(SubnetReservedIpKind.ReservedIp.class, gateway.reservedIpId());
            if (ip != null) {
                tx.remove(ip);
            }
        }
    }

    /** Its reserved IP's deletion unbinds it. */
    @Override
    void onRemoved(CloudTx tx, Resource removed) {
        follow(tx, removed, SubnetReservedIpKind.ReservedIp.class, IP_INDEX, (gateway, ipId) -> gateway.withIp(null));
    }

    @Override
    OfReservedIp decorate(CloudTx tx, Resource other) {
        if (!(other instanceof SubnetReservedIpKind.ReservedIp ip)) {
            return null;
        }
        List<EndpointGateway> bound = tx.indexed(EndpointGateway.class, IP_INDEX, ip.id());
        return bound.isEmpty() ? null : new OfReservedIp(reference(tx, bound.get(0)));
    }

    @Override
    EndpointGateway create(CloudTx tx, Fields fields) {
        Create in = fields.as(Create.class);
        tx.existing(SubnetKind.Subnet.class, in.subnetId());
        String id = tx.newId(EndpointGateway.class, in.id(), "r006-" + UUID.randomUUID());
        String name = nameOr(in.name(), "endpoint-gateway");
        SubnetReservedIpKind.ReservedIp ip = SubnetReservedIpKind.reserve(tx, in.subnetId(), null, name + "-ip",
                null, true);
        return tx.put(new EndpointGateway(id, tx.nextSeq(), name, in.subnetId(), ip.id(), in.targetCrn(), tx.now(),
                "stable", null));
    }

    @Override
    Json render(CloudTx tx, EndpointGateway gateway) {
        List<Reference> ips = gateway.reservedIpId() == null ? List.of()
                : List.of(tx.reference(tx.get(SubnetReservedIpKind.ReservedIp.class, gateway.reservedIpId())));
        String endpoint = gateway.targetCrn().substring(gateway.targetCrn().lastIndexOf(':') + 1);
        return new Json(true, gateway.createdAt(), tx.json().regionalCrn("endpoint-gateway", gateway.id()), "ok",
                href(tx, gateway), gateway.id(), ips, List.of(), gateway.lifecycleState(), gateway.name(),
                tx.json().resourceGroup(), wireName(), List.of(), List.of(endpoint),
                new Target(gateway.targetCrn(), "provider_cloud_service"), tx.json().vpc());
    }

    @Override
    IbmJson.Reference reference(CloudTx tx, EndpointGateway gateway) {
        return new Reference(null, tx.json().regionalCrn("endpoint-gateway", gateway.id()), href(tx, gateway),
                gateway.id(), gateway.name(), wireName());
    }
}
