package com.cleanupservice.cleanup;

import java.util.List;

/** A deployment's cleanup: its claimed nodes (cleaned in parallel), then its own node-less resources. */
public final class DeploymentJob {
    private final CleanupRun run;
    private final String deploymentId;
    private final List<NodeJob> nodeJobs;
    private final long startedNanos = System.nanoTime();
    private volatile NodePlan ownPlan;

    DeploymentJob(CleanupRun run, String deploymentId, List<NodeJob> nodeJobs) {
        this.run = run;
        this.deploymentId = deploymentId;
        this.nodeJobs = nodeJobs;
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
