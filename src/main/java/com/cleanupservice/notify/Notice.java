package com.cleanupservice.notify;

import com.cleanupservice.api.schema.Notification.NotificationCounts;

import java.util.UUID;

/**
 * An event as its cause describes it, before it is given an id, a time, a link and its text line
 * ({@link Notifications#record}). {@code dedupeKey}, when set, makes it an event recorded once whoever notices it.
 */
public record Notice(EventType type, UUID runId, String node, String deploymentId, NotificationCounts counts, String message,
                     String dedupeKey) {

    public static Notice of(EventType type, String message) {
        return new Notice(type, null, null, null, null, message, null);
    }

    public Notice run(UUID id) {
        return new Notice(type, id, node, deploymentId, counts, message, dedupeKey);
    }

    public Notice node(String name) {
        return new Notice(type, runId, name, deploymentId, counts, message, dedupeKey);
    }

    public Notice deployment(String id) {
        return new Notice(type, runId, node, id, counts, message, dedupeKey);
    }

    public Notice counts(NotificationCounts value) {
        return new Notice(type, runId, node, deploymentId, value, message, dedupeKey);
    }

    public Notice once(String key) {
        return new Notice(type, runId, node, deploymentId, counts, message, key);
    }
}
