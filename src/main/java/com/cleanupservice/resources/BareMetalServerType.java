package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.IbmService;
import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.ibm.Models.ReservedIpRef;
import com.cleanupservice.ibm.Models.ResourceRef;
import com.google.gson.annotations.SerializedName;

import com.cleanupservice.persistence.Jdbc;
import java.sql.SQLException;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * A node's bare metal server (its id is kept on the node row, as in the seed). IBM deletes servers asynchronously:
 * DELETE answers 202 and the server stays {@code deleting} until a GET answers 404. A {@code failed} server may be
 * deleted again; {@code pending} and {@code suspended} ones cannot be deleted at all.
 */
public final class BareMetalServerType extends DeclaredType
        implements ResourceType.Inspect, ResourceType.Discovery {

    private static final Declaration DECLARATION = Declaration.of("bare_metal_server", "bare_metal_server", "bare_metal_server_deletion", IbmApi.VPC)
            .seed(1)
            .request("DELETE /v1/bare_metal_servers/{id} then GET until 404")
            .cli("is bare-metal-server {id}", "is bare-metal-server-delete {id} --force")
            .fields(Map.of("zone", RecordField.ID, "name", RecordField.TEXT));

    private static final Set<String> UNDELETABLE = Set.of("pending", "suspended");

    /** IBM's bare metal server, the fields this type reads. */
    public record BareMetalServer(String id, String name, String crn, String status,
                                  @SerializedName("lifecycle_state") String lifecycleState,
                                  @SerializedName("created_at") String createdAt,
                                  ResourceRef zone,
                                  @SerializedName("network_attachments") List<NetworkAttachment> networkAttachments) {
    }

    public record NetworkAttachment(String id, String name,
                                    @SerializedName("virtual_network_interface") ResourceRef virtualNetworkInterface,
                                    @SerializedName("primary_ip") ReservedIpRef primaryIp) {
    }

    /** The VPC calls this type makes. */
    public record BareMetalServers(IbmService vpc) {
        public BareMetalServer getBareMetalServer(String id) {
            return vpc.get("/bare_metal_servers/{id}", Map.of("id", id), "getBareMetalServer", BareMetalServer.class);
        }

        /** Answers 202: the server is {@code deleting} until a GET answers 404. */
        public void deleteBareMetalServer(String id) {
            vpc.delete("/bare_metal_servers/{id}", Map.of("id", id), "deleteBareMetalServer");
        }

        public Page<BareMetalServer> listBareMetalServers(String start, int limit) {
            return vpc.list("/bare_metal_servers", Map.of(), Map.of(), "listBareMetalServers", "bare_metal_servers",
                    BareMetalServer.class, start, limit);
        }
    }

    /** Every bare metal server of the account: the VNIs its network attachments use. */
    @Override
    public Discoverable discovery() {
        return (ibm, scope, pages) -> {
            List<Discoverable.Found> found = new java.util.ArrayList<>();
            Discoverable.each("bare_metal_servers", pages, start -> calls(ibm).listBareMetalServers(start, 100), s -> {
                Set<String> vnis = new java.util.HashSet<>();
                if (s.networkAttachments() != null) {
                    s.networkAttachments().stream().filter(a -> a.virtualNetworkInterface() != null)
                            .forEach(a -> vnis.add(a.virtualNetworkInterface().id()));
                }
                found.add(new Discoverable.Found(this, s.id(), s.name(), null, vnis, null, null,
                        Discoverable.fields("zone", s.zone() == null ? null : s.zone().name())));
            });
            return found;
        };
    }

    private static BareMetalServers calls(IbmClients ibm) {
        return new BareMetalServers(ibm.vpc());
    }

    public BareMetalServerType(Settings settings) {
        super(DECLARATION, new ServerRows()); // no common table: the server is kept on the node row (as in the seed), its SQL is its own
    }

    /** The server's ledger columns on the node row. */
    private static final class ServerRows implements Rows {
        @Override
        public String loadForDeployment() {
            return null;
        }

        @Override
        public String loadForNode() {
            return """
                    SELECT id AS tracked_id, bare_metal_id AS ibm_id, node_name AS resource_name, node_name, deployment_id,
                           NULL AS parent_id, NULL AS scope_id, NULL AS kind, zone AS detail,
                           bare_metal_state AS state, bare_metal_attempts AS attempts,
                           CAST(json_build_object('name', bare_metal_name, 'zone', zone) AS TEXT) AS identity, account, region
                      FROM nodes
                     WHERE node_name = :?node_name AND bare_metal_id IS NOT NULL
                       AND (CAST(:?include_gone AS BOOLEAN) OR bare_metal_state <> 'GONE')
                       AND bare_metal_state <> 'RELEASED'
                    """;
        }

        @Override
        public String inventory(boolean node) {
            return node ? """
                    SELECT bare_metal_id AS resource_id, node_name AS resource_name, bare_metal_state AS state,
                           bare_metal_attempts AS attempts, bare_metal_last_error AS last_error,
                           bare_metal_last_http_status AS last_http_status, bare_metal_state_changed_at AS state_changed_at,
                           account, region
                      FROM nodes
                     WHERE node_name = ? AND bare_metal_id IS NOT NULL
                    """ : null;
        }

        @Override
        public String ledger() {
            return """
                    SELECT id AS tracked_id, bare_metal_id AS ibm_id, node_name, deployment_id, bare_metal_state AS state,
                           account, region, TRUE AS regional
                      FROM nodes WHERE bare_metal_id IS NOT NULL
                    """;
        }

        @Override
        public String mark() {
            return """
                    UPDATE nodes SET bare_metal_state = ?, bare_metal_attempts = bare_metal_attempts + ?,
                           bare_metal_last_error = ?, bare_metal_last_http_status = ?, bare_metal_state_changed_at = now()
                     WHERE id = ?
                    """;
        }

        @Override
        public String markMany() {
            return """
                    UPDATE nodes SET bare_metal_state = ?, bare_metal_last_error = NULL, bare_metal_last_http_status = NULL,
                           bare_metal_state_changed_at = now()
                     WHERE id = ANY(?)
                    """;
        }
    }

    @Override
    public boolean inspectsFirst() {
        return true;
    }

    /**
     * A server is looked at first: gone, not the server recorded (name, zone), not deletable in its state, or already
     * being deleted settle it. A server that is the one recorded shows its network attachments' VNIs (with their names)
     * and their primary IPs (with their addresses): noted, so their own looks need no call.
     */
    @Override
    public Attempt inspect(IbmClients ibm, TrackedResource server, Sightings seen) {
        var look = Look.at(server, () -> calls(ibm).getBareMetalServer(server.ibmId()),
                "Bare metal server " + server.ibmId() + " not found (already deleted)", BareMetalServerType::identity);
        if (look.settled() != null) {
            return look.settled();
        }
        if (look.current().networkAttachments() != null) {
            for (NetworkAttachment a : look.current().networkAttachments()) {
                if (a.virtualNetworkInterface() != null) {
                    seen.note(a.virtualNetworkInterface().id(), Identity.live(Identity.NAME, a.virtualNetworkInterface().name()));
                }
                if (a.primaryIp() != null) {
                    seen.note(a.primaryIp().id(), Identity.live(Identity.ADDRESS, a.primaryIp().address()));
                }
            }
        }
        String status = look.current().status();
        if (UNDELETABLE.contains(status)) {
            return Attempt.blocked("Bare metal server " + server.ibmId() + " is " + status + "; IBM Cloud cannot delete a server in that state");
        }
        if ("deleting".equals(status)) {
            return Attempt.accepted("Bare metal server " + server.ibmId() + " was already being deleted");
        }
        return null;
    }

    @Override
    public Attempt delete(IbmClients ibm, TrackedResource server) {
        return Attempt.deleteUnlessGone(() -> calls(ibm).deleteBareMetalServer(server.ibmId()),
                Attempt.accepted("Delete of bare metal server " + server.ibmId() + " accepted"),
                "Bare metal server " + server.ibmId() + " not found (already deleted)");
    }

    @Override
    public Attempt probe(IbmClients ibm, TrackedResource server) {
        return Attempt.unlessGone(() -> {
            BareMetalServer current = calls(ibm).getBareMetalServer(server.ibmId());
            if ("failed".equals(current.status())) {
                return Attempt.deleteFailed("Bare metal server " + server.ibmId() + " is failed");
            }
            return Attempt.stillPresent("Bare metal server " + server.ibmId() + " still exists (status " + current.status() + ")"
                    + Identity.note(server, identity(current)));
        }, "Bare metal server " + server.ibmId() + " not found (successfully deleted)");
    }

    private static Map<String, String> identity(BareMetalServer s) {
        return Identity.live(Identity.NAME, s.name(), Identity.ZONE, s.zone() == null ? null : s.zone().name());
    }

    @Override
    public boolean track(Jdbc.Tx tx, String nodeName, String deploymentId, String ibmId, Map<String, String> details) throws SQLException {
        if (nodeName == null) {
            throw new IllegalArgumentException("a bare metal server belongs to a node");
        }
        if (!tx.query("SELECT 1 FROM nodes WHERE node_name = ? AND bare_metal_id = ? AND bare_metal_state <> 'RELEASED'", rs -> 1, nodeName, ibmId).isEmpty()) {
            return false;
        }
        // a node tracks one server; replacing one that may still exist would lose track of it
        int updated = tx.update("""
                UPDATE nodes SET bare_metal_id = ?, bare_metal_state = 'PRESENT', bare_metal_attempts = 0,
                       bare_metal_last_error = NULL, zone = COALESCE(?, zone), bare_metal_name = ?, updated_at = now()
                 WHERE node_name = ? AND (bare_metal_id IS NULL OR bare_metal_state IN ('GONE', 'RELEASED'))
                """, ibmId, details.get("zone"), details.get("name"), nodeName);
        if (updated == 0) {
            throw new IllegalStateException("node " + nodeName + " already tracks another bare metal server that is not deleted");
        }
        return true;
    }
}
