package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.IbmService;
import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.ibm.Models.ResourceRef;

import java.util.Map;

/**
 * A VPC floating IP, of a node (usually bound to one of its VNIs) or of a whole deployment. A floating IP bills until
 * it is released, bound or not, and IBM releases a bound one without complaint, so it waits for nothing and nothing
 * waits for it.
 */
public final class FloatingIpType extends DeclaredType
        implements ResourceType.Inspect, ResourceType.Discovery {

    private static final Declaration DECLARATION = Declaration.of("floating_ip", "floating_ips", "floating_ip_deletion", IbmApi.VPC)
            .label("floating IPs")
            .request("DELETE /v1/floating_ips/{id}")
            .cli("is floating-ip {id}", "is floating-ip-release {id} -f")
            .fields(Map.of("name", RecordField.TEXT, "address", RecordField.IP_ADDRESS, "target_id", RecordField.ID));

    private static final TrackedTable TABLE = TrackedTable.sharedLedger().detail(TrackedTable.field("address"))
            .identity("json_build_object('name', t.name, 'address', " + TrackedTable.field("address") + ")");

    /** IBM's floating IP, the fields this type reads. */
    public record FloatingIp(String id, String name, String address, String status, ResourceRef target) {
    }

    /** The VPC calls this type makes. */
    public record FloatingIps(IbmService vpc) {
        public FloatingIp getFloatingIp(String id) {
            return vpc.get("/floating_ips/{id}", Map.of("id", id), "getFloatingIp", FloatingIp.class);
        }

        /** Releases the address (204), whether it is bound or not. */
        public void deleteFloatingIp(String id) {
            vpc.delete("/floating_ips/{id}", Map.of("id", id), "deleteFloatingIp");
        }

        public Page<FloatingIp> listFloatingIps(String start, int limit) {
            return vpc.list("/floating_ips", Map.of(), Map.of(), "listFloatingIps", "floating_ips", FloatingIp.class, start, limit);
        }
    }

    /** Every floating IP of the account: what it is bound to. */
    @Override
    public Discoverable discovery() {
        return (ibm, scope, pages) -> {
            java.util.List<Discoverable.Found> found = new java.util.ArrayList<>();
            Discoverable.each("floating_ips", pages, start -> calls(ibm).listFloatingIps(start, 100), f ->
                    found.add(new Discoverable.Found(this, f.id(), f.name(), null,
                            f.target() == null ? java.util.Set.of() : java.util.Set.of(f.target().id()), f.address(), null,
                            Discoverable.fields("name", f.name(), "address", f.address(), "target_id", f.target() == null ? null : f.target().id()))));
            return found;
        };
    }

    private static FloatingIps calls(IbmClients ibm) {
        return new FloatingIps(ibm.vpc());
    }

    public FloatingIpType(Settings settings) {
        super(DECLARATION, TABLE); // the constructor taking Settings is the registration contract
    }

    /** Gone, or not the floating IP recorded (its name, its address): settled without a release. */
    @Override
    public Attempt inspect(IbmClients ibm, TrackedResource fip, Sightings seen) {
        return Look.at(fip, () -> calls(ibm).getFloatingIp(fip.ibmId()),
                "Floating IP " + describe(fip) + " not found (already released)", FloatingIpType::identity).settled();
    }

    private static Map<String, String> identity(FloatingIp f) {
        return Identity.live(Identity.NAME, f.name(), Identity.ADDRESS, f.address());
    }

    @Override
    public Attempt delete(IbmClients ibm, TrackedResource fip) {
        return Attempt.deleteUnlessGone(() -> calls(ibm).deleteFloatingIp(fip.ibmId()),
                Attempt.deleted("Released floating IP " + describe(fip)), "Floating IP " + describe(fip) + " not found (already released)");
    }

    @Override
    public Attempt probe(IbmClients ibm, TrackedResource fip) {
        return Attempt.unlessGone(() -> {
            FloatingIp current = calls(ibm).getFloatingIp(fip.ibmId());
            String bound = current.target() == null ? "" : ", bound to " + current.target().id();
            return Attempt.stillPresent("Floating IP " + current.address() + " (" + fip.ibmId() + ") still exists" + bound
                    + Identity.note(fip, identity(current)));
        }, "Floating IP " + describe(fip) + " not found (successfully released)");
    }

    private static String describe(TrackedResource fip) {
        return fip.detail() != null ? fip.detail() + " (" + fip.ibmId() + ")" : fip.label();
    }
}
