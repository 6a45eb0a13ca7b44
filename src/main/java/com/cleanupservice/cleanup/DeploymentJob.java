package com.cleanupservice.cleanup;

import com.cleanupservice.lease.Lease;

import java.util.List;

/**
 * A deployment's cleanup: its claimed nodes (cleaned in parallel), then its own node-less resources, called for under
 * the run's lease as it was when the run opened (so a run handed back or taken over meanwhile calls for nothing more).
 */
public final class DeploymentJob {
    private final CleanupRun run;
    private final String deploymentId;
    private final List<NodeJob> nodeJobs;
    private final Lease runLease;
    private final long startedNanos = System.nanoTime();
    private volatile NodePlan ownPlan;

    DeploymentJob(CleanupRun run, String deploymentId, List<NodeJob> nodeJobs, Lease runLease) {
        this.run = run;
        this.deploymentId = deploymentId;
        this.nodeJobs = nodeJobs;
        this.runLease = runLease;
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

    public List<NodeJob> nodeJobs() {
        return nodeJobs;
    }

    public NodePlan ownPlan() {
        return ownPlan;
    }

    void ownPlan(NodePlan plan) {
        this.ownPlan = plan;
    }

    long elapsedMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
