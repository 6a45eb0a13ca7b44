package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.IbmService;
import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.ibm.Models.ResourceRef;
import com.google.gson.annotations.SerializedName;

import java.util.List;
import java.util.Map;

/**
 * A VPC load balancer, normally a deployment's own (in front of Prism Central), in one or more of its subnets. IBM
 * deletes load balancers asynchronously: DELETE answers 202 and the load balancer stays {@code provisioning_status}
 * {@code delete_pending} until a GET answers 404 — and has been seen to come back from {@code delete_pending} to
 * {@code active}. A load balancer seen active again while its delete was awaited is asked to go again (the wait's
 * redelete limit, {@code cleanup.wait.redelete-limit}), and the outcome counts the delete requests it took. It holds up
 * its subnets' deletion: a subnet declares it goes after it.
 */
public final class LoadBalancerType extends DeclaredType
        implements ResourceType.Inspect, ResourceType.Discovery {

    private static final Declaration DECLARATION = Declaration.of("load_balancer", "load_balancers", "load_balancer_deletion", IbmApi.VPC)
            .request("DELETE /v1/load_balancers/{id} then GET until 404")
            .cli("is load-balancer {id}", "is load-balancer-delete {id} -f")
            .fields(Map.of("name", RecordField.TEXT));

    private static final TrackedTable TABLE = TrackedTable.sharedLedger().identity("json_build_object('name', t.name)");

    static final String DELETE_PENDING = "delete_pending";
    /** States IBM leaves a load balancer in when a delete did not (or not yet) go through: it may be asked again. */
    private static final List<String> BACK = List.of("active", "failed");

    /** IBM's load balancer, the fields this type reads. */
    public record LoadBalancer(String id, String name,
                               @SerializedName("provisioning_status") String provisioningStatus,
                               @SerializedName("operating_status") String operatingStatus,
                               List<ResourceRef> subnets) {
    }

    /** The VPC calls this type makes. */
    public record LoadBalancers(IbmService vpc) {
        public LoadBalancer getLoadBalancer(String id) {
            return vpc.get("/load_balancers/{id}", Map.of("id", id), "getLoadBalancer", LoadBalancer.class);
        }

        /** Answers 202: the load balancer is {@code delete_pending} until a GET answers 404. */
        public void deleteLoadBalancer(String id) {
            vpc.delete("/load_balancers/{id}", Map.of("id", id), "deleteLoadBalancer");
        }

        public Page<LoadBalancer> listLoadBalancers(String start, int limit) {
            return vpc.list("/load_balancers", Map.of(), Map.of(), "listLoadBalancers", "load_balancers", LoadBalancer.class,
                    start, limit);
        }
    }

    /** Every load balancer of the account: the subnets it is in (a deployment's tracked subnet is evidence of its owner). */
    @Override
    public Discoverable discovery() {
        return (ibm, scope, pages) -> {
            List<Discoverable.Found> found = new java.util.ArrayList<>();
            Discoverable.each("load_balancers", pages, start -> calls(ibm).listLoadBalancers(start, 100), lb ->
                    found.add(new Discoverable.Found(this, lb.id(), lb.name(), null,
                            lb.subnets() == null ? java.util.Set.of()
                                    : lb.subnets().stream().map(ResourceRef::id).collect(java.util.stream.Collectors.toSet()),
                            null, null, Discoverable.fields("name", lb.name()))));
            return found;
        };
    }

    private static LoadBalancers calls(IbmClients ibm) {
        return new LoadBalancers(ibm.vpc());
    }

    public LoadBalancerType(Settings settings) {
        super(DECLARATION, TABLE); // the constructor taking Settings is the registration contract
    }

    @Override
    public boolean inspectsFirst() {
        return true;
    }

    /** Gone, or not the load balancer recorded (its name), settle it; one already {@code delete_pending} is waited for. */
    @Override
    public Attempt inspect(IbmClients ibm, TrackedResource lb, Sightings seen) {
        var look = Look.at(lb, () -> calls(ibm).getLoadBalancer(lb.ibmId()),
                "Load balancer " + lb.label() + " not found (already deleted)", LoadBalancerType::identity);
        if (look.settled() != null) {
            return look.settled();
        }
        if (DELETE_PENDING.equals(look.current().provisioningStatus())) {
            return Attempt.accepted("Load balancer " + lb.label() + " was already being deleted");
        }
        return null;
    }

    @Override
    public Attempt delete(IbmClients ibm, TrackedResource lb) {
        return Attempt.deleteUnlessGone(() -> calls(ibm).deleteLoadBalancer(lb.ibmId()),
                Attempt.accepted("Delete of load balancer " + lb.label() + " accepted"),
                "Load balancer " + lb.label() + " not found (already deleted)");
    }

    /**
     * Still {@code delete_pending} (or another pending state): still present. {@code active} or {@code failed}: the
     * delete did not go through (IBM brought it back), DELETE_FAILED, so an awaited delete is asked again; validation
     * reads it as still there.
     */
    @Override
    public Attempt probe(IbmClients ibm, TrackedResource lb) {
        return Attempt.unlessGone(() -> {
            LoadBalancer current = calls(ibm).getLoadBalancer(lb.ibmId());
            String status = current.provisioningStatus();
            String described = "Load balancer " + lb.label() + " (" + lb.ibmId() + ") still exists (provisioning_status " + status + ")"
                    + Identity.note(lb, identity(current));
            return BACK.contains(status)
                    ? Attempt.deleteFailed(described + " and is not being deleted")
                    : Attempt.stillPresent(described);
        }, "Load balancer " + lb.label() + " not found (successfully deleted)");
    }

    private static Map<String, String> identity(LoadBalancer lb) {
        return Identity.live(Identity.NAME, lb.name());
    }
}
