package com.cleanupservice.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The simulated cloud: IBM's deletion rules over the {@link Store}. API operations throw {@link ApiException}
 * with IBM's status and code; admin operations throw {@link IllegalArgumentException} for bad input and
 * {@link NoSuchElementException} for unknown ids.
 *
 * <p>Time-based transitions (a deleting bare metal server disappearing once its deadline passed) are applied
 * lazily at the start of every transaction, so they need no timer and survive restarts.
 */
final class CloudModel {
    private static final Set<String> SERVER_STATUSES = Set.of("pending", "running", "starting", "stopping",
            "stopped", "restarting", "maintenance", "deleting", "failed", "suspended");
    /** Statuses in which IBM refuses to delete a bare metal server. */
    private static final Set<String> UNDELETABLE_STATUSES = Set.of("pending", "suspended");

    /** One page of a VPC collection; {@code nextStart} is the seq the next page starts at, {@code null} at the end. */
    record Page(List<Map<String, Object>> items, int totalCount, Long nextStart) {
    }

    private final Store store;
    private final Clock clock;
    private volatile Duration deleteDelay;

    CloudModel(Store store, Clock clock, Duration deleteDelay) {
        this.store = store;
        this.clock = clock;
        this.deleteDelay = deleteDelay;
    }

    Duration deleteDelay() {
        return deleteDelay;
    }

    /** Applies to deletions requested from now on; pending ones keep their deadline. */
    void deleteDelay(Duration delay) {
        deleteDelay = SimulatorOptions.checkDelay(delay);
    }

    // ---------------------------------------------------------------- VPC: bare metal servers

    Map<String, Object> getServer(String baseUrl, String id) {
        return transaction(tx -> new ResourceJson(baseUrl, tx).server(existingServer(tx, id)));
    }

    void deleteServer(String id, boolean deleteFails) {
        transaction(tx -> {
            BareMetalServer server = existingServer(tx, id);
            if (UNDELETABLE_STATUSES.contains(server.status())) {
                throw ApiException.conflict("bare_metal_server_status_invalid",
                        "The bare metal server cannot be deleted while its status is " + server.status() + ".");
            }
            if (!server.status().equals(BareMetalServer.DELETING)) {
                tx.put(server.withStatus(BareMetalServer.DELETING, now().plus(deleteDelay), deleteFails));
            }
            return null;
        });
    }

    Page listServers(String baseUrl, long startSeq, int limit, String name, String vpcId, String resourceGroupId) {
        Predicate<BareMetalServer> filter = s -> (name == null || name.equals(s.name()))
                && (vpcId == null || vpcId.equals(IbmCloudSimulator.VPC_ID))
                && (resourceGroupId == null || resourceGroupId.equals(IbmCloudSimulator.RESOURCE_GROUP_ID));
        return transaction(tx -> page(tx.<BareMetalServer>all(ResourceKind.BARE_METAL_SERVER), filter, startSeq,
                limit, new ResourceJson(baseUrl, tx)::server));
    }

    private static BareMetalServer existingServer(Store.Tx tx, String id) {
        BareMetalServer server = tx.server(id);
        if (server == null) {
            throw ApiException.notFound("bare_metal_server_not_found", "Bare metal server not found: " + id);
        }
        return server;
    }

    // ---------------------------------------------------------------- VPC: virtual network interfaces

    Map<String, Object> getVni(String baseUrl, String id) {
        return transaction(tx -> new ResourceJson(baseUrl, tx).vni(existingVni(tx, id)));
    }

    /** Returns the VNI as IBM answers the DELETE: one last time, in lifecycle_state {@code deleting}. */
    Map<String, Object> deleteVni(String baseUrl, String id) {
        return transaction(tx -> {
            VirtualNetworkInterface vni = existingVni(tx, id);
            if (vni.targetServerId() != null) {
                throw ApiException.conflict("virtual_network_interface_in_use", "The virtual network interface "
                        + id + " is attached to bare metal server " + vni.targetServerId()
                        + "; it cannot be deleted while it has a target.");
            }
            Map<String, Object> json = new ResourceJson(baseUrl, tx).vni(vni);
            json.put("lifecycle_state", "deleting");
            removeVni(tx, vni);
            return json;
        });
    }

    Page listVnis(String baseUrl, long startSeq, int limit, String resourceGroupId) {
        Predicate<VirtualNetworkInterface> filter =
                v -> resourceGroupId == null || resourceGroupId.equals(IbmCloudSimulator.RESOURCE_GROUP_ID);
        return transaction(tx -> page(tx.<VirtualNetworkInterface>all(ResourceKind.VIRTUAL_NETWORK_INTERFACE),
                filter, startSeq, limit, new ResourceJson(baseUrl, tx)::vni));
    }

    private static VirtualNetworkInterface existingVni(Store.Tx tx, String id) {
        VirtualNetworkInterface vni = tx.vni(id);
        if (vni == null) {
            throw ApiException.notFound("virtual_network_interface_not_found",
                    "Virtual network interface not found: " + id);
        }
        return vni;
    }

    /** Removes a VNI; its primary IP goes with it when auto_delete, else it is just unbound. */
    private static void removeVni(Store.Tx tx, VirtualNetworkInterface vni) {
        tx.remove(vni);
        ReservedIp ip = tx.reservedIp(vni.primaryIpId());
        if (ip.autoDelete()) {
            tx.remove(ip);
        } else {
            tx.put(ip.withTarget(null));
        }
    }

    // ---------------------------------------------------------------- VPC: subnet reserved IPs

    Map<String, Object> getReservedIp(String baseUrl, String subnetId, String id) {
        return transaction(tx -> new ResourceJson(baseUrl, tx).reservedIp(existingReservedIp(tx, subnetId, id)));
    }

    void deleteReservedIp(String subnetId, String id) {
        transaction(tx -> {
            ReservedIp ip = existingReservedIp(tx, subnetId, id);
            if (ip.targetVniId() != null) {
                throw ApiException.conflict("reserved_ip_in_use", "The reserved IP " + id
                        + " is bound to virtual network interface " + ip.targetVniId() + "; it cannot be deleted.");
            }
            tx.remove(ip);
            return null;
        });
    }

    Page listReservedIps(String baseUrl, String subnetId, long startSeq, int limit) {
        return transaction(tx -> page(tx.<ReservedIp>all(ResourceKind.SUBNET_RESERVED_IP),
                ip -> ip.subnetId().equals(subnetId), startSeq, limit, new ResourceJson(baseUrl, tx)::reservedIp));
    }

    private static ReservedIp existingReservedIp(Store.Tx tx, String subnetId, String id) {
        ReservedIp ip = tx.reservedIp(id);
        if (ip == null || !ip.subnetId().equals(subnetId)) {
            throw ApiException.notFound("reserved_ip_not_found",
                    "Reserved IP not found: " + id + " in subnet " + subnetId);
        }
        return ip;
    }

    private static <R extends Resource> Page page(List<R> all, Predicate<R> filter, long startSeq, int limit,
                                                  Function<R, Map<String, Object>> render) {
        List<R> matching = all.stream().filter(filter).toList();
        List<Map<String, Object>> items = new ArrayList<>();
        Long nextStart = null;
        for (R resource : matching) {
            if (resource.seq() < startSeq) {
                continue;
            }
            if (items.size() == limit) {
                nextStart = resource.seq();
                break;
            }
            items.add(render.apply(resource));
        }
        return new Page(items, matching.size(), nextStart);
    }

    // ---------------------------------------------------------------- DNS Services resource records

    Map<String, Object> getDnsRecord(String baseUrl, String instanceId, String zoneId, String id) {
        return transaction(tx -> new ResourceJson(baseUrl, tx).dnsRecord(existingDnsRecord(tx, instanceId, zoneId, id)));
    }

    void deleteDnsRecord(String instanceId, String zoneId, String id) {
        transaction(tx -> {
            DnsRecord record = existingDnsRecord(tx, instanceId, zoneId, id);
            if (record.isAddressRecord()) {
                tx.<DnsRecord>all(ResourceKind.DNS_RECORD).stream().filter(r -> r.pointsAt(record)).findFirst()
                        .ifPresent(ptr -> {
                            throw ApiException.conflict("resource_record_in_use", "The " + record.type()
                                    + " record " + id + " is referenced by PTR record " + ptr.id()
                                    + "; delete the PTR record first.");
                        });
            }
            tx.remove(record);
            return null;
        });
    }

    /** The zone's records matching the filters (all of them for {@code total_count}) and the requested window. */
    record DnsPage(List<Map<String, Object>> items, int totalCount) {
    }

    DnsPage listDnsRecords(String baseUrl, String instanceId, String zoneId, String type, String name,
                           int offset, int limit) {
        return transaction(tx -> {
            List<DnsRecord> matching = tx.<DnsRecord>all(ResourceKind.DNS_RECORD).stream()
                    .filter(r -> r.instanceId().equals(instanceId) && r.zoneId().equals(zoneId))
                    .filter(r -> type == null || r.type().equalsIgnoreCase(type))
                    .filter(r -> name == null || r.name().equalsIgnoreCase(name))
                    .toList();
            ResourceJson json = new ResourceJson(baseUrl, tx);
            List<Map<String, Object>> items = matching.stream().skip(offset).limit(limit).map(json::dnsRecord).toList();
            return new DnsPage(items, matching.size());
        });
    }

    private static DnsRecord existingDnsRecord(Store.Tx tx, String instanceId, String zoneId, String id) {
        DnsRecord record = tx.dnsRecord(id);
        if (record == null || !record.instanceId().equals(instanceId) || !record.zoneId().equals(zoneId)) {
            throw ApiException.notFound("not_found", "Resource record not found: " + id);
        }
        return record;
    }

    // ---------------------------------------------------------------- admin

    Map<String, Object> createReservedIp(String baseUrl, String subnetId, String id, String name, String address,
                                         boolean autoDelete) {
        return transaction(tx -> new ResourceJson(baseUrl, tx)
                .reservedIp(newReservedIp(tx, subnetId, id, name, address, autoDelete)));
    }

    private ReservedIp newReservedIp(Store.Tx tx, String subnetId, String id, String name, String address,
                                     boolean autoDelete) {
        require(subnetId, "subnet_id");
        String ipId = newId(tx, ResourceKind.SUBNET_RESERVED_IP, id, vpcId());
        Set<String> used = new HashSet<>();
        tx.<ReservedIp>all(ResourceKind.SUBNET_RESERVED_IP).stream()
                .filter(ip -> ip.subnetId().equals(subnetId)).forEach(ip -> used.add(ip.address()));
        String ipAddress = address == null ? freeAddress(used) : address;
        if (used.contains(ipAddress)) {
            throw new IllegalArgumentException("address " + ipAddress + " is already reserved in subnet " + subnetId);
        }
        ReservedIp ip = new ReservedIp(ipId, tx.nextSeq(), subnetId, nameOr(name, "reserved-ip"), ipAddress,
                autoDelete, now(), null);
        tx.put(ip);
        return ip;
    }

    /** Like IBM, a VNI created without a primary IP gets a fresh auto_delete one in its subnet. */
    Map<String, Object> createVni(String baseUrl, String id, String name, String subnetId, String primaryIpId,
                                  boolean autoDelete) {
        if (subnetId == null && primaryIpId == null) {
            throw new IllegalArgumentException("subnet_id or primary_ip_id is required");
        }
        return transaction(tx -> {
            String vniId = newId(tx, ResourceKind.VIRTUAL_NETWORK_INTERFACE, id, vpcId());
            ReservedIp ip = primaryIpId == null
                    ? newReservedIp(tx, subnetId, null, null, null, true)
                    : tx.reservedIp(primaryIpId);
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
            VirtualNetworkInterface vni = new VirtualNetworkInterface(vniId, tx.nextSeq(), nameOr(name, "vni"),
                    ip.subnetId(), ip.id(), autoDelete, now(), null);
            tx.put(vni);
            tx.put(ip.withTarget(vniId));
            return new ResourceJson(baseUrl, tx).vni(vni);
        });
    }

    Map<String, Object> createServer(String baseUrl, String id, String name, String status, List<String> vniIds) {
        String serverStatus = status == null ? "running" : checkStatus(status);
        List<String> attachedVnis = vniIds == null ? List.of() : vniIds;
        if (new HashSet<>(attachedVnis).size() != attachedVnis.size()) {
            throw new IllegalArgumentException("a virtual network interface can only be attached once: " + attachedVnis);
        }
        return transaction(tx -> {
            String serverId = newId(tx, ResourceKind.BARE_METAL_SERVER, id, vpcId());
            List<BareMetalServer.NetworkAttachment> attachments = new ArrayList<>();
            for (String vniId : attachedVnis) {
                VirtualNetworkInterface vni = tx.vni(vniId);
                if (vni == null) {
                    throw new IllegalArgumentException("virtual network interface " + vniId + " does not exist");
                }
                if (vni.targetServerId() != null) {
                    throw new IllegalArgumentException("virtual network interface " + vniId
                            + " is already attached to " + vni.targetServerId());
                }
                attachments.add(new BareMetalServer.NetworkAttachment(vpcId(), "eth" + attachments.size(), vniId));
                tx.put(vni.withTarget(serverId));
            }
            BareMetalServer server = new BareMetalServer(serverId, tx.nextSeq(), nameOr(name, "bare-metal"),
                    serverStatus, now(), attachments, deadlineFor(serverStatus), false);
            tx.put(server);
            return new ResourceJson(baseUrl, tx).server(server);
        });
    }

    Map<String, Object> createDnsRecord(String baseUrl, String instanceId, String zoneId, String id, String name,
                                        String type, String rdata) {
        require(instanceId, "instance_id");
        require(zoneId, "zone_id");
        require(name, "name");
        require(type, "type");
        require(rdata, "rdata");
        String recordType = type.toUpperCase(Locale.ROOT);
        if (!DnsRecord.TYPES.contains(recordType)) {
            throw new IllegalArgumentException("unsupported record type " + type + " (expected A, AAAA, CNAME or PTR)");
        }
        return transaction(tx -> {
            String recordId = newId(tx, ResourceKind.DNS_RECORD, id, recordType + ":" + UUID.randomUUID());
            Instant now = now();
            DnsRecord record = new DnsRecord(recordId, tx.nextSeq(), instanceId, zoneId, name, recordType,
                    DnsRecord.DEFAULT_TTL, rdata, now, now);
            tx.put(record);
            return new ResourceJson(baseUrl, tx).dnsRecord(record);
        });
    }

    Map<String, Object> setServerStatus(String baseUrl, String id, String status) {
        String newStatus = checkStatus(status);
        return transaction(tx -> {
            BareMetalServer server = tx.server(id);
            if (server == null) {
                throw new NoSuchElementException("bare metal server " + id + " does not exist");
            }
            if (!newStatus.equals(server.status())) {
                server = server.withStatus(newStatus, deadlineFor(newStatus), false);
                tx.put(server);
            }
            return new ResourceJson(baseUrl, tx).server(server);
        });
    }

    boolean exists(String kind, String id) {
        ResourceKind resourceKind = ResourceKind.fromWireName(kind);
        return transaction(tx -> tx.get(resourceKind, id) != null);
    }

    Optional<Map<String, Object>> find(String baseUrl, String kind, String id) {
        ResourceKind resourceKind = ResourceKind.fromWireName(kind);
        return transaction(tx -> Optional.ofNullable(tx.get(resourceKind, id)).map(new ResourceJson(baseUrl, tx)::render));
    }

    /**
     * Every resource by kind collection name, as the API renders it; DNS records also carry their
     * {@code instance_id} and {@code zone_id}, which the API only has in the path.
     */
    Map<String, Object> snapshot(String baseUrl) {
        return transaction(tx -> {
            ResourceJson json = new ResourceJson(baseUrl, tx);
            Map<String, Object> all = new LinkedHashMap<>();
            for (ResourceKind kind : ResourceKind.values()) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (Resource resource : tx.all(kind)) {
                    Map<String, Object> item = json.render(resource);
                    if (resource instanceof DnsRecord r) {
                        item.put("instance_id", r.instanceId());
                        item.put("zone_id", r.zoneId());
                    }
                    items.add(item);
                }
                all.put(kind.collectionName(), items);
            }
            return all;
        });
    }

    void reset() {
        store.clear();
    }

    // ---------------------------------------------------------------- internals

    private <T> T transaction(Function<Store.Tx, T> work) {
        return store.transaction(tx -> {
            settle(tx);
            return work.apply(tx);
        });
    }

    /** Completes every bare metal server deletion whose deadline has passed. */
    private void settle(Store.Tx tx) {
        Instant now = now();
        for (BareMetalServer server : tx.<BareMetalServer>all(ResourceKind.BARE_METAL_SERVER)) {
            if (server.status().equals(BareMetalServer.DELETING) && !server.deleteDeadline().isAfter(now)) {
                if (server.deleteFails()) {
                    tx.put(server.withStatus("failed", null, false));
                } else {
                    removeServer(tx, server);
                }
            }
        }
    }

    /**
     * Removes a server as IBM does once its deletion completes: auto_delete VNIs (and their auto_delete primary
     * IPs) go with it, the other VNIs are detached and keep their IPs.
     */
    private static void removeServer(Store.Tx tx, BareMetalServer server) {
        tx.remove(server);
        for (BareMetalServer.NetworkAttachment attachment : server.attachments()) {
            VirtualNetworkInterface vni = tx.vni(attachment.vniId());
            if (vni.autoDelete()) {
                removeVni(tx, vni);
            } else {
                tx.put(vni.withTarget(null));
            }
        }
    }

    private Instant deadlineFor(String status) {
        return status.equals(BareMetalServer.DELETING) ? now().plus(deleteDelay) : null;
    }

    /** Millisecond precision, so a value survives the round trip through PostgreSQL unchanged. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String checkStatus(String status) {
        if (!SERVER_STATUSES.contains(status)) {
            throw new IllegalArgumentException("unknown bare metal server status '" + status + "' (expected one of "
                    + SERVER_STATUSES.stream().sorted().toList() + ")");
        }
        return status;
    }

    private static String newId(Store.Tx tx, ResourceKind kind, String requested, String generated) {
        String id = requested == null ? generated : requested;
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        if (tx.get(kind, id) != null) {
            throw new IllegalArgumentException(kind.wireName() + " " + id + " already exists");
        }
        return id;
    }

    /** An id shaped like IBM's VPC ids in us-south-1. */
    private static String vpcId() {
        return "0717-" + UUID.randomUUID();
    }

    private static String nameOr(String name, String prefix) {
        return name != null ? name : prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The first free address of the simulated subnet range 10.240.0.4 upwards (.0-.3 are IBM-reserved). */
    private static String freeAddress(Set<String> used) {
        for (int i = 4; i < 65536; i++) {
            if ((i & 255) == 0 || (i & 255) == 255) {
                continue;
            }
            String candidate = "10.240." + (i >> 8) + "." + (i & 255);
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no free address left in the subnet");
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
