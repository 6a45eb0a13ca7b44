package com.cleanupservice.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts per operation and per (operation, resource id). Every request that reaches a known operation
 * counts, whatever it is answered: success, IBM error, injected fault or rate limit. The requests the rate limit
 * refused (429) are also counted on their own, per operation. Per resource, an operation counts at most
 * {@link #IDS_PER_OPERATION} distinct ids (the ones it saw first): a long-running sandbox serving a sweep of a hundred
 * thousand nodes keeps its memory; the per-operation counts stay exact.
 */
public final class SimulatorStats {
    static final int IDS_PER_OPERATION = 10_000;

    private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> byResource = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rateLimited = new ConcurrentHashMap<>();

    void record(String operation, String resourceId) {
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
    }

    /**
     * {@code {total, operations: {op: n}, resources: {op: {id: n}}, rate_limited: {total, operations: {op: n}}}},
     * sorted by name; {@code rate_limited} counts the requests (already in {@code total}) the rate limit refused.
     */
    public Map<String, Object> snapshot() {
        Map<String, Object> operations = new TreeMap<>();
        byOperation.forEach((op, n) -> operations.put(op, n.sum()));
        Map<String, Object> resources = new TreeMap<>();
        byResource.forEach((op, perId) -> {
            Map<String, Object> counts = new TreeMap<>();
            perId.forEach((id, n) -> counts.put(id, n.sum()));
            resources.put(op, counts);
        });
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("total", operations.values().stream().mapToLong(n -> (Long) n).sum());
        snapshot.put("operations", operations);
        snapshot.put("resources", resources);
        Map<String, Object> limitedOperations = new TreeMap<>();
        rateLimited.forEach((op, n) -> limitedOperations.put(op, n.sum()));
        Map<String, Object> limited = new LinkedHashMap<>();
        limited.put("total", limitedOperations.values().stream().mapToLong(n -> (Long) n).sum());
        limited.put("operations", limitedOperations);
        snapshot.put("rate_limited", limited);
        return snapshot;
    }
}
