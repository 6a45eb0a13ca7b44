package com.cleanupservice.cleanup;

import com.cleanupservice.lease.Lease;
import com.cleanupservice.resources.DependencyGraph;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Orders a node's tracked resources into a plan. Lanes and their levels come from the types' declared dependencies
 * (computed once); inside a level, a type's own order splits it further (PTR records before A records). Steps
 * without resources are dropped, but never reordered: a reserved IP still waits for the server when a node has no
 * tracked VNIs.
 */
public final class Planner {
    private final List<DependencyGraph.Lane> lanes;
    private final boolean splitGroups;

    public Planner(ResourceTypes types) {
        this(types, true);
    }

    private Planner(ResourceTypes types, boolean splitGroups) {
        this.lanes = new DependencyGraph(types).lanes();
        this.splitGroups = splitGroups;
    }

    /**
     * The same order for something that runs one step at a time (a generated script): lanes are not split into
     * dependency groups, which only pay where lanes run side by side.
     */
    public static Planner sequential(ResourceTypes types) {
        return new Planner(types, false);
    }

    public NodePlan plan(CleanupRun run, NodeRef node, String deploymentId, List<TrackedResource> resources) {
        return plan(run, node, deploymentId, resources, Map.of(), Lease.unshared("plan only"));
    }

    /** @param heldByOthers resources (by IBM id) an owner outside the run tracks, with who: planned, but never deleted */
    public NodePlan plan(CleanupRun run, NodeRef node, String deploymentId, List<TrackedResource> resources,
                         Map<String, String> heldByOthers, Lease claim) {
        List<List<List<TrackedResource>>> planned = new ArrayList<>();
        for (DependencyGraph.Lane lane : lanes) {
            List<TrackedResource> ofLane = resources.stream().filter(r -> lane.levels().stream().anyMatch(l -> l.contains(r.type()))).toList();
            for (List<TrackedResource> group : splitGroups ? groups(ofLane) : List.of(ofLane)) {
                List<List<TrackedResource>> steps = steps(lane, group);
                if (!steps.isEmpty()) {
                    planned.add(steps);
                }
            }
        }
        return new NodePlan(run, node, deploymentId, planned, heldByOthers, claim);
    }

    /**
     * A lane's resources split by their types' {@link ResourceType.Ordering#dependencyGroup}: groups never wait for each other
     * (a DNS A record waits only for the PTR records that point at it). The lane stays whole when any resource's group
     * is unknown (a PTR whose target is not recorded must go before every A record).
     */
    private static List<List<TrackedResource>> groups(List<TrackedResource> ofLane) {
        if (ofLane.isEmpty()) {
            return List.of();
        }
        Map<String, List<TrackedResource>> byGroup = new TreeMap<>();
        for (TrackedResource r : ofLane) {
            String group = r.type().facet(ResourceType.Ordering.class).map(o -> o.dependencyGroup(r)).orElse(null);
            if (group == null) {
                return List.of(ofLane);
            }
            byGroup.computeIfAbsent(group, k -> new ArrayList<>()).add(r);
        }
        return List.copyOf(byGroup.values());
    }

    private static List<List<TrackedResource>> steps(DependencyGraph.Lane lane, List<TrackedResource> resources) {
        List<List<TrackedResource>> steps = new ArrayList<>();
        for (List<ResourceType> level : lane.levels()) {
            // step key: order within type; types sharing a level and an order run together
            Map<Integer, List<TrackedResource>> byOrder = new TreeMap<>();
            for (TrackedResource r : resources) {
                if (level.contains(r.type())) {
                    byOrder.computeIfAbsent(r.type().facet(ResourceType.Ordering.class).map(o -> o.orderWithinType(r)).orElse(0), k -> new ArrayList<>()).add(r);
                }
            }
            byOrder.values().forEach(step -> {
                step.sort(Comparator.comparing((TrackedResource r) -> r.type().name()).thenComparing(TrackedResource::ibmId));
                steps.add(List.copyOf(step));
            });
        }
        return steps;
    }
}
