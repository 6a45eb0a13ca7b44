package com.cleanupservice.simulator;

import java.util.Collection;
import java.util.List;

/** Where the simulator's resources outlive the process, if anywhere. */
interface StatePersistence {

    /**
     * One staged change: {@code resource} is the new value, or {@code null} when the resource was removed;
     * {@code place} is where it lives ({@code null}: built in, or removed).
     */
    record Change(SimKind<?> kind, String id, Resource resource, Place place) {
    }

    /** A stored resource and where it lives ({@code null}: built in). */
    record Stored(Resource resource, Place place) {
    }

    /** Every stored resource, in {@link Resource#seq()} order. */
    List<Stored> loadAll();

    /** Writes the changes atomically: all of them or, on failure (an exception), none. */
    void apply(Collection<Change> changes);

    /** Removes every stored resource. */
    void clear();

    /** Keeps nothing: the state lives in memory only. */
    StatePersistence NONE = new StatePersistence() {
        @Override
        public List<Stored> loadAll() {
            return List.of();
        }

        @Override
        public void apply(Collection<Change> changes) {
            // nothing is stored
        }

        @Override
        public void clear() {
            // nothing is stored
        }
    };
}
