package com.cleanupservice.simulator;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The resources, in memory and (write-through) in a {@link StatePersistence}. All access goes through
 * {@link #transaction}: the work runs under one lock against a {@link Tx} that stages its changes; they are
 * written to the persistence first and only applied in memory once that succeeded, so the two never diverge.
 */
final class Store {
    private final StatePersistence persistence;
    // Per kind, by id, in creation (seq) order: new ids get higher seqs and updates keep their map position.
    private final Map<SimKind<?>, LinkedHashMap<String, Resource>> resources = new IdentityHashMap<>();
    private long nextSeq;

    Store(Kinds kinds, StatePersistence persistence) {
        this.persistence = persistence;
        for (SimKind<?> kind : kinds.all()) {
            resources.put(kind, new LinkedHashMap<>());
        }
        long maxSeq = 0;
        for (Resource resource : persistence.loadAll()) {
            resources.get(kinds.of(resource)).put(resource.id(), resource);
            maxSeq = Math.max(maxSeq, resource.seq());
        }
        nextSeq = maxSeq + 1;
    }

    synchronized <T> T transaction(Function<Tx, T> work) {
        Tx tx = new Tx();
        T result = work.apply(tx);
        if (!tx.changes.isEmpty()) {
            persistence.apply(tx.changes.values());
            for (StatePersistence.Change change : tx.changes.values()) {
                if (change.resource() == null) {
                    resources.get(change.kind()).remove(change.id());
                } else {
                    resources.get(change.kind()).put(change.id(), change.resource());
                }
            }
        }
        return result;
    }

    synchronized void clear() {
        persistence.clear();
        resources.values().forEach(Map::clear);
    }

    /** A view of the store with staged changes; only valid inside {@link #transaction}. */
    final class Tx {
        private record Key(SimKind<?> kind, String id) {
        }

        private final Map<Key, StatePersistence.Change> changes = new LinkedHashMap<>();

        long nextSeq() {
            return nextSeq++;
        }

        /** The resource of that kind and id, or {@code null}. */
        Resource get(SimKind<?> kind, String id) {
            StatePersistence.Change staged = changes.get(new Key(kind, id));
            return staged != null ? staged.resource() : resources.get(kind).get(id);
        }

        /** All resources of a kind, in creation order. */
        List<Resource> all(SimKind<?> kind) {
            List<Resource> result = new ArrayList<>();
            for (Resource committed : resources.get(kind).values()) {
                Resource current = get(kind, committed.id());
                if (current != null) {
                    result.add(current);
                }
            }
            for (StatePersistence.Change change : changes.values()) {
                if (change.kind() == kind && change.resource() != null
                        && !resources.get(kind).containsKey(change.id())) {
                    result.add(change.resource());
                }
            }
            return result;
        }

        void put(SimKind<?> kind, Resource resource) {
            changes.put(new Key(kind, resource.id()), new StatePersistence.Change(kind, resource.id(), resource));
        }

        void remove(SimKind<?> kind, Resource resource) {
            changes.put(new Key(kind, resource.id()), new StatePersistence.Change(kind, resource.id(), null));
        }
    }
}
