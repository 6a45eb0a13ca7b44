package com.cleanupservice.cleanup;

import com.cleanupservice.lease.Lease;

/** One node's cleanup inside a run, as it passes through the node route. */
public final class NodeJob {
    private final CleanupRun run;
    private final NodeRef node;
    private final Lease claim;
    private final long startedNanos = System.nanoTime();
    private volatile NodePlan plan;
    private volatile NodeOutcome outcome;

    NodeJob(CleanupRun run, NodeRef node, Lease claim) {
        this.run = run;
        this.node = node;
        this.claim = claim;
    }

    /** The node's claim (unshared for a dry run, which claims nothing). */
    public Lease claim() {
        return claim;
    }

    public CleanupRun run() {
        return run;
    }

    public NodeRef node() {
        return node;
    }

    public NodePlan plan() {
        return plan;
    }

    void plan(NodePlan plan) {
        this.plan = plan;
    }

    public NodeOutcome outcome() {
        return outcome;
    }

    void outcome(NodeOutcome outcome) {
        this.outcome = outcome;
    }

    long elapsedMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
