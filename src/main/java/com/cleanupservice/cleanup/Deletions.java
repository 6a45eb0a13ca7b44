package com.cleanupservice.cleanup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The recorded results of a set of deletions — a step's, a lane's, a plan's — in plan order. Immutable: the delete
 * splits' aggregation strategies ({@link Fold}) fold each resource's {@link OperationResult} into a new one, so no
 * collection of results is shared between the threads that delete.
 */
public record Deletions(List<OperationResult> results) {
    public static final Deletions NONE = new Deletions(List.of());

    public Deletions {
        results = List.copyOf(results);
    }

    /** What a route's body holds after the deletions ran: their results, or none when nothing was to run. */
    static Deletions of(Object body) {
        return body instanceof Deletions d ? d : NONE;
    }

    Deletions plus(OperationResult result) {
        return plus(List.of(result));
    }

    Deletions plus(Deletions more) {
        return more.results.isEmpty() ? this : plus(more.results);
    }

    private Deletions plus(List<OperationResult> more) {
        List<OperationResult> all = new ArrayList<>(results.size() + more.size());
        all.addAll(results);
        all.addAll(more);
        all.sort(Comparator.comparingInt(OperationResult::sequence));
        return new Deletions(all);
    }

    /** Some deletion did not succeed (a later step's 409 is then final: its parent is not going away). */
    public boolean failed() {
        return results.stream().anyMatch(r -> !r.success());
    }

    public int size() {
        return results.size();
    }
}
