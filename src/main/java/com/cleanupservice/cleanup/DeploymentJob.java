package com.cleanupservice.cleanup;

import com.cleanupservice.lease.Lease;

import java.util.List;

/**
 * A deployment's cleanup: its claimed nodes (cleaned in parallel), then its own node-less resources, called for under
 * the run's lease as it was when the run opened (so a run handed back or taken over meanwhile calls for nothing more).
 * Immutable: the nodes' split folds each node's finished job into a new one ({@link Fold#nodes}), and its own plan
 * makes another.
 */
public final class DeploymentJob {
    private final CleanupRun run;
    private final String deploymentId;
    private final List<NodeJob> nodeJobs;
    private final Lease runLease;
    private final long startedNanos;
    private final NodePlan ownPlan;
    /** What the run is deleting: shared by the nodes' plans and the deployment's own. */
    private final RunDeletions deletions;

    DeploymentJob(CleanupRun run, String deploymentId, List<NodeJob> nodeJobs, Lease runLease, RunDeletions deletions) {
        this(run, deploymentId, nodeJobs, runLease, deletions, System.nanoTime(), null);
    }

    private DeploymentJob(CleanupRun run, String deploymentId, List<NodeJob> nodeJobs, Lease runLease, RunDeletions deletions,
                          long startedNanos, NodePlan ownPlan) {
        this.deletions = deletions;
        this.run = run;
        this.deploymentId = deploymentId;
        this.nodeJobs = List.copyOf(nodeJobs);
        this.runLease = runLease;
        this.startedNanos = startedNanos;
        this.ownPlan = ownPlan;
    }

    /** The run's lease: what the deployment's own resources are called for under. */
    public Lease runLease() {
        return runLease;
    }

    public CleanupRun run() {
        return run;
    }

    public String deploymentId() {
        return deploymentId;
    }

    /** The nodes' jobs in the order they were claimed: each as it started, or as it ended once its node route ended. */
    public List<NodeJob> nodeJobs() {
        return nodeJobs;
    }

    /** The same deployment with one node's job as its node route ended it (the node's place is kept). */
    DeploymentJob withNode(NodeJob ended) {
        List<NodeJob> jobs = nodeJobs.stream().map(j -> j.node().id() == ended.node().id() ? ended : j).toList();
        return new DeploymentJob(run, deploymentId, jobs, runLease, deletions, startedNanos, ownPlan);
    }

    RunDeletions deletions() {
        return deletions;
    }

    public NodePlan ownPlan() {
        return ownPlan;
    }

    DeploymentJob withOwnPlan(NodePlan plan) {
        return new DeploymentJob(run, deploymentId, nodeJobs, runLease, deletions, startedNanos, plan);
    }

    long elapsedMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
