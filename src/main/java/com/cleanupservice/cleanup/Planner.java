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

    public Planner(ResourceTypes types) {
        this.lanes = new DependencyGraph(types).lanes();
    }

    public NodePlan plan(CleanupRun run, NodeRef node, String deploymentId, List<TrackedResource> resources) {
        return plan(run, node, deploymentId, resources, Map.of(), Lease.unshared("plan only"));
    }

    /** @param heldByOthers resources (by IBM id) an owner outside the run tracks, with who: planned, but never deleted */
    public NodePlan plan(CleanupRun run, NodeRef node, String deploymentId, List<TrackedResource> resources,
                         Map<String, String> heldByOthers, Lease claim) {
        List<List<List<TrackedResource>>> planned = new ArrayList<>();
        for (DependencyGraph.Lane lane : lanes) {
            List<List<TrackedResource>> steps = new ArrayList<>();
            for (List<ResourceType> level : lane.levels()) {
                // step key: order within type; types sharing a level and an order run together
                Map<Integer, List<TrackedResource>> byOrder = new TreeMap<>();
                for (TrackedResource r : resources) {
                    if (level.contains(r.type())) {
                        byOrder.computeIfAbsent(r.type().orderWithinType(r), k -> new ArrayList<>()).add(r);
                    }
                }
                byOrder.values().forEach(step -> {
                    step.sort(Comparator.comparing((TrackedResource r) -> r.type().name()).thenComparing(TrackedResource::ibmId));
                    steps.add(List.copyOf(step));
                });
            }
            if (!steps.isEmpty()) {
                planned.add(steps);
            }
        }
        return new NodePlan(run, node, deploymentId, planned, heldByOthers, claim);
    }
}
