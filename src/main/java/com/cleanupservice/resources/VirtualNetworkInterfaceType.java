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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A virtual network interface. IBM refuses (409) to delete one still attached to a server, so VNIs go after the
 * server; those created inline with it ({@code auto_delete}) vanish with it and then answer 404, which is fine.
 */
public final class VirtualNetworkInterfaceType extends DeclaredType
        implements ResourceType.Inspect, ResourceType.Discovery {

    private static final Declaration DECLARATION = Declaration.of("virtual_network_interface", "virtual_network_interfaces", "vni_deletion", IbmApi.VPC)
            .after("bare_metal_server")
            .seed(2)
            .request("DELETE /v1/virtual_network_interfaces/{id}")
            .cli("is virtual-network-interface {id}", "is virtual-network-interface-delete {id} --force")
            .fields(Map.of("name", RecordField.TEXT, "vnic_type", RecordField.TEXT));

    private static final TrackedTable TABLE = TrackedTable.of("vnic_info", "vnic_id", "vnic_name").kind("t.vnic_type")
            .identity("json_build_object('name', t.vnic_name)");

    /** IBM's virtual network interface, the fields this type reads. */
    public record VirtualNetworkInterface(String id, String name,
                                          @SerializedName("lifecycle_state") String lifecycleState,
                                          @SerializedName("auto_delete") Boolean autoDelete,
                                          @SerializedName("primary_ip") ReservedIpRef primaryIp,
                                          ResourceRef subnet,
                                          ResourceRef target) {
    }

    /** The VPC calls this type makes. */
    public record VirtualNetworkInterfaces(IbmService vpc) {
        public VirtualNetworkInterface getVirtualNetworkInterface(String id) {
            return vpc.get("/virtual_network_interfaces/{id}", Map.of("id", id), "getVirtualNetworkInterface",
                    VirtualNetworkInterface.class);
        }

        public void deleteVirtualNetworkInterface(String id) {
            vpc.delete("/virtual_network_interfaces/{id}", Map.of("id", id), "deleteVirtualNetworkInterfaces");
        }

        public Page<VirtualNetworkInterface> listVirtualNetworkInterfaces(String start, int limit) {
            return vpc.list("/virtual_network_interfaces", Map.of(), Map.of(), "listVirtualNetworkInterfaces",
                    "virtual_network_interfaces", VirtualNetworkInterface.class, start, limit);
        }
    }

    /** Every VNI of the account (IBM filters the collection by resource group only): its subnet, the server it serves. */
    @Override
    public Discoverable discovery() {
        return (ibm, scope, pages) -> {
            List<Discoverable.Found> found = new ArrayList<>();
            Discoverable.each("virtual_network_interfaces", pages, start -> calls(ibm).listVirtualNetworkInterfaces(start, 100), v ->
                    found.add(new Discoverable.Found(this, v.id(), v.name(), v.subnet() == null ? null : v.subnet().id(),
                            v.target() == null ? Set.of() : Set.of(serverOf(v.target())), v.primaryIp() == null ? null : v.primaryIp().address(),
                            null, Discoverable.fields("name", v.name()))));
            return found;
        };
    }

    /** The server whose network attachment a VNI serves, from the attachment's address ({@code …/bare_metal_servers/ID/…}). */
    private static String serverOf(ResourceRef attachment) {
        String href = attachment.href() == null ? "" : attachment.href();
        int at = href.indexOf("/bare_metal_servers/");
        if (at < 0) {
            return attachment.id();
        }
        String rest = href.substring(at + "/bare_metal_servers/".length());
        return rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    }

    private static VirtualNetworkInterfaces calls(IbmClients ibm) {
        return new VirtualNetworkInterfaces(ibm.vpc());
    }

    public VirtualNetworkInterfaceType(Settings settings) {
        super(DECLARATION, TABLE); // the constructor taking Settings is the registration contract
    }

    /** Gone, or not the VNI recorded (its name): settled without a delete. */
    @Override
    public Attempt inspect(IbmClients ibm, TrackedResource vni, Sightings seen) {
        return Look.at(vni, () -> calls(ibm).getVirtualNetworkInterface(vni.ibmId()),
                "Virtual network interface " + vni.label() + " not found (already deleted, e.g. with its server)", VirtualNetworkInterfaceType::identity).settled();
    }

    private static Map<String, String> identity(VirtualNetworkInterface v) {
        return Identity.live(Identity.NAME, v.name());
    }

    @Override
    public Attempt delete(IbmClients ibm, TrackedResource vni) {
        return Attempt.deleteUnlessGone(() -> calls(ibm).deleteVirtualNetworkInterface(vni.ibmId()),
                Attempt.deleted("Deleted virtual network interface " + vni.label() + " (" + vni.ibmId() + ")"),
                "Virtual network interface " + vni.label() + " not found (already deleted, e.g. with its server)");
    }

    @Override
    public Attempt probe(IbmClients ibm, TrackedResource vni) {
        return Attempt.unlessGone(() -> {
            VirtualNetworkInterface current = calls(ibm).getVirtualNetworkInterface(vni.ibmId());
            String attached = current.target() == null ? "" : ", attached to " + current.target().id();
            return Attempt.stillPresent("Virtual network interface " + vni.ibmId() + " still exists (" + current.lifecycleState() + attached + ")"
                    + Identity.note(vni, identity(current)));
        }, "Virtual network interface " + vni.ibmId() + " not found (successfully deleted)");
    }

    @Override
    public boolean track(Jdbc.Tx tx, String nodeName, String deploymentId, String ibmId, Map<String, String> details) throws SQLException {
        if (nodeName == null) {
            throw new IllegalArgumentException("a virtual network interface belongs to a node");
        }
        return tx.update("""
                INSERT INTO vnic_info (node_name, vnic_name, vnic_id, vnic_type) VALUES (?, ?, ?, ?)
                ON CONFLICT (vnic_id) DO NOTHING
                """, nodeName, details.get("name"), ibmId, details.get("vnic_type")) == 1;
    }
}
