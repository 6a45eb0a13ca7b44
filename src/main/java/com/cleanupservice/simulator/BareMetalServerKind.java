package com.cleanupservice.simulator;

import com.cleanupservice.simulator.HttpSupport.Reply;
import com.cleanupservice.simulator.IbmJson.Reference;
import com.cleanupservice.simulator.IbmJson.ResourceGroup;
import com.cleanupservice.simulator.IbmJson.Zone;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.ArrayList;
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
    private static final String PROFILE = "bx2d-metal-96x384";
    private static final String ATTACHMENT_TYPE = "bare_metal_server_network_attachment";
    private static final Set<String> STATUSES = Set.of("pending", "running", "starting", "stopping",
            "stopped", "restarting", "maintenance", "deleting", "failed", "suspended");
    /** Statuses in which IBM refuses to delete a bare metal server. */
    private static final Set<String> UNDELETABLE_STATUSES = Set.of("pending", "suspended");

    /**
     * @param attachments    network attachments, the primary one first
     * @param deleteDeadline while {@code status} is {@code deleting}: when the deletion completes
     * @param deleteFails    the pending deletion ends in status {@code failed} instead of removal
     */
    record Server(String id, long seq, String name, String status, Instant createdAt,
                  @JsonProperty("network_attachments") List<Attachment> attachments, Instant deleteDeadline,
                  boolean deleteFails) implements Resource {
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
    record Attachment(String id, String name, @JsonProperty("virtual_network_interface_id") String vniId) {
    }

    /** As IBM's GET answers it; {@code primary_network_attachment} is the first attachment, if any. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Json(Instant createdAt, String crn, String href, String id, List<Object> lifecycleReasons,
                String lifecycleState, String name, List<AttachmentJson> networkAttachments,
                AttachmentJson primaryNetworkAttachment, Profile profile, ResourceGroup resourceGroup,
                String resourceType, String status, List<Object> statusReasons, Reference vpc, Zone zone) {
    }

    record AttachmentJson(String href, String id, String name, Reference primaryIp, String resourceType,
                          Reference subnet, Reference virtualNetworkInterface) {
    }

    record Profile(String href, String name, String resourceType) {
    }

    /**
     * One network attachment as {@code GET /v1/bare_metal_servers/{id}/network_attachments[/{id}]} answers it: the
     * reference's fields and what only the attachment itself shows (a PCI attachment, the primary one first).
     */
    record AttachmentDetail(List<Integer> allowedVlans, Instant createdAt, String href, String id, String interfaceType,
                            String lifecycleState, String name, int portSpeed, Reference primaryIp, String resourceType,
                            Reference subnet, String type, Reference virtualNetworkInterface) {
    }

    /**
     * {@code POST /sim/resources}: attached to the given free VNIs, the first one as primary (each VNI's target
     * becomes its attachment); {@code status} defaults to {@code running}.
     */
    record Create(String id, String name, String status, List<String> vniIds) {
        Create {
            status = status == null ? "running" : checkStatus(status);
            Fields.distinct(vniIds, "a virtual network interface can only be attached once");
        }
    }

    /**
     * {@code PATCH /sim/bare_metal_servers/{id}}: forces a status; {@code deleting} starts the delete countdown, any
     * other status cancels a pending one.
     */
    record Patch(@Fields.Required String status) {
        Patch {
            checkStatus(status);
        }
    }

    BareMetalServerKind() {
        super(Server.class, Create.class, Declaration.of("bare_metal_server", "bare_metal_servers", Api.VPC, "/v1/bare_metal_servers",
                "Bare metal server").withDeleteFails());
    }

    @Override
    Map<String, BiPredicate<Server, String>> filters() {
        return Map.of("name", (s, name) -> name.equals(s.name()),
                "vpc.id", sharedBy(IbmCloudSimulator.VPC_ID),
                "resource_group.id", sharedBy(IbmCloudSimulator.RESOURCE_GROUP_ID));
    }

    /** No simulated server has a reservation: a {@code reservation.*} filter matches none, as at IBM. */
    @Override
    Set<String> jsonFilters() {
        return Set.of("vpc.crn", "vpc.name", "reservation.id", "reservation.crn", "reservation.name");
    }

    /** The one profile every simulated server has, where its {@code profile.href} points. */
    @Override
    List<Catalog> catalog() {
        return List.of(new Catalog("/v1/bare_metal_server/profiles", "get_bare_metal_server_profile",
                "bare_metal_server_profile_not_found", "Bare metal server profile",
                (ibm, name) -> name.equals(PROFILE) ? profileDetail(ibm) : null));
    }

    /** {@code GET /v1/bare_metal_server/profiles/{name}}: the profile's fixed values (48 cores, 384 GB). */
    record ProfileDetail(Fixed cpuCoreCount, Fixed cpuSocketCount, String family, String href, Fixed memory,
                         String name, Fixed networkAttachmentCount, String osArchitecture, String resourceType) {
    }

    /** A profile's fixed value. */
    record Fixed(String type, int value) {
    }

    private static ProfileDetail profileDetail(IbmJson ibm) {
        return new ProfileDetail(new Fixed("fixed", 48), new Fixed("fixed", 2), "balanced", profileHref(ibm),
                new Fixed("fixed", 384), PROFILE, new Fixed("fixed", 128), "amd64", "bare_metal_server_profile");
    }

    private static String profileHref(IbmJson ibm) {
        return ibm.baseUrl() + "/v1/bare_metal_server/profiles/" + PROFILE;
    }

    /** The server's network attachments, where its JSON and its VNIs' {@code target} point. */
    @Override
    List<Nested<Server>> nested() {
        return List.of(new Nested<>("network_attachments", "network_attachment", "Network attachment", true,
                (tx, s) -> s.attachments().stream().map(a -> new Member(a.id(), attachmentDetail(tx, s, a))).toList(),
                null, null));
    }

    @Override
    ApiException refusal(CloudTx tx, Server server) {
        return !UNDELETABLE_STATUSES.contains(server.status()) ? null : ApiException.conflict(
                "bare_metal_server_status_invalid",
                "The bare metal server cannot be deleted while its status is " + server.status() + ".");
    }

    /** Accepted (202): the server turns {@code deleting} until its deadline ({@link #settle}); again, it waits on. */
    @Override
    Reply accept(CloudTx tx, Server server, boolean deleteFails) {
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
    Server create(CloudTx tx, Fields fields) {
        Create in = fields.as(Create.class);
        String serverId = tx.newId(Server.class, in.id(), vpcId());
        List<Attachment> attachments = new ArrayList<>();
        for (String vniId : in.vniIds()) {
            VirtualNetworkInterfaceKind.Vni vni = tx.existing(VirtualNetworkInterfaceKind.Vni.class, vniId);
            if (vni.targetServerId() != null) {
                throw new IllegalArgumentException("virtual network interface " + vniId
                        + " is already attached to " + vni.targetServerId());
            }
            attachments.add(new Attachment(vpcId(), "eth" + attachments.size(), vniId));
            tx.put(vni.withTarget(serverId));
        }
        return tx.put(new Server(serverId, tx.nextSeq(), nameOr(in.name(), "bare-metal"), in.status(), tx.now(),
                attachments, deadlineFor(tx, in.status()), false));
    }

    @Override
    Set<String> patchFields() {
        return Fields.names(Patch.class);
    }

    @Override
    Server patch(CloudTx tx, Server server, Fields fields) {
        String status = fields.as(Patch.class).status();
        if (status.equals(server.status())) {
            return server;
        }
        return tx.put(server.withStatus(status, deadlineFor(tx, status), false));
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
    Json render(CloudTx tx, Server s) {
        IbmJson ibm = tx.json();
        List<AttachmentJson> attachments = s.attachments().stream().map(a -> attachment(tx, s, a)).toList();
        return new Json(s.createdAt(), crn(tx, s), href(tx, s), s.id(), List.of(), lifecycleState(s.status()),
                s.name(), attachments, attachments.isEmpty() ? null : attachments.get(0),
                new Profile(profileHref(ibm), PROFILE, "bare_metal_server_profile"),
                ibm.resourceGroup(), wireName(), s.status(), List.of(), ibm.vpc(), ibm.zone());
    }

    /** IBM's lifecycle_state for a server status: the transitional and broken states mirror it, the rest are stable. */
    private static String lifecycleState(String status) {
        return switch (status) {
            case "pending", "deleting", "failed", "suspended" -> status;
            default -> "stable";
        };
    }

    private AttachmentJson attachment(CloudTx tx, Server s, Attachment a) {
        VirtualNetworkInterfaceKind.Vni vni = tx.get(VirtualNetworkInterfaceKind.Vni.class, a.vniId());
        return new AttachmentJson(attachmentHref(tx, s, a), a.id(), a.name(),
                tx.reference(tx.get(SubnetReservedIpKind.ReservedIp.class, vni.primaryIpId())), ATTACHMENT_TYPE,
                tx.json().subnet(vni.subnetId()), tx.reference(vni));
    }

    private AttachmentDetail attachmentDetail(CloudTx tx, Server s, Attachment a) {
        AttachmentJson ref = attachment(tx, s, a);
        boolean primary = s.attachments().get(0).id().equals(a.id());
        return new AttachmentDetail(List.of(), s.createdAt(), ref.href(), ref.id(), "pci", "stable", ref.name(), 100000,
                ref.primaryIp(), ref.resourceType(), ref.subnet(), primary ? "primary" : "secondary",
                ref.virtualNetworkInterface());
    }

    /** How a VNI refers to the attachment it serves (its {@code target}). */
    static Reference attachmentReference(CloudTx tx, Server s, Attachment a) {
        return new Reference(null, null, attachmentHref(tx, s, a), a.id(), a.name(), ATTACHMENT_TYPE);
    }

    private static String attachmentHref(CloudTx tx, Server s, Attachment a) {
        return tx.href(s) + "/network_attachments/" + a.id();
    }
}
