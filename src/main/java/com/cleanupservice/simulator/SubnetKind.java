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
 * VPC subnets, under {@code /v1/subnets}. IBM refuses (409) to delete a subnet while anything is in it: a virtual
 * network interface, a load balancer, an endpoint gateway or a reserved IP a user owns (provider-owned ones do not
 * count); the 409 names the first such resource. A DELETE is accepted (204) and the subnet stays {@code deleting}
 * for the configured network delete delay, then it is gone. A public gateway may be attached
 * ({@code PUT /v1/subnets/{id}/public_gateway}), shown ({@code GET}) and detached ({@code DELETE}).
 *
 * <p><b>Implicit subnets.</b> Reserved IPs and VNIs were created in subnets before subnets were resources, and the
 * demo and every existing scenario still do: a reserved IP reserved (by an admin create, or for a VNI) in a subnet
 * that does not exist creates it, in the reserved IP's place, with the defaults of an admin create. Such a subnet
 * is {@code implicit}: a real subnet on the API (GET, list, DELETE with its 409s), but, like the VPC, not listed by
 * {@code GET /sim/resources}, so a scenario that never created one sees none left over. An admin create naming the
 * id of an implicit subnet in its place makes it explicit with the given fields. When the id is taken in another
 * account or region, no subnet is created here (its reserved IPs' collection then answers 404 here).
 */
final class SubnetKind extends SimKind<SubnetKind.Subnet> {
    static final String DELETING = "deleting";
    /** The simulated subnets' range, from which {@link SubnetReservedIpKind} reserves its addresses. */
    static final String DEFAULT_CIDR = "10.240.0.0/16";
    private static final String PUBLIC_GATEWAY_INDEX = "public_gateway";

    /**
     * @param publicGatewayId the public gateway attached, {@code null} for none
     * @param deleteDeadline  while {@code status} is {@code deleting}: when it is gone
     * @param implicit        made by a reserved IP's reservation, not an admin create (see the class comment)
     */
    record Subnet(String id, long seq, String name, String zone, String ipv4CidrBlock, String publicGatewayId,
                  Instant createdAt, String status, Instant deleteDeadline, boolean implicit) implements Resource {

        Subnet withPublicGateway(String gatewayId) {
            return new Subnet(id, seq, name, zone, ipv4CidrBlock, gatewayId, createdAt, status, deleteDeadline,
                    implicit);
        }

        Subnet deleting(Instant deadline) {
            return new Subnet(id, seq, name, zone, ipv4CidrBlock, publicGatewayId, createdAt, DELETING, deadline,
                    implicit);
        }
    }

    /** As IBM's GET answers it ({@code Subnet}); {@code public_gateway} only while one is attached. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Json(long availableIpv4AddressCount, Instant createdAt, String crn, String href, String id,
                String ipVersion, String ipv4CidrBlock, String name, Reference publicGateway,
                ResourceGroup resourceGroup, String resourceType, String status, long totalIpv4AddressCount,
                Reference vpc, Zone zone) {
    }

    /**
     * {@code POST /sim/resources}: in the simulated VPC ({@code vpc_id}, when given, must name it) and its region's
     * zone; {@code ipv4_cidr_block} defaults to {@value #DEFAULT_CIDR}; {@code public_gateway_id} attaches an existing
     * public gateway.
     */
    record Create(String id, String name, String vpcId, String zone, String ipv4CidrBlock, String publicGatewayId) {
        Create {
            if (vpcId != null && !vpcId.equals(IbmCloudSimulator.VPC_ID)) {
                throw new IllegalArgumentException("vpc " + vpcId + " does not exist (the simulated VPC is "
                        + IbmCloudSimulator.VPC_ID + ")");
            }
            ipv4CidrBlock = ipv4CidrBlock == null ? DEFAULT_CIDR : checkCidr(ipv4CidrBlock);
        }
    }

    /** {@code PUT /v1/subnets/{id}/public_gateway}'s body: the gateway's identity. */
    record GatewayIdentity(@Fields.Required String id) {
    }

    SubnetKind() {
        super(Subnet.class, Create.class, Declaration.of("subnet", "subnets", Api.VPC, "/v1/subnets", "Subnet"));
    }

    /** Subnets by the public gateway attached to them. */
    @Override
    Map<String, Function<Subnet, Collection<String>>> indexes() {
        return Map.of(PUBLIC_GATEWAY_INDEX, byField(Subnet::publicGatewayId));
    }

    /** The subnets a public gateway is attached to. */
    static List<Subnet> attachedTo(CloudTx tx, String gatewayId) {
        return tx.indexed(Subnet.class, PUBLIC_GATEWAY_INDEX, gatewayId);
    }

    @Override
    Map<String, BiPredicate<Subnet, String>> filters() {
        return Map.of("resource_group.id", sharedBy(IbmCloudSimulator.RESOURCE_GROUP_ID),
                "vpc.id", sharedBy(IbmCloudSimulator.VPC_ID),
                "vpc.name", sharedBy(IbmCloudSimulator.VPC_NAME),
                "zone.name", (s, zone) -> zone.equals(s.zone()));
    }

    @Override
    boolean shown(Subnet subnet) {
        return !subnet.implicit();
    }

    /** The first resource in the subnet, as IBM names what stands in the way: VNIs, load balancers, gateways, IPs. */
    @Override
    ApiException refusal(CloudTx tx, Subnet subnet) {
        if (subnet.status().equals(DELETING)) {
            return null;
        }
        List<SubnetReservedIpKind.ReservedIp> ips = SubnetReservedIpKind.reservedIn(tx, subnet.id());
        for (SubnetReservedIpKind.ReservedIp ip : ips) {
            if (ip.targetVniId() != null) {
                return inUse(subnet, "network_interface_exists", "network interfaces", "virtual_network_interface",
                        ip.targetVniId());
            }
        }
        ApiException objection = tx.objection(subnet); // a load balancer's, an endpoint gateway's
        if (objection != null) {
            return objection;
        }
        return ips.isEmpty() ? null : inUse(subnet, "reserved_ip_exists", "reserved IPs", "subnet_reserved_ip",
                ips.get(0).id());
    }

    /**
     * IBM's {@code subnet_in_use_…} answer, naming the blocking resource's type and id after IBM's sentence; also
     * what the kinds in a subnet answer as their {@link SimKind#objection}.
     */
    static ApiException inUse(Subnet subnet, String code, String what, String blockerType, String blockerId) {
        return ApiException.conflict("subnet_in_use_" + code, "Cannot delete the subnet while it is in use by one or"
                + " more " + what + ". Please delete the " + what + " and try again. (subnet " + subnet.id()
                + " is in use by " + blockerType + " " + blockerId + ")");
    }

    /** Accepted (204): the subnet turns {@code deleting} until its deadline ({@link #settle}); again, it waits on. */
    @Override
    Reply accept(CloudTx tx, Subnet subnet, boolean deleteFails) {
        if (!subnet.status().equals(DELETING)) {
            tx.put(subnet.deleting(tx.now().plus(tx.settings().networkDeleteDelay())));
        }
        return Reply.of(204, null);
    }

    @Override
    Instant dueAt(Subnet subnet) {
        return subnet.status().equals(DELETING) ? subnet.deleteDeadline() : null;
    }

    @Override
    void settle(CloudTx tx, Subnet subnet) {
        tx.remove(subnet);
    }

    /** A public gateway's removal detaches it (IBM refuses it while attached; this keeps the reference true). */
    @Override
    void onRemoved(CloudTx tx, Resource removed) {
        follow(tx, removed, PublicGatewayKind.PublicGateway.class, PUBLIC_GATEWAY_INDEX,
                (subnet, gatewayId) -> subnet.withPublicGateway(null));
    }

    // ---------------------------------------------------------------- the subnet's public gateway

    @Override
    List<Action<Subnet>> actions() {
        return List.of(
                new Action<>("GET", "/public_gateway", "get_subnet_public_gateway",
                        (tx, subnet, body) -> Reply.of(200, tx.render(attached(tx, subnet)))),
                new Action<>("PUT", "/public_gateway", "set_subnet_public_gateway", this::attach),
                new Action<>("DELETE", "/public_gateway", "unset_subnet_public_gateway", (tx, subnet, body) -> {
                    attached(tx, subnet);
                    tx.put(subnet.withPublicGateway(null));
                    return Reply.of(204, null);
                }));
    }

    private static PublicGatewayKind.PublicGateway attached(CloudTx tx, Subnet subnet) {
        PublicGatewayKind.PublicGateway gateway = subnet.publicGatewayId() == null ? null
                : tx.get(PublicGatewayKind.PublicGateway.class, subnet.publicGatewayId());
        if (gateway == null) {
            throw ApiException.notFound("public_gateway_not_found", "The subnet " + subnet.id()
                    + " has no public gateway attached.");
        }
        return gateway;
    }

    /** Attaches the gateway the body names (201, the gateway): same zone; another one attached is a 409. */
    private Reply attach(CloudTx tx, Subnet subnet, Fields body) {
        String gatewayId;
        try {
            gatewayId = body.as(GatewayIdentity.class).id();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The public gateway identity is invalid: " + e.getMessage());
        }
        PublicGatewayKind.PublicGateway gateway = tx.get(PublicGatewayKind.PublicGateway.class, gatewayId);
        if (gateway == null) {
            throw ApiException.notFound("public_gateway_not_found", "Public gateway not found: " + gatewayId);
        }
        if (!gateway.zone().equals(subnet.zone())) {
            throw ApiException.badRequest("The public gateway " + gatewayId + " is in zone " + gateway.zone()
                    + ", the subnet " + subnet.id() + " in zone " + subnet.zone() + ".");
        }
        if (subnet.publicGatewayId() != null && !subnet.publicGatewayId().equals(gatewayId)) {
            throw ApiException.conflict("subnet_public_gateway_attached", "The subnet " + subnet.id()
                    + " already has public gateway " + subnet.publicGatewayId() + " attached; detach it first.");
        }
        if (subnet.status().equals(DELETING)) {
            throw ApiException.conflict("subnet_deleting", "The subnet " + subnet.id() + " is being deleted.");
        }
        tx.put(subnet.withPublicGateway(gatewayId));
        return Reply.of(201, tx.render(gateway));
    }

    // ---------------------------------------------------------------- admin

    @Override
    Subnet create(CloudTx tx, Fields fields) {
        Create in = fields.as(Create.class);
        String zone = in.zone() == null ? tx.json().zone().name() : in.zone();
        if (!zone.equals(tx.json().zone().name())) {
            throw new IllegalArgumentException("zone " + zone + " is not the region's zone "
                    + tx.json().zone().name());
        }
        if (in.publicGatewayId() != null) {
            PublicGatewayKind.PublicGateway gateway = tx.existing(PublicGatewayKind.PublicGateway.class,
                    in.publicGatewayId());
            if (!gateway.zone().equals(zone)) {
                throw new IllegalArgumentException("public gateway " + gateway.id() + " is in zone " + gateway.zone()
                        + ", not " + zone);
            }
        }
        Subnet implicit = in.id() == null ? null : tx.get(Subnet.class, in.id());
        if (implicit != null && implicit.implicit()) { // named by reserved IPs before: now created for real
            return tx.put(new Subnet(implicit.id(), implicit.seq(), nameOr(in.name(), implicit.name()), zone,
                    in.ipv4CidrBlock(), in.publicGatewayId(), implicit.createdAt(), implicit.status(),
                    implicit.deleteDeadline(), false));
        }
        String id = tx.newId(Subnet.class, in.id(), vpcId());
        return tx.put(new Subnet(id, tx.nextSeq(), nameOr(in.name(), "subnet"), zone, in.ipv4CidrBlock(),
                in.publicGatewayId(), tx.now(), "available", null, false));
    }

    /**
     * The subnet a reservation names, made {@link Subnet#implicit implicitly} when it does not exist (see the class
     * comment); nothing when the id is taken elsewhere.
     */
    static void ensure(CloudTx tx, String subnetId) {
        if (tx.get(Subnet.class, subnetId) == null && !tx.taken(Subnet.class, subnetId)) {
            tx.put(new Subnet(subnetId, tx.nextSeq(), "subnet-" + subnetId, tx.json().zone().name(), DEFAULT_CIDR,
                    null, tx.now(), "available", null, true));
        }
    }

    private static String checkCidr(String cidr) {
        if (!cidr.matches("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}")) {
            throw new IllegalArgumentException("ipv4_cidr_block must be an IPv4 CIDR block, was '" + cidr + "'");
        }
        int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        if (prefix < 8 || prefix > 29) {
            throw new IllegalArgumentException("ipv4_cidr_block's prefix must be within 8..29, was " + prefix);
        }
        return cidr;
    }

    // ---------------------------------------------------------------- JSON

    @Override
    Json render(CloudTx tx, Subnet s) {
        IbmJson ibm = tx.json();
        long total = 1L << (32 - Integer.parseInt(s.ipv4CidrBlock().substring(s.ipv4CidrBlock().indexOf('/') + 1)));
        long used = SubnetReservedIpKind.reservedIn(tx, s.id()).size() + SubnetReservedIpKind.PROVIDER_COUNT;
        Reference gateway = s.publicGatewayId() == null ? null
                : tx.reference(tx.get(PublicGatewayKind.PublicGateway.class, s.publicGatewayId()));
        return new Json(Math.max(0, total - used), s.createdAt(), crn(tx, s), href(tx, s), s.id(), "ipv4",
                s.ipv4CidrBlock(), s.name(), gateway, ibm.resourceGroup(), wireName(), s.status(), total, ibm.vpc(),
                ibm.zone());
    }

}
