package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.IbmService;
import com.cleanupservice.ibm.Models.ResourceRef;
import com.google.gson.annotations.SerializedName;

import java.util.List;
import java.util.Map;

/**
 * A VPC endpoint gateway (VPE), normally a deployment's own (object storage reached from its subnets). IBM deletes
 * one asynchronously: it stays {@code lifecycle_state} {@code deleting} until a GET answers 404, and its reserved IPs
 * in the subnet go with it. So a reserved IP of the same owner goes after it ({@link SubnetReservedIpType}) and is
 * then found gone rather than deleted from under the gateway; it holds up its subnet's deletion, which a subnet
 * declares.
 */
public final class EndpointGatewayType extends DeclaredType
        implements ResourceType.Inspect {

    private static final Declaration DECLARATION = Declaration.of("endpoint_gateway", "endpoint_gateways", "endpoint_gateway_deletion", IbmApi.VPC)
            .request("DELETE /v1/endpoint_gateways/{id} then GET until 404")
            .cli("is endpoint-gateway {id}", "is endpoint-gateway-delete {id} -f")
            .fields(Map.of("name", RecordField.TEXT, "subnet_id", RecordField.ID));

    private static final TrackedTable TABLE = TrackedTable.sharedLedger().identity("json_build_object('name', t.name)");

    static final String DELETING = "deleting";

    /** IBM's endpoint gateway, the fields this type reads. */
    public record EndpointGateway(String id, String name,
                                  @SerializedName("lifecycle_state") String lifecycleState,
                                  List<ResourceRef> ips) {
    }

    /** The VPC calls this type makes. */
    public record EndpointGateways(IbmService vpc) {
        public EndpointGateway getEndpointGateway(String id) {
            return vpc.get("/endpoint_gateways/{id}", Map.of("id", id), "getEndpointGateway", EndpointGateway.class);
        }

        /** Accepted: the gateway is {@code deleting} until a GET answers 404, and its reserved IPs go with it. */
        public void deleteEndpointGateway(String id) {
            vpc.delete("/endpoint_gateways/{id}", Map.of("id", id), "deleteEndpointGateway");
        }
    }

    private static EndpointGateways calls(IbmClients ibm) {
        return new EndpointGateways(ibm.vpc());
    }

    public EndpointGatewayType(Settings settings) {
        super(DECLARATION, TABLE); // the constructor taking Settings is the registration contract
    }

    @Override
    public boolean inspectsFirst() {
        return true;
    }

    /** Gone, or not the gateway recorded (its name), settle it; one already {@code deleting} is waited for. */
    @Override
    public Attempt inspect(IbmClients ibm, TrackedResource gateway, Sightings seen) {
        var look = Look.at(gateway, () -> calls(ibm).getEndpointGateway(gateway.ibmId()),
                "Endpoint gateway " + gateway.label() + " not found (already deleted)", EndpointGatewayType::identity);
        if (look.settled() != null) {
            return look.settled();
        }
        if (DELETING.equals(look.current().lifecycleState())) {
            return Attempt.accepted("Endpoint gateway " + gateway.label() + " was already being deleted");
        }
        return null;
    }

    @Override
    public Attempt delete(IbmClients ibm, TrackedResource gateway) {
        return Attempt.deleteUnlessGone(() -> calls(ibm).deleteEndpointGateway(gateway.ibmId()),
                Attempt.accepted("Delete of endpoint gateway " + gateway.label() + " accepted"),
                "Endpoint gateway " + gateway.label() + " not found (already deleted)");
    }

    /** {@code failed}: the delete did not go through, DELETE_FAILED (asked again while awaited); otherwise still present. */
    @Override
    public Attempt probe(IbmClients ibm, TrackedResource gateway) {
        return Attempt.unlessGone(() -> {
            EndpointGateway current = calls(ibm).getEndpointGateway(gateway.ibmId());
            String described = "Endpoint gateway " + gateway.label() + " (" + gateway.ibmId() + ") still exists (lifecycle_state "
                    + current.lifecycleState() + ", " + (current.ips() == null ? 0 : current.ips().size()) + " reserved IP(s))"
                    + Identity.note(gateway, identity(current));
            return "failed".equals(current.lifecycleState()) ? Attempt.deleteFailed(described) : Attempt.stillPresent(described);
        }, "Endpoint gateway " + gateway.label() + " not found (successfully deleted)");
    }

    private static Map<String, String> identity(EndpointGateway gateway) {
        return Identity.live(Identity.NAME, gateway.name());
    }
}
