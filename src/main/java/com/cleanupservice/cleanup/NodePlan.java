package com.cleanupservice.cleanup;

import com.cleanupservice.lease.Lease;
import com.cleanupservice.resources.Sightings;
import com.cleanupservice.resources.TrackedResource;

import java.util.List;
import java.util.Map;

/**
 * The ordered deletions of one node (or of a deployment's own, node-less resources when {@code node} is null):
 * lanes that run side by side, each a sequence of steps whose resources are deleted in parallel.
 */
public final class NodePlan {
    private final CleanupRun run;
    private final NodeRef node;
    private final String deploymentId;
    private final List<LaneRun> lanes;
    private final Map<String, String> heldByOthers;
    private final Lease claim;
    /** What the run's looks have seen and may list (shared by a deployment's nodes), for identity checks before delete. */
    private volatile Looks looks = new Looks(1);
    /** What the run is deleting, shared by its plans (a 409's blocker is looked up there); set before the plan runs. */
    private volatile RunDeletions deletions = new RunDeletions(0);
    /** Per container (type and container), how many of this plan's resources need a look there; made when first asked. */
    private volatile Map<String, Integer> looksByContainer;

    NodePlan(CleanupRun run, NodeRef node, String deploymentId, List<List<List<TrackedResource>>> lanes,
             Map<String, String> heldByOthers, Lease claim) {
        this.claim = claim;
        this.run = run;
        this.node = node;
        this.deploymentId = deploymentId;
        this.heldByOthers = Map.copyOf(heldByOthers);
        int[] sequence = {0};
        this.lanes = lanes.stream().map(steps -> new LaneRun(this, steps, sequence)).toList();
        trackIn(looks.sightings());
    }

    public CleanupRun run() {
        return run;
    }

    /** Null for a deployment's own resources (cluster-level DNS records). */
    public NodeRef node() {
        return node;
    }

    public String deploymentId() {
        return deploymentId;
    }

    /**
     * Who else tracks a resource of this plan (an owner outside the run), by IBM id; such a resource is never deleted
     * by this run: its task ends BLOCKED.
     */
    public String heldBy(TrackedResource resource) {
        return heldByOthers.get(resource.ibmId());
    }

    public Sightings sightings() {
        return looks.sightings();
    }

    Looks looks() {
        return looks;
    }

    /** The run's looks, shared by its node plans; set before the plan runs. */
    void share(Looks shared) {
        this.looks = shared;
        trackIn(shared.sightings());
    }

    /** Notes this plan's resources as tracked by the cleanup in {@code seen} (a subnet's look tells them from strangers). */
    void trackIn(Sightings seen) {
        lanes.forEach(lane -> lane.steps().forEach(step -> step.resources().forEach(seen::tracking)));
    }

    /** The run's deletions, shared by its plans: this plan's resources are added to them. */
    void share(RunDeletions shared) {
        this.deletions = shared;
        shared.planned(this);
    }

    RunDeletions deletions() {
        return deletions;
    }

    /** How many of this plan's resources need a look in a container ({@code "<type> <container> <account/region>"}). */
    int looksIn(String key) {
        Map<String, Integer> counts = looksByContainer;
        if (counts == null) {
            Map<String, Integer> made = new java.util.HashMap<>();
            for (LaneRun lane : lanes) {
                for (LaneRun.StepRun step : lane.steps()) {
                    for (TrackedResource r : step.resources()) {
                        var listing = com.cleanupservice.resources.ResourceType.Listed.of(r.type());
                        String container = listing == null || r.recorded().isEmpty() ? null : listing.container(r);
                        if (container != null) {
                            made.merge(r.type().name() + " " + container + " " + r.place(), 1, Integer::sum);
                        }
                    }
                }
            }
            counts = Map.copyOf(made);
            looksByContainer = counts;
        }
        return counts.getOrDefault(key, 0);
    }

    /** The claim the plan runs under: no call to IBM and no write once it is not held. */
    public Lease claim() {
        return claim;
    }

    public List<LaneRun> lanes() {
        return lanes;
    }

    public int size() {
        return lanes.stream().mapToInt(LaneRun::size).sum();
    }
}
