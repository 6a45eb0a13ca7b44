package com.cleanupservice.cleanup;

import java.util.List;

/**
 * A running lane, as the body of {@code direct:run-lane}'s loop: the steps done so far and their results. Immutable:
 * each step's split folds its resources' results into a new one ({@link Fold}), and the next step's tasks know from
 * it whether an earlier step failed.
 */
public record LaneProgress(LaneRun lane, int stepsDone, Deletions done) {

    static LaneProgress start(LaneRun lane) {
        return new LaneProgress(lane, 0, Deletions.NONE);
    }

    public boolean hasNextStep() {
        return stepsDone < lane.steps().size();
    }

    /** The next step's tasks, one exchange each. */
    public List<DeleteTask> nextTasks() {
        return lane.steps().get(stepsDone).tasks(done.failed());
    }

    LaneProgress plus(OperationResult result) {
        return new LaneProgress(lane, stepsDone, done.plus(result));
    }

    LaneProgress stepDone() {
        return new LaneProgress(lane, stepsDone + 1, done);
    }
}
