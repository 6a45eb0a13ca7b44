package com.cleanupservice.cleanup;

import com.cleanupservice.resources.TrackedResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A lane of a plan: steps run one after another. Once a step has a failure, later steps still run (unrelated
 * resources may go), but a 409 "in use" is then final instead of retried: the parent it waits for is not going away.
 */
public final class LaneRun {
    private final NodePlan plan;
    private final List<StepRun> steps = new ArrayList<>();
    private final Queue<OperationResult> results = new ConcurrentLinkedQueue<>();
    private volatile boolean failed;

    LaneRun(NodePlan plan, List<List<TrackedResource>> steps, int[] sequence) {
        this.plan = plan;
        for (List<TrackedResource> step : steps) {
            this.steps.add(new StepRun(this, step, sequence[0]));
            sequence[0] += step.size();
        }
    }

    public NodePlan plan() {
        return plan;
    }

    public List<StepRun> steps() {
        return steps;
    }

    public int size() {
        return steps.stream().mapToInt(s -> s.resources().size()).sum();
    }

    public boolean failed() {
        return failed;
    }

    void add(OperationResult result) {
        results.add(result);
        if (!result.success()) {
            failed = true;
        }
    }

    List<OperationResult> results() {
        return List.copyOf(results);
    }

    /** One step: resources deleted in parallel. */
    public record StepRun(LaneRun lane, List<TrackedResource> resources, int firstSequence) {
        /** Fresh tasks; made when the step starts so they know whether an earlier step failed. */
        public List<DeleteTask> tasks() {
            List<DeleteTask> tasks = new ArrayList<>(resources.size());
            for (int i = 0; i < resources.size(); i++) {
                tasks.add(new DeleteTask(lane, resources.get(i), firstSequence + i, lane.failed(), lane.plan().heldBy(resources.get(i))));
            }
            return tasks;
        }
    }
}
