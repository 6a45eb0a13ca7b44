package com.cleanupservice.simulator;

import com.cleanupservice.simulator.HttpSupport.Reply;
import com.cleanupservice.simulator.IbmJson.Reference;
import com.cleanupservice.simulator.IbmJson.ResourceGroup;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * VPC load balancers, under {@code /v1/load_balancers}, in one or more subnets, whose deletion they hold up
 * ({@link #objection}). A DELETE is accepted (202) and the load balancer stays {@code provisioning_status}
 * {@code delete_pending} for the configured network delete delay, then it is gone; a DELETE while it is pending is
 * accepted again and changes nothing. IBM has been seen to bring a load balancer back from {@code delete_pending} to
 * {@code active}: one created (or patched) with {@code bounce_once} does that once, at the end of its first pending
 * delete, and a second DELETE then removes it.
 */
final class LoadBalancerKind extends SimKind<LoadBalancerKind.LoadBalancer> {
    static final String DELETE_PENDING = "delete_pending";
    private static final String SUBNET_INDEX = "subnet";

    /**
     * @param deleteDeadline while {@code provisioningStatus} is {@code delete_pending}: when the pending delete ends
     * @param bounceOnce     the next pending delete ends back in {@code active} instead of removal
     */
    record LoadBalancer(String id, long seq, String name, List<String> subnetIds, boolean isPublic, Instant createdAt,
                        String provisioningStatus, Instant deleteDeadline, boolean bounceOnce) implements Resource {
        LoadBalancer {
            subnetIds = List.copyOf(subnetIds);
        }

        LoadBalancer withStatus(String status, Instant deadline, boolean bounce) {
            return new LoadBalancer(id, seq, name, subnetIds, isPublic, createdAt, status, deadline, bounce);
        }
    }

    /** As IBM's GET answers it ({@code LoadBalancer}), without the listeners and pools nobody here configures. */
    record Json(Instant createdAt, String crn, String hostname, String href, String id, boolean instanceGroupsSupported,
                boolean isPrivatePath, boolean isPublic, List<Object> listeners, String name, String operatingStatus,
                List<Object> pools, List<Object> privateIps, String provisioningStatus, List<Object> publicIps,
                ResourceGroup resourceGroup, String resourceType, boolean routeMode, boolean securityGroupsSupported,
                List<Reference> subnets, boolean udpSupported) {
    }

    /** {@code POST /sim/resources}: in the given existing subnets (at least one). */
    record Create(String id, String name, List<String> subnetIds, boolean isPublic, boolean bounceOnce) {
        Create {
            if (subnetIds.isEmpty()) {
                throw new IllegalArgumentException("subnet_ids is required (at least one subnet)");
            }
            Fields.distinct(subnetIds, "a subnet can only be named once");
        }
    }

    /** {@code PATCH /sim/load_balancers/{id}}: {@code bounce_once} arms (or disarms) the bounce back to active. */
    record Patch(boolean bounceOnce) {
    }

    LoadBalancerKind() {
        super(LoadBalancer.class, Create.class, Declaration.of("load_balancer", "load_balancers", Api.VPC,
                "/v1/load_balancers", "Load balancer"));
    }

    @Override
    Map<String, Function<LoadBalancer, Collection<String>>> indexes() {
        return Map.of(SUBNET_INDEX, LoadBalancer::subnetIds);
    }

    @Override
    Map<String, BiPredicate<LoadBalancer, String>> filters() {
        return Map.of("resource_group.id", sharedBy(IbmCloudSimulator.RESOURCE_GROUP_ID));
    }

    /** A load balancer in a subnet holds up the subnet's deletion. */
    @Override
    ApiException objection(CloudTx tx, Resource other) {
        if (!(other instanceof SubnetKind.Subnet subnet)) {
            return null;
        }
        List<LoadBalancer> in = tx.indexed(LoadBalancer.class, SUBNET_INDEX, subnet.id());
        return in.isEmpty() ? null : SubnetKind.inUse(subnet, "load_balancer_exists", "load balancers",
                wireName(), in.get(0).id());
    }

    /** Accepted (202, no body): {@code delete_pending} until its deadline ({@link #settle}); again, it waits on. */
    @Override
    Reply accept(CloudTx tx, LoadBalancer lb, boolean deleteFails) {
        if (!lb.provisioningStatus().equals(DELETE_PENDING)) {
            tx.put(lb.withStatus(DELETE_PENDING, tx.now().plus(tx.settings().networkDeleteDelay()), lb.bounceOnce()));
        }
        return Reply.of(202, null);
    }

    @Override
    Instant dueAt(LoadBalancer lb) {
        return lb.provisioningStatus().equals(DELETE_PENDING) ? lb.deleteDeadline() : null;
    }

    /** The pending delete ends: gone, or, armed with {@code bounce_once}, back to {@code active} (once). */
    @Override
    void settle(CloudTx tx, LoadBalancer lb) {
        if (lb.bounceOnce()) {
            tx.put(lb.withStatus("active", null, false));
        } else {
            tx.remove(lb);
        }
    }

    @Override
    LoadBalancer create(CloudTx tx, Fields fields) {
        Create in = fields.as(Create.class);
        in.subnetIds().forEach(subnetId -> tx.existing(SubnetKind.Subnet.class, subnetId));
        String id = tx.newId(LoadBalancer.class, in.id(), "r006-" + UUID.randomUUID());
        return tx.put(new LoadBalancer(id, tx.nextSeq(), nameOr(in.name(), "load-balancer"), in.subnetIds(),
                in.isPublic(), tx.now(), "active", null, in.bounceOnce()));
    }

    @Override
    Set<String> patchFields() {
        return Fields.names(Patch.class);
    }

    @Override
    LoadBalancer patch(CloudTx tx, LoadBalancer lb, Fields fields) {
        boolean bounce = fields.as(Patch.class).bounceOnce();
        return tx.put(lb.withStatus(lb.provisioningStatus(), lb.deleteDeadline(), bounce));
    }

    @Override
    Json render(CloudTx tx, LoadBalancer lb) {
        List<Reference> subnets = lb.subnetIds().stream()
                .map(subnetId -> tx.get(SubnetKind.Subnet.class, subnetId))
                .filter(java.util.Objects::nonNull).map(tx::reference).toList();
        String region = tx.json().zone().name().substring(0, tx.json().zone().name().lastIndexOf('-'));
        String hostname = UUID.nameUUIDFromBytes(lb.id().getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8)
                + "-" + region + ".lb.appdomain.cloud";
        return new Json(lb.createdAt(), tx.json().regionalCrn("load-balancer", lb.id()), hostname, href(tx, lb),
                lb.id(), false, false, lb.isPublic(), List.of(), lb.name(),
                lb.provisioningStatus().equals("active") ? "online" : "offline", List.of(), List.of(),
                lb.provisioningStatus(), List.of(), tx.json().resourceGroup(), wireName(), false, true, subnets,
                false);
    }
}
