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

    /** What the run's looks have seen and may list: the deployment's, shared by its nodes, or the node run's own. */
    private final Looks looks;

    NodeJob(CleanupRun run, NodeRef node, Lease claim, Looks looks) {
        this.run = run;
        this.node = node;
        this.claim = claim;
        this.looks = looks;
    }

    Looks looks() {
        return looks;
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
