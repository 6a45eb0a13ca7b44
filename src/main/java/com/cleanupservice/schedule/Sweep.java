package com.cleanupservice.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One sweep while it runs: what it was asked, the nodes it took, and each node's result entry, kept in selection
 * order (oldest first) whichever lane finished first.
 */
final class Sweep {
    private final int maxAgeHours;
    private final int maxNodes;
    private final String trigger;
    private final UUID parentRunId;
    private final List<OrphanNode> nodes;
    private final AtomicReferenceArray<Map<String, Object>> results;
    private final long startNanos = System.nanoTime();

    Sweep(int maxAgeHours, int maxNodes, String trigger, UUID parentRunId, List<OrphanNode> nodes) {
        this.maxAgeHours = maxAgeHours;
        this.maxNodes = maxNodes;
        this.trigger = trigger;
        this.parentRunId = parentRunId;
        this.nodes = List.copyOf(nodes);
        this.results = new AtomicReferenceArray<>(nodes.size());
    }

    int maxAgeHours() {
        return maxAgeHours;
    }

    int maxNodes() {
        return maxNodes;
    }

    String trigger() {
        return trigger;
    }

    UUID parentRunId() {
        return parentRunId;
    }

    List<OrphanNode> nodes() {
        return nodes;
    }

    long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    void record(OrphanNode node, Map<String, Object> entry) {
        results.set(node.index(), entry);
    }

    /** Every node's entry; a node whose lane ended without recording one (it should not happen) shows as failed. */
    List<Map<String, Object>> results() {
        List<Map<String, Object>> all = new ArrayList<>(nodes.size());
        for (OrphanNode node : nodes) {
            Map<String, Object> entry = results.get(node.index());
            if (entry == null) {
                entry = new LinkedHashMap<>();
                entry.put("node_name", node.name());
                entry.put("node_id", node.id());
                entry.put("success", false);
                entry.put("status", 500);
                entry.put("error", "no result was recorded for this node; see the service log");
            }
            all.add(entry);
        }
        return all;
    }
}
