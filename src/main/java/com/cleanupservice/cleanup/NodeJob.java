package com.cleanupservice.cleanup;

import com.cleanupservice.lease.Lease;

/**
 * One node's cleanup inside a run, as it passes through the node route. Immutable: the route's steps make a new one
 * with the node's plan, then with its outcome, and keep it as the exchange's {@link CleanupFlow#JOB}.
 */
public final class NodeJob {
    private final CleanupRun run;
    private final NodeRef node;
    private final Lease claim;
    private final long startedNanos;
    private final NodePlan plan;
    private final NodeOutcome outcome;

    /** What the run's looks have seen and may list: the deployment's, shared by its nodes, or the node run's own. */
    private final Looks looks;
    /** What the run is deleting: the deployment's, shared by its nodes and its own plan, or the node run's own. */
    private final RunDeletions deletions;

    NodeJob(CleanupRun run, NodeRef node, Lease claim, Looks looks, RunDeletions deletions) {
        this(run, node, claim, looks, deletions, System.nanoTime(), null, null);
    }

    private NodeJob(CleanupRun run, NodeRef node, Lease claim, Looks looks, RunDeletions deletions, long startedNanos, NodePlan plan,
                    NodeOutcome outcome) {
        this.deletions = deletions;
        this.run = run;
        this.node = node;
        this.claim = claim;
        this.looks = looks;
        this.startedNanos = startedNanos;
        this.plan = plan;
        this.outcome = outcome;
    }

    Looks looks() {
        return looks;
    }

    RunDeletions deletions() {
        return deletions;
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

    /** The node's plan, once made; null before. */
    public NodePlan plan() {
        return plan;
    }

    NodeJob withPlan(NodePlan made) {
        return new NodeJob(run, node, claim, looks, deletions, startedNanos, made, outcome);
    }

    /** How the node's cleanup ended; null for a dry run, and before it ended. */
    public NodeOutcome outcome() {
        return outcome;
    }

    NodeJob withOutcome(NodeOutcome ended) {
        return new NodeJob(run, node, claim, looks, deletions, startedNanos, plan, ended);
    }

    long elapsedMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
