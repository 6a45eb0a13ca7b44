package com.cleanupservice.cleanup;

import com.cleanupservice.resources.TrackedResource;

import java.util.ArrayList;
import java.util.List;

/**
 * A lane of a plan: steps run one after another ({@link LaneProgress} carries a running lane's results from one step
 * to the next). Once a step has a failure, later steps still run (unrelated resources may go), but a 409 "in use" is
 * then final instead of retried: the parent it waits for is not going away. (A 409 that names its blocker is settled
 * by the blocker instead, whatever the lane did: see {@link DeleteTask}.)
 */
public final class LaneRun {
    private final NodePlan plan;
    private final List<StepRun> steps;

    LaneRun(NodePlan plan, List<List<TrackedResource>> steps, int[] sequence) {
        this.plan = plan;
        List<StepRun> made = new ArrayList<>();
        for (List<TrackedResource> step : steps) {
            made.add(new StepRun(this, step, sequence[0]));
            sequence[0] += step.size();
        }
        this.steps = List.copyOf(made);
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

    /** One step: resources deleted in parallel. */
    public record StepRun(LaneRun lane, List<TrackedResource> resources, int firstSequence) {
        /** Fresh tasks, made when the step starts: {@code dependencyFailed} when an earlier step of the lane had a failure. */
        List<DeleteTask> tasks(boolean dependencyFailed) {
            NodePlan plan = lane.plan();
            List<DeleteTask> tasks = new ArrayList<>(resources.size());
            for (int i = 0; i < resources.size(); i++) {
                tasks.add(new DeleteTask(plan, resources.get(i), firstSequence + i, dependencyFailed, plan.heldBy(resources.get(i))));
            }
            return tasks;
        }
    }
}
