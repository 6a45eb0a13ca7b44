package com.cleanupservice.schedule;

import com.cleanupservice.api.schema.OrphanSweepResult.SweptNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One sweep while it runs: what it was asked, where it stands in the orphans (oldest first, a chunk at a time), and
 * what became of them — counts for every node, the entries of the first {@link #KEPT} nodes (in selection order,
 * whichever finished first) and of up to {@link #KEPT} failed ones. However many nodes a sweep takes, it holds no more
 * than that: each node's whole answer stays in the node's own run.
 */
final class Sweep {
    /** The most entries a sweep keeps in {@code results}, and in {@code failures}. */
    static final int KEPT = 100;

    private final int maxAgeHours;
    private final int maxNodes;
    private final String trigger;
    private final UUID parentRunId;
    private final long startNanos = System.nanoTime();
    private final OrphanNode[] firstNodes = new OrphanNode[KEPT];
    private final AtomicReferenceArray<SweptNode> first = new AtomicReferenceArray<>(KEPT);
    private final TreeMap<Integer, SweptNode> failures = new TreeMap<>();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger adoptedResources = new AtomicInteger();
    private final AtomicInteger adoptionErrors = new AtomicInteger();
    private int taken;
    private int chunks;
    /** The last node taken: the next chunk starts after it (keyset), so a node left as it was is not taken twice. */
    private Instant afterUpdatedAt;
    private long afterId;

    Sweep(int maxAgeHours, int maxNodes, String trigger, UUID parentRunId) {
        this.maxAgeHours = maxAgeHours;
        this.maxNodes = maxNodes;
        this.trigger = trigger;
        this.parentRunId = parentRunId;
    }

    int maxAgeHours() {
        return maxAgeHours;
    }

    /** The cap on nodes per sweep, 0 for none. */
    int maxNodes() {
        return maxNodes;
    }

    String trigger() {
        return trigger;
    }

    UUID parentRunId() {
        return parentRunId;
    }

    long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** How many more nodes the next chunk may take: the chunk size, less whatever the cap leaves. */
    int room(int chunkSize) {
        return maxNodes == 0 ? chunkSize : Math.max(0, Math.min(chunkSize, maxNodes - taken));
    }

    Instant afterUpdatedAt() {
        return afterUpdatedAt;
    }

    long afterId() {
        return afterId;
    }

    /** A chunk was selected (called by one thread between chunks): the nodes get their index in the sweep. */
    List<OrphanNode> took(List<OrphanNode> selected) {
        List<OrphanNode> chunk = new ArrayList<>(selected.size());
        for (OrphanNode n : selected) {
            OrphanNode node = new OrphanNode(taken++, n.id(), n.name(), n.status(), n.updatedAt());
            if (node.index() < KEPT) {
                firstNodes[node.index()] = node;
            }
            chunk.add(node);
            afterUpdatedAt = n.updatedAt();
            afterId = n.id();
        }
        chunks += chunk.isEmpty() ? 0 : 1;
        return chunk;
    }

    int taken() {
        return taken;
    }

    int chunks() {
        return chunks;
    }

    boolean limitReached() {
        return maxNodes > 0 && taken >= maxNodes;
    }

    void record(OrphanNode node, SweptNode entry, boolean success) {
        (success ? succeeded : failed).incrementAndGet();
        if (node.index() < KEPT) {
            first.set(node.index(), entry);
        }
        if (!success) {
            synchronized (failures) {
                if (failures.size() < KEPT) {
                    failures.put(node.index(), entry);
                }
            }
        }
    }

    /** Resources adopted (adopt-on-sweep) before a node's cleanup, over the whole sweep. */
    void adopted(int resources) {
        adoptedResources.addAndGet(resources);
    }

    void adoptionFailed() {
        adoptionErrors.incrementAndGet();
    }

    int adoptedResources() {
        return adoptedResources.get();
    }

    int adoptionErrors() {
        return adoptionErrors.get();
    }

    int succeeded() {
        return succeeded.get();
    }

    /** Failed nodes, and nodes whose lane ended without recording anything (it should not happen). */
    int failed() {
        return taken - succeeded.get();
    }

    /** The first nodes' entries, in selection order; one that recorded nothing shows as failed. */
    List<SweptNode> results() {
        List<SweptNode> all = new ArrayList<>();
        for (int i = 0; i < Math.min(taken, KEPT); i++) {
            SweptNode entry = first.get(i);
            all.add(entry != null ? entry : missing(firstNodes[i]));
        }
        return all;
    }

    List<SweptNode> failures() {
        synchronized (failures) {
            return List.copyOf(failures.values());
        }
    }

    int failuresOmitted() {
        synchronized (failures) {
            return Math.max(0, failed() - failures.size());
        }
    }

    private static SweptNode missing(OrphanNode node) {
        return new SweptNode(node.name(), node.id(), null, null, false, null, 500,
                "no result was recorded for this node; see the service log", null);
    }
}
