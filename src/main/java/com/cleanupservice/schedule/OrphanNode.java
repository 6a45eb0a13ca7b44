package com.cleanupservice.schedule;

import java.time.Instant;

/** A node the sweep selected: failed (or error, timeout, cleanup_failed) and not updated for the sweep's age. */
record OrphanNode(int index, long id, String name, String status, Instant updatedAt) {
}
