package com.cleanupservice.simulator;

import java.util.Collection;
import java.util.List;

/** Where the simulator's resources outlive the process, if anywhere. */
interface StatePersistence {

    /** One staged change: {@code resource} is the new value, or {@code null} when the resource was removed. */
    record Change(SimKind<?> kind, String id, Resource resource) {
    }

    /** Every stored resource, in {@link Resource#seq()} order. */
    List<Resource> loadAll();

    /** Writes the changes atomically: all of them or, on failure (an exception), none. */
    void apply(Collection<Change> changes);

    /** Removes every stored resource. */
    void clear();

    /** Keeps nothing: the state lives in memory only. */
    StatePersistence NONE = new StatePersistence() {
        @Override
        public List<Resource> loadAll() {
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
