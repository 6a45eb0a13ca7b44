package com.cleanupservice.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts per operation and per (operation, resource id). Every request that reaches a known operation
 * counts, whatever it is answered: success, IBM error, injected fault or rate limit. The requests the rate limit
 * refused (429) are also counted on their own, per operation, and so are the requests the simulator carried out
 * ({@link #accepted}: answered 2xx — a DELETE it accepted — or that would have been, had the client still been there
 * for the answer), per operation and per resource: two accepted DELETEs of one resource are a duplicate delete. Per
 * resource, an operation counts at most {@link #IDS_PER_OPERATION} distinct ids (the ones it saw first): a
 * long-running sandbox serving a sweep of a hundred thousand nodes keeps its memory; the per-operation counts stay
 * exact.
 */
public final class SimulatorStats {
    static final int IDS_PER_OPERATION = 10_000;

    private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> byResource = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> acceptedByOperation = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> acceptedByResource = new ConcurrentHashMap<>();

    void record(String operation, String resourceId) {
        count(byOperation, byResource, operation, resourceId);
    }

    /** The request was carried out: its answer is 2xx (sent, or due when the client had gone). */
    void recordAccepted(String operation, String resourceId) {
        count(acceptedByOperation, acceptedByResource, operation, resourceId);
    }

    private static void count(Map<String, LongAdder> byOperation, Map<String, Map<String, LongAdder>> byResource, String operation,
                              String resourceId) {
        byOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
        if (resourceId != null) {
            Map<String, LongAdder> perId = byResource.computeIfAbsent(operation, k -> new ConcurrentHashMap<>());
            LongAdder adder = perId.get(resourceId);
            if (adder == null && perId.size() >= IDS_PER_OPERATION) {
                return;
            }
            (adder != null ? adder : perId.computeIfAbsent(resourceId, k -> new LongAdder())).increment();
        }
    }

    void recordRateLimited(String operation) {
        rateLimited.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    public long count(String operation) {
        LongAdder adder = byOperation.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    public long count(String operation, String resourceId) {
        return sum(byResource, operation, resourceId);
    }

    /** How many requests of {@code operation} the simulator carried out (answered 2xx); they count in {@link #count} too. */
    public long accepted(String operation) {
        LongAdder adder = acceptedByOperation.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /** How many requests of {@code operation} on this resource were carried out: more than one DELETE is a duplicate. */
    public long accepted(String operation, String resourceId) {
        return sum(acceptedByResource, operation, resourceId);
    }

    private static long sum(Map<String, Map<String, LongAdder>> byResource, String operation, String resourceId) {
        Map<String, LongAdder> perId = byResource.get(operation);
        LongAdder adder = perId == null ? null : perId.get(resourceId);
        return adder == null ? 0 : adder.sum();
    }

    public long total() {
        return byOperation.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** How many requests of {@code operation} the rate limit answered with 429 (they count in {@link #count} too). */
    public long rateLimited(String operation) {
        LongAdder adder = rateLimited.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    public long rateLimitedTotal() {
        return rateLimited.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public void reset() {
        byOperation.clear();
        byResource.clear();
        rateLimited.clear();
        acceptedByOperation.clear();
        acceptedByResource.clear();
    }

    /**
     * {@code {total, operations: {op: n}, resources: {op: {id: n}}, rate_limited: {total, operations: {op: n}},
     * accepted: {total, operations: {op: n}, resources: {op: {id: n}}}}}, sorted by name; {@code rate_limited} counts
     * the requests (already in {@code total}) the rate limit refused, {@code accepted} those carried out (answered 2xx).
     */
    public Map<String, Object> snapshot() {
        Map<String, Object> snapshot = counts(byOperation, byResource);
        Map<String, Object> limitedOperations = new TreeMap<>();
        rateLimited.forEach((op, n) -> limitedOperations.put(op, n.sum()));
        Map<String, Object> limited = new LinkedHashMap<>();
        limited.put("total", limitedOperations.values().stream().mapToLong(n -> (Long) n).sum());
        limited.put("operations", limitedOperations);
        snapshot.put("rate_limited", limited);
        snapshot.put("accepted", counts(acceptedByOperation, acceptedByResource));
        return snapshot;
    }

    private static Map<String, Object> counts(Map<String, LongAdder> byOperation, Map<String, Map<String, LongAdder>> byResource) {
        Map<String, Object> operations = new TreeMap<>();
        byOperation.forEach((op, n) -> operations.put(op, n.sum()));
        Map<String, Object> resources = new TreeMap<>();
        byResource.forEach((op, perId) -> {
            Map<String, Object> counts = new TreeMap<>();
            perId.forEach((id, n) -> counts.put(id, n.sum()));
            resources.put(op, counts);
        });
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("total", operations.values().stream().mapToLong(n -> (Long) n).sum());
        counts.put("operations", operations);
        counts.put("resources", resources);
        return counts;
    }
}
