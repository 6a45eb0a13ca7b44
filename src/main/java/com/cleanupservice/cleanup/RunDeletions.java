package com.cleanupservice.cleanup;

import com.cleanupservice.resources.TrackedResource;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one run is deleting, by IBM id, and how each deletion ended: shared by the run's plans (a deployment's nodes
 * and its own resources), so that a delete IBM refuses (409) because of another resource can tell whether that
 * blocker is one this run is still deleting (wait for it), one it could not delete, or one it does not track.
 * A deployment's node plans are made side by side: while some are still to be made, an id not seen yet may still be
 * the run's.
 */
public final class RunDeletions {
    /** What a blocker is to the run. */
    public enum Blocker {
        /** This run is deleting it and has not finished (or a plan that may hold it is still to be made). */
        UNDER_WAY,
        /** This run deleted it (or found it gone). */
        DONE,
        /** This run tracks it but did not delete it (FAILED, BLOCKED). */
        NOT_DONE,
        /** Not part of this run: unknown to the service, or tracked by someone else. */
        UNTRACKED
    }

    /** Each planned resource's lane and place in its plan's order (a blocker later in the waiter's own lane never comes first). */
    private final Map<String, Place> planned = new ConcurrentHashMap<>();
    private final Map<String, Outcome> finished = new ConcurrentHashMap<>();
    private final AtomicInteger nodePlansToCome;

    /** @param nodePlansToCome how many node plans the run will make (a node run: 1; a deployment: its nodes) */
    RunDeletions(int nodePlansToCome) {
        this.nodePlansToCome = new AtomicInteger(Math.max(0, nodePlansToCome));
    }

    /** A plan of the run is made: its resources are the run's; a node's plan is one fewer to come. */
    void planned(NodePlan plan) {
        for (LaneRun lane : plan.lanes()) {
            for (LaneRun.StepRun step : lane.steps()) {
                for (int i = 0; i < step.resources().size(); i++) {
                    String id = step.resources().get(i).ibmId();
                    if (id != null && !id.isBlank()) {
                        planned.putIfAbsent(id, new Place(lane, step.firstSequence() + i));
                    }
                }
            }
        }
        if (plan.node() != null) {
            nodePlansToCome.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    /** A node's cleanup broke off before its plan was made: no plan is to come from it. */
    void notPlanned() {
        nodePlansToCome.updateAndGet(n -> Math.max(0, n - 1));
    }

    /** A deletion of the run ended. */
    void finished(String ibmId, Outcome outcome) {
        if (ibmId != null) {
            finished.merge(ibmId, outcome, (a, b) -> a.success() ? b : a); // one not done is not done
        }
    }

    /** What the resource IBM named as a blocker is to this run. */
    public Blocker of(String ibmId) {
        Outcome outcome = finished.get(ibmId);
        if (outcome != null) {
            return outcome.success() ? Blocker.DONE : Blocker.NOT_DONE;
        }
        return planned.containsKey(ibmId) || nodePlansToCome.get() > 0 ? Blocker.UNDER_WAY : Blocker.UNTRACKED;
    }

    /**
     * The blocker is planned after {@code waiter} in the waiter's own lane: its step starts only once the waiter's has
     * ended, so waiting for it could only end at the wait's end (the types' order is wrong for these two).
     */
    boolean comesAfter(String blockerId, TrackedResource waiter, int waiterSequence) {
        Place place = planned.get(blockerId);
        return place != null && place.sequence() > waiterSequence
                && place.lane().steps().stream().anyMatch(step -> step.resources().contains(waiter));
    }

    private record Place(LaneRun lane, int sequence) {
    }
}
