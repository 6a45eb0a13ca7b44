package com.cleanupservice.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts per operation and per (operation, resource id). Every request that reaches a known operation
 * counts, whatever it is answered: success, IBM error or injected fault.
 */
public final class SimulatorStats {
    private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> byResource = new ConcurrentHashMap<>();

    void record(String operation, String resourceId) {
        byOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
        if (resourceId != null) {
            byResource.computeIfAbsent(operation, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(resourceId, k -> new LongAdder()).increment();
        }
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

    public void reset() {
        byOperation.clear();
        byResource.clear();
    }

    /** {@code {total, operations: {op: n}, resources: {op: {id: n}}}}, sorted by name. */
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
        return snapshot;
    }
}
