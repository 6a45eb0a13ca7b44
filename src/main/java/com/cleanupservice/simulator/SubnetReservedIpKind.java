package com.cleanupservice.simulator;

import com.cleanupservice.simulator.IbmJson.Reference;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Subnet reserved IPs, under {@code /v1/subnets/{subnet_id}/reserved_ips}. An IP bound to a VNI cannot be deleted
 * (409); when its VNI goes, an {@code auto_delete} IP goes with it and any other is unbound.
 *
 * <p>With setting {@code provider_reserved_ips}, every subnet also shows the addresses IBM keeps for itself
 * ({@code owner: provider}), as IBM does; they cannot be deleted (409). Nobody creates them: they are derived from
 * the subnet id (stable ids), never stored, and not part of {@code GET /sim/resources}.
 */
final class SubnetReservedIpKind extends SimKind<SubnetReservedIpKind.ReservedIp> {
    private static final String TARGET_INDEX = "target";
    private static final String ADDRESS_INDEX = "address";
    /**
     * A simulated subnet's range is a /16 ({@link #rangeOf}); IBM keeps its first four addresses and the last one,
     * here by their last two octets.
     */
    private static final Map<String, String> PROVIDER_ADDRESSES = inOrder(
            Map.entry("0.0", "ibm-network-address"),
            Map.entry("0.1", "ibm-default-gateway"),
            Map.entry("0.2", "ibm-dns-address"),
            Map.entry("0.3", "ibm-reserved-address"),
            Map.entry("255.255", "ibm-broadcast-address"));
    /** The range of a subnet nobody reserved an address in yet. */
    private static final String DEFAULT_RANGE = "10.240.";
    /** How many addresses IBM keeps in every subnet. */
    static final int PROVIDER_COUNT = PROVIDER_ADDRESSES.size();
    /** Before anything a user reserves: the subnets are older than their contents. */
    private static final Instant PROVIDER_CREATED_AT = Instant.parse("2024-01-01T00:00:00Z");

    /**
     * @param targetVniId the virtual network interface this IP is bound to, {@code null} when unbound
     * @param provider    owned by IBM (see the class comment), not by a user
     */
    record ReservedIp(String id, long seq, String subnetId, String name, String address, boolean autoDelete,
                      Instant createdAt, String targetVniId, @JsonIgnore boolean provider) implements Resource {

        ReservedIp withTarget(String vniId) {
            return new ReservedIp(id, seq, subnetId, name, address, autoDelete, createdAt, vniId, provider);
        }
    }

    /** As IBM's GET answers it; {@code target} only while bound. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Json(String address, boolean autoDelete, Instant createdAt, String href, String id, String lifecycleState,
                String name, String owner, String resourceType, Reference target) {
    }

    /** {@code POST /sim/resources}: {@code address} defaults to the subnet's first free one. */
    record Create(@Fields.Required String subnetId, String id, String name, String address, boolean autoDelete) {
    }

    SubnetReservedIpKind() {
        super(ReservedIp.class, Create.class, Declaration.of("subnet_reserved_ip", "subnet_reserved_ips", Api.VPC,
                "/v1/subnets/:subnet_id/reserved_ips", "Reserved IP").withListKey("reserved_ips")
                .withNotFoundCode("reserved_ip_not_found"));
    }

    /** IPs by the VNI they are bound to, and by subnet and address (an address is unique in its subnet). */
    @Override
    Map<String, Function<ReservedIp, Collection<String>>> indexes() {
        return Map.of(TARGET_INDEX, byField(ReservedIp::targetVniId),
                ADDRESS_INDEX, ip -> List.of(addressKey(ip.subnetId(), ip.address())));
    }

    private static String addressKey(String subnetId, String address) {
        return subnetId + " " + address;
    }

    @Override
    Map<String, String> parent(ReservedIp ip) {
        return Map.of("subnet_id", ip.subnetId());
    }

    /** IBM's message names the subnet too. */
    @Override
    ApiException notFound(String id, Map<String, String> parent) {
        return super.notFound(id + " in subnet " + parent.get("subnet_id"), parent);
    }

    @Override
    Map<String, BiPredicate<ReservedIp, String>> filters() {
        return Map.of("target.id", (ip, targetId) -> targetId.equals(ip.targetVniId()),
                "target.resource_type", (ip, type) -> ip.targetVniId() != null
                        && type.equals("virtual_network_interface"));
    }

    @Override
    Set<String> jsonFilters() {
        return Set.of("target.crn", "target.name");
    }

    @Override
    Map<String, Function<ReservedIp, String>> sortKeys() {
        return Map.of("name", ReservedIp::name, "address", ip -> sortableAddress(ip.address()));
    }

    /** IPv4 addresses sort by value, not as text: each octet padded to three digits. */
    private static String sortableAddress(String address) {
        String[] octets = address.split("\\.");
        if (octets.length != 4) {
            return address;
        }
        StringBuilder key = new StringBuilder();
        for (String octet : octets) {
            key.append("000", 0, Math.max(0, 3 - octet.length())).append(octet).append('.');
        }
        return key.toString();
    }

    /** The IPs reserved in a subnet (not the provider's), in creation order. */
    static List<ReservedIp> reservedIn(CloudTx tx, String subnetId) {
        return tx.indexed(ReservedIp.class, PARENT_INDEX, parentKey(Map.of("subnet_id", subnetId)));
    }

    /**
     * An unknown subnet has no reserved IPs collection: 404, as IBM answers. A subnet is known when it exists, or
     * when IPs are reserved in it (kept from before subnets were resources, see {@link SubnetKind}).
     */
    private static void requireSubnet(CloudTx tx, String subnetId) {
        if (tx.get(SubnetKind.Subnet.class, subnetId) == null && reservedIn(tx, subnetId).isEmpty()) {
            throw ApiException.notFound("subnet_not_found", "Subnet not found: " + subnetId);
        }
    }

    @Override
    ReservedIp lookup(CloudTx tx, String id, Map<String, String> parent) {
        ReservedIp ip = super.lookup(tx, id, parent);
        if (ip != null || !tx.settings().providerReservedIps()) {
            return ip;
        }
        return providerIps(tx, parent.get("subnet_id")).stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    @Override
    List<ReservedIp> members(CloudTx tx, Map<String, String> parent) {
        requireSubnet(tx, parent.get("subnet_id"));
        if (!tx.settings().providerReservedIps()) {
            return super.members(tx, parent);
        }
        List<ReservedIp> members = new ArrayList<>(providerIps(tx, parent.get("subnet_id")));
        members.addAll(super.members(tx, parent));
        return members;
    }

    /** The subnet's provider-owned IPs, first in creation order (negative seqs) since the subnet came with them. */
    private static List<ReservedIp> providerIps(CloudTx tx, String subnetId) {
        List<ReservedIp> ips = new ArrayList<>();
        long seq = -PROVIDER_ADDRESSES.size();
        String range = rangeOf(tx, subnetId, null);
        for (Map.Entry<String, String> host : PROVIDER_ADDRESSES.entrySet()) {
            Map.Entry<String, String> address = Map.entry(range + host.getKey(), host.getValue());
            String id = "0717-" + UUID.nameUUIDFromBytes((subnetId + "/" + address.getKey()).getBytes(StandardCharsets.UTF_8));
            ips.add(new ReservedIp(id, seq++, subnetId, address.getValue(), address.getKey(), false, PROVIDER_CREATED_AT,
                    null, true));
        }
        return ips;
    }

    @Override
    ApiException refusal(CloudTx tx, ReservedIp ip) {
        if (ip.provider()) {
            return ApiException.conflict("reserved_ip_provider_owned", "The reserved IP " + ip.id() + " ("
                    + ip.address() + ") is owned by the provider; it cannot be deleted.");
        }
        return ip.targetVniId() == null ? null : ApiException.conflict("reserved_ip_in_use", "The reserved IP "
                + ip.id() + " is bound to virtual network interface " + ip.targetVniId() + "; it cannot be deleted.");
    }

    /** A VNI's removal: its auto_delete IP goes with it, any other is unbound. */
    @Override
    void onRemoved(CloudTx tx, Resource removed) {
        follow(tx, removed, VirtualNetworkInterfaceKind.Vni.class, TARGET_INDEX, (ip, vniId) -> ip.autoDelete() ? null : ip.withTarget(null));
    }

    // ---------------------------------------------------------------- admin

    @Override
    ReservedIp create(CloudTx tx, Fields fields) {
        Create in = fields.as(Create.class);
        return reserve(tx, in.subnetId(), in.id(), in.name(), in.address(), in.autoDelete());
    }

    /**
     * Reserves an address (the first free one when {@code address} is null) in a subnet; also how a VNI created
     * without a primary IP gets one.
     */
    static ReservedIp reserve(CloudTx tx, String subnetId, String id, String name, String address, boolean autoDelete) {
        require(subnetId, "subnet_id");
        SubnetKind.ensure(tx, subnetId);
        String ipId = tx.newId(ReservedIp.class, id, vpcId());
        Predicate<String> used = candidate ->
                !tx.indexed(ReservedIp.class, ADDRESS_INDEX, addressKey(subnetId, candidate)).isEmpty();
        String range = rangeOf(tx, subnetId, address);
        String ipAddress = address == null ? firstFreeAddress(range, 4, used, "no free address left in the subnet")
                : address;
        if (used.test(ipAddress)) {
            throw new IllegalArgumentException("address " + ipAddress + " is already reserved in subnet " + subnetId);
        }
        if (tx.settings().providerReservedIps() && ipAddress.startsWith(range)
                && PROVIDER_ADDRESSES.containsKey(ipAddress.substring(range.length()))) {
            throw new IllegalArgumentException("address " + ipAddress + " is reserved by the provider in subnet "
                    + subnetId);
        }
        return tx.put(new ReservedIp(ipId, tx.nextSeq(), subnetId, nameOr(name, "reserved-ip"), ipAddress,
                autoDelete, tx.now(), null, false));
    }

    /**
     * The subnet's range, a /16 as its first two octets and a dot (e.g. {@code "10.241."}): that of the first address
     * reserved in it, else of {@code address} (the first one being reserved), else 10.240.0.0/16. Subnets are not
     * resources here, so their range is where their addresses are: the provider's addresses lie in it, and free
     * addresses are taken from it, 4 upwards (.0-.3 are IBM's).
     */
    private static String rangeOf(CloudTx tx, String subnetId, String address) {
        List<ReservedIp> reserved = tx.indexed(ReservedIp.class, PARENT_INDEX, parentKey(Map.of("subnet_id", subnetId)));
        String first = reserved.isEmpty() ? address : reserved.get(0).address();
        String[] octets = first == null ? new String[0] : first.split("\\.");
        return octets.length == 4 ? octets[0] + "." + octets[1] + "." : DEFAULT_RANGE;
    }

    // ---------------------------------------------------------------- JSON

    @Override
    Json render(CloudTx tx, ReservedIp ip) {
        Reference target = ip.targetVniId() == null ? null
                : tx.reference(tx.get(VirtualNetworkInterfaceKind.Vni.class, ip.targetVniId()));
        return new Json(ip.address(), ip.autoDelete(), ip.createdAt(), href(tx, ip), ip.id(), "stable", ip.name(),
                ip.provider() ? "provider" : "user", wireName(), target);
    }

    /** A reserved IP has no CRN; its reference names its address. */
    @Override
    Reference reference(CloudTx tx, ReservedIp ip) {
        return new Reference(ip.address(), null, href(tx, ip), ip.id(), ip.name(), wireName());
    }
}
