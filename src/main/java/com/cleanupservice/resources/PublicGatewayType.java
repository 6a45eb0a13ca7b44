package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.IbmService;
import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.ibm.Models.ResourceRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A VPC public gateway, usually a deployment's own. IBM refuses (409 {@code public_gateway_in_use}) to delete a gateway
 * still attached to a subnet, so it goes after the subnets: a subnet this cleanup deletes detaches it first, in its own
 * look ({@link SubnetType}), when this cleanup tracks the gateway. The gateway's own look finds any subnet it is still
 * attached to: one this cleanup tracks but could not delete (something it does not track is in it, and that subnet
 * ended BLOCKED) is detached from — the gateway is this cleanup's and is about to be deleted; one this cleanup does not
 * track ends the gateway BLOCKED naming it instead of retrying the 409: the service never changes a subnet it does not
 * track.
 */
public final class PublicGatewayType extends DeclaredType
        implements ResourceType.Inspect {
    private static final Logger LOG = LoggerFactory.getLogger(PublicGatewayType.class);

    private static final Declaration DECLARATION = Declaration.of("public_gateway", "public_gateways", "public_gateway_deletion", IbmApi.VPC)
            .after("subnet")
            .request("DELETE /v1/public_gateways/{id}")
            .cli("is public-gateway {id}", "is public-gateway-delete {id} -f")
            .fields(Map.of("name", RecordField.TEXT, "vpc_id", RecordField.ID, "zone", RecordField.ID));

    private static final TrackedTable TABLE = TrackedTable.sharedLedger().detail(TrackedTable.field("zone"))
            .identity("json_build_object('name', t.name, 'zone', " + TrackedTable.field("zone") + ")");

    /** IBM's public gateway, the fields this type reads. */
    public record PublicGateway(String id, String name, String status, ResourceRef vpc, ResourceRef zone) {
    }

    /** The VPC calls this type makes. */
    public record PublicGateways(IbmService vpc) {
        public PublicGateway getPublicGateway(String id) {
            return vpc.get("/public_gateways/{id}", Map.of("id", id), "getPublicGateway", PublicGateway.class);
        }

        /** 204 once detached from every subnet; 409 while attached to one. */
        public void deletePublicGateway(String id) {
            vpc.delete("/public_gateways/{id}", Map.of("id", id), "deletePublicGateway");
        }
    }

    private static PublicGateways calls(IbmClients ibm) {
        return new PublicGateways(ibm.vpc());
    }

    public PublicGatewayType(Settings settings) {
        super(DECLARATION, TABLE); // the constructor taking Settings is the registration contract
    }

    @Override
    public boolean inspectsFirst() {
        return true;
    }

    /**
     * Gone settles it; so does not being the gateway recorded (name, zone). Still attached to a subnet this cleanup
     * tracks (its subnets went first, so one still there is one the cleanup could not delete: BLOCKED by something it
     * does not track), the gateway — this cleanup's, about to be deleted — is detached from it and the delete goes on;
     * attached to a subnet this cleanup does not track, it is BLOCKED naming that subnet: the service never changes a
     * subnet it does not track.
     */
    @Override
    public Attempt inspect(IbmClients ibm, TrackedResource gateway, Sightings seen) {
        var look = Look.at(gateway, () -> calls(ibm).getPublicGateway(gateway.ibmId()),
                "Public gateway " + gateway.label() + " not found (already deleted)", PublicGatewayType::identity);
        if (look.settled() != null) {
            return look.settled();
        }
        ResourceRef vpc = look.current().vpc();
        if (vpc == null || vpc.id() == null) {
            return null;
        }
        List<SubnetType.Subnet> attached = new ArrayList<>();
        String start = null;
        do {
            Page<SubnetType.Subnet> page = SubnetType.calls(ibm).listSubnets(vpc.id(), start, 100);
            for (SubnetType.Subnet subnet : page.items()) {
                if (subnet.publicGateway() != null && gateway.ibmId().equals(subnet.publicGateway().id())) {
                    if (seen.trackedType(subnet.id()) == null) {
                        return Attempt.blocked("Not deleted: public gateway " + SubnetType.describe(gateway)
                                + " is still attached (public_gateway_in_use) to subnet " + subnet.id()
                                + (subnet.name() == null ? "" : " ('" + subnet.name() + "')")
                                + ", which this cleanup does not track; IBM Cloud refuses to delete an attached gateway: detach it"
                                + " (ibmcloud is subnet-public-gateway-detach " + subnet.id() + " -f) or delete the subnet, then run the cleanup again");
                    }
                    attached.add(subnet);
                }
            }
            start = page.next();
        } while (start != null);
        for (SubnetType.Subnet subnet : attached) {
            // a subnet of this cleanup that it could not delete (something untracked in it): the gateway goes anyway
            Attempt.unlessNotFound(() -> {
                SubnetType.calls(ibm).unsetSubnetPublicGateway(subnet.id());
                return subnet;
            });
            LOG.info("Public gateway {} detached from subnet {} ({}), which this cleanup tracks but could not delete, before its own delete",
                    gateway.ibmId(), subnet.id(), subnet.name());
        }
        return null;
    }

    private static Map<String, String> identity(PublicGateway g) {
        return Identity.live(Identity.NAME, g.name(), Identity.ZONE, g.zone() == null ? null : g.zone().name());
    }

    @Override
    public Attempt delete(IbmClients ibm, TrackedResource gateway) {
        return Attempt.deleteUnlessGone(() -> calls(ibm).deletePublicGateway(gateway.ibmId()),
                Attempt.deleted("Deleted public gateway " + SubnetType.describe(gateway)),
                "Public gateway " + gateway.label() + " not found (already deleted)");
    }

    @Override
    public Attempt probe(IbmClients ibm, TrackedResource gateway) {
        return Attempt.unlessGone(() -> {
            PublicGateway current = calls(ibm).getPublicGateway(gateway.ibmId());
            return Attempt.stillPresent("Public gateway " + gateway.label() + " (" + gateway.ibmId() + ") still exists (status "
                    + current.status() + ")" + Identity.note(gateway, identity(current)));
        }, "Public gateway " + gateway.label() + " not found (successfully deleted)");
    }
}
