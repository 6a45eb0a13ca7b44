package com.cleanupservice.simulator;

/**
 * A simulated resource: the record a {@link SimKind} keeps. Implementations are immutable: a change is a new value
 * staged in a {@link Store.Tx}, so a failed database write never leaves the in-memory state half changed.
 */
interface Resource {
    String id();

    /** Creation order, unique across all kinds; lists are sorted by it and VPC page tokens point into it. */
    long seq();

    /** The name IBM shows and lists sort by. */
    String name();
}
