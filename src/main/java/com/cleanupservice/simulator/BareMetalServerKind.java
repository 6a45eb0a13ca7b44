package com.cleanupservice.simulator;

import com.cleanupservice.simulator.HttpSupport.Reply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * VPC bare metal servers. A DELETE is accepted (202) and the server stays {@code deleting} for the configured delay;
 * then it disappears (its VNIs react: see {@link VirtualNetworkInterfaceKind}) or, under fault {@code delete_fails},
 * turns {@code failed}. {@code pending} and {@code suspended} servers cannot be deleted.
 */
final class BareMetalServerKind extends SimKind<BareMetalServerKind.Server> {
    static final String DELETING = "deleting";
    private static final Set<String> STATUSES = Set.of("pending", "running", "starting", "stopping",
            "stopped", "restarting", "maintenance", "deleting", "failed", "suspended");
    /** Statuses in which IBM refuses to delete a bare metal server. */
    private static final Set<String> UNDELETABLE_STATUSES = Set.of("pending", "suspended");

    /**
     * @param attachments    network attachments, the primary one first
     * @param deleteDeadline while {@code status} is {@code deleting}: when the deletion completes
     * @param deleteFails    the pending deletion ends in status {@code failed} instead of removal
     */
    record Server(String id, long seq, String name, String status, Instant createdAt, List<Attachment> attachments,
                  Instant deleteDeadline, boolean deleteFails) implements Resource {
        Server {
            attachments = List.copyOf(attachments);
        }

        Server withStatus(String newStatus, Instant newDeadline, boolean newDeleteFails) {
            return new Server(id, seq, name, newStatus, createdAt, attachments, newDeadline, newDeleteFails);
        }

        /** The attachment through which this server uses the given VNI. */
        Attachment attachmentOf(String vniId) {
            return attachments.stream().filter(a -> a.vniId().equals(vniId)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("server " + id + " has no attachment for VNI " + vniId));
        }
    }

    /** A bare metal server network attachment: how a server uses one virtual network interface. */
    record Attachment(String id, String name, String vniId) {
    }

    BareMetalServerKind() {
        super(Server.class, Declaration.of("bare_metal_server", "bare_metal_servers", Api.VPC, "/v1/bare_metal_servers",
                "Bare metal server").withDeleteFails());
    }

    @Override
    Map<String, BiPredicate<Server, String>> filters() {
        Map<String, BiPredicate<Server, String>> filters = new LinkedHashMap<>();
        filters.put("name", (s, name) -> name.equals(s.name()));
        filters.put("vpc.id", (s, vpcId) -> vpcId.equals(IbmCloudSimulator.VPC_ID));
        filters.put("resource_group.id", (s, groupId) -> groupId.equals(IbmCloudSimulator.RESOURCE_GROUP_ID));
        return filters;
    }

    @Override
    Reply delete(CloudTx tx, Server server, boolean deleteFails) {
        if (UNDELETABLE_STATUSES.contains(server.status())) {
            throw ApiException.conflict("bare_metal_server_status_invalid",
                    "The bare metal server cannot be deleted while its status is " + server.status() + ".");
        }
        if (!server.status().equals(DELETING)) {
            tx.put(server.withStatus(DELETING, tx.now().plus(tx.settings().bareMetalDeleteDelay()), deleteFails));
        }
        return Reply.of(202, null);
    }

    /** A deleting server's deletion completes at its deadline. */
    @Override
    Instant dueAt(Server server) {
        return server.status().equals(DELETING) ? server.deleteDeadline() : null;
    }

    /** Completes the deletion: the server goes or, under fault {@code delete_fails}, turns {@code failed}. */
    @Override
    void settle(CloudTx tx, Server server) {
        if (server.deleteFails()) {
            tx.put(server.withStatus("failed", null, false));
        } else {
            tx.remove(server);
        }
    }

    // ---------------------------------------------------------------- admin

    @Override
    Set<String> adminFields() {
        return Set.of("id", "name", "status", "vni_ids");
    }

    /** Attached to the given free VNIs, the first one as primary; each VNI's target becomes its attachment. */
    @Override
    Server create(CloudTx tx, Fields fields) {
        String status = fields.string("status") == null ? "running" : checkStatus(fields.string("status"));
        List<String> vniIds = fields.distinctStringList("vni_ids",
                "a virtual network interface can only be attached once");
        String serverId = tx.newId(Server.class, fields.string("id"), vpcId());
        List<Attachment> attachments = new ArrayList<>();
        for (String vniId : vniIds) {
            VirtualNetworkInterfaceKind.Vni vni = tx.existing(VirtualNetworkInterfaceKind.Vni.class, vniId);
            if (vni.targetServerId() != null) {
                throw new IllegalArgumentException("virtual network interface " + vniId
                        + " is already attached to " + vni.targetServerId());
            }
            attachments.add(new Attachment(vpcId(), "eth" + attachments.size(), vniId));
            tx.put(vni.withTarget(serverId));
        }
        Server server = new Server(serverId, tx.nextSeq(), nameOr(fields.string("name"), "bare-metal"), status,
                tx.now(), attachments, deadlineFor(tx, status), false);
        tx.put(server);
        return server;
    }

    @Override
    Set<String> patchFields() {
        return Set.of("status");
    }

    /** Forces a status; {@code deleting} starts the delete countdown, any other status cancels a pending one. */
    @Override
    Server patch(CloudTx tx, Server server, Fields fields) {
        String status = checkStatus(fields.requiredString("status"));
        if (status.equals(server.status())) {
            return server;
        }
        Server patched = server.withStatus(status, deadlineFor(tx, status), false);
        tx.put(patched);
        return patched;
    }

    private static Instant deadlineFor(CloudTx tx, String status) {
        return status.equals(DELETING) ? tx.now().plus(tx.settings().bareMetalDeleteDelay()) : null;
    }

    private static String checkStatus(String status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("unknown bare metal server status '" + status + "' (expected one of "
                    + STATUSES.stream().sorted().toList() + ")");
        }
        return status;
    }

    // ---------------------------------------------------------------- JSON

    @Override
    Map<String, Object> render(CloudTx tx, Server s) {
        IbmJson ibm = tx.json();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created_at", IbmJson.timestamp(s.createdAt()));
        json.put("crn", ibm.crn("bare-metal-server", s.id()));
        json.put("href", href(tx, s));
        json.put("id", s.id());
        json.put("lifecycle_reasons", List.of());
        json.put("lifecycle_state", lifecycleState(s.status()));
        json.put("name", s.name());
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (Attachment a : s.attachments()) {
            attachments.add(attachment(tx, s, a));
        }
        json.put("network_attachments", attachments);
        if (!attachments.isEmpty()) {
            json.put("primary_network_attachment", attachments.get(0));
        }
        json.put("profile", Map.of("name", "bx2d-metal-96x384", "resource_type", "bare_metal_server_profile",
                "href", ibm.baseUrl() + "/v1/bare_metal_server/profiles/bx2d-metal-96x384"));
        json.put("resource_group", ibm.resourceGroup());
        json.put("resource_type", "bare_metal_server");
        json.put("status", s.status());
        json.put("status_reasons", List.of());
        json.put("vpc", ibm.vpc());
        json.put("zone", ibm.zone());
        return json;
    }

    /** IBM's lifecycle_state for a server status: the transitional and broken states mirror it, the rest are stable. */
    private static String lifecycleState(String status) {
        return switch (status) {
            case "pending", "deleting", "failed", "suspended" -> status;
            default -> "stable";
        };
    }

    private Map<String, Object> attachment(CloudTx tx, Server s, Attachment a) {
        VirtualNetworkInterfaceKind.Vni vni = tx.get(VirtualNetworkInterfaceKind.Vni.class, a.vniId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("href", attachmentHref(tx, s, a));
        json.put("id", a.id());
        json.put("name", a.name());
        json.put("primary_ip", tx.reference(tx.get(SubnetReservedIpKind.ReservedIp.class, vni.primaryIpId())));
        json.put("resource_type", "bare_metal_server_network_attachment");
        json.put("subnet", tx.json().subnet(vni.subnetId()));
        json.put("virtual_network_interface", tx.reference(vni));
        return json;
    }

    /** How a VNI refers to the attachment it serves (its {@code target}). */
    static Map<String, Object> attachmentReference(CloudTx tx, Server s, Attachment a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("href", attachmentHref(tx, s, a));
        json.put("id", a.id());
        json.put("name", a.name());
        json.put("resource_type", "bare_metal_server_network_attachment");
        return json;
    }

    private static String attachmentHref(CloudTx tx, Server s, Attachment a) {
        return tx.href(s) + "/network_attachments/" + a.id();
    }

    // ---------------------------------------------------------------- persistence

    @Override
    Map<String, Object> toDocument(Server s) {
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (Attachment a : s.attachments()) {
            attachments.add(Fields.of("id", a.id(), "name", a.name(), "virtual_network_interface_id", a.vniId()).json());
        }
        // deleteDeadline is kept so that a restarted simulator keeps the countdown
        return Fields.of("name", s.name(), "status", s.status(), "created_at", IbmJson.timestamp(s.createdAt()),
                "delete_deadline", IbmJson.timestamp(s.deleteDeadline()), "delete_fails", s.deleteFails(),
                "network_attachments", attachments).json();
    }

    @Override
    Server fromDocument(String id, long seq, Fields doc) {
        List<Attachment> attachments = new ArrayList<>();
        for (Fields a : doc.objects("network_attachments")) {
            attachments.add(new Attachment(a.string("id"), a.string("name"), a.string("virtual_network_interface_id")));
        }
        return new Server(id, seq, doc.string("name"), doc.string("status"), doc.instant("created_at"), attachments,
                doc.instant("delete_deadline"), doc.bool("delete_fails"));
    }
}
