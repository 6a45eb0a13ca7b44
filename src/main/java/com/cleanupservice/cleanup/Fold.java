package com.cleanupservice.cleanup;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A split's aggregation as a fold: the split's input body gives the starting value, each part's body (when it is of
 * the part's type: a deletion that was not recorded gives nothing) is folded into it, and the split answers the
 * folded value. The values are immutable; Camel calls a split's strategy one part at a time, parallel or not. A
 * part's exception is kept on the result, so the split still fails as it would without the fold.
 */
final class Fold<A, T> implements AggregationStrategy {
    private final Class<A> type;
    private final Function<Object, A> start;
    private final Class<T> partType;
    private final BiFunction<A, T, A> fold;

    private Fold(Class<A> type, Function<Object, A> start, Class<T> partType, BiFunction<A, T, A> fold) {
        this.type = type;
        this.start = start;
        this.partType = partType;
        this.fold = fold;
    }

    /** A step's tasks' results folded into the lane's progress (the split's input). */
    static Fold<LaneProgress, OperationResult> step() {
        return new Fold<>(LaneProgress.class, body -> (LaneProgress) body, OperationResult.class, LaneProgress::plus);
    }

    /** The lanes' results folded into the plan's. */
    static Fold<Deletions, LaneProgress> lanes() {
        return new Fold<>(Deletions.class, body -> Deletions.NONE, LaneProgress.class, (all, lane) -> all.plus(lane.done()));
    }

    /** Each node's finished job folded into the deployment's (the split's input). */
    static Fold<DeploymentJob, NodeJob> nodes() {
        return new Fold<>(DeploymentJob.class, body -> (DeploymentJob) body, NodeJob.class, DeploymentJob::withNode);
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        return aggregate(oldExchange, newExchange, null);
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange, Exchange inputExchange) {
        A sofar = oldExchange != null ? oldExchange.getIn().getBody(type)
                : start.apply(inputExchange == null ? null : inputExchange.getIn().getBody());
        Object part = newExchange.getIn().getBody();
        A folded = partType.isInstance(part) ? fold.apply(sofar, partType.cast(part)) : sofar;
        // never a part's own exchange: one a dead letter channel handled is marked so, and the mark would end the
        // route that split (it answers the folded value as it is); a copy of the split's input carries nothing of it
        Exchange result = oldExchange != null ? oldExchange : inputExchange != null ? inputExchange.copy() : newExchange;
        if (result != newExchange && newExchange.getException() != null && result.getException() == null) {
            result.setException(newExchange.getException());
        }
        result.getIn().setBody(folded);
        return result;
    }
}
