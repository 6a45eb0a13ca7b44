package com.cleanupservice.guard;

import com.cleanupservice.notify.Notifications;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.support.Refusal;

import java.sql.SQLException;
import java.util.UUID;

/**
 * Where a guard refusal nobody was there to read is handed on: a scheduled sweep refused for its size records the
 * refusal in its run and calls {@link #refused} in that same transaction, which writes the {@code guard_refused}
 * notification there (when a webhook wants it). A refusal answered to a person (the API, a batch, an inbox file) is
 * that answer, and its run's end a {@code run_ended} event.
 */
public class GuardRefusals {
    private final Notifications notifications;

    public GuardRefusals(Notifications notifications) {
        this.notifications = notifications;
    }

    /**
     * A run refused for its size, recorded as {@code runId} in {@code tx}'s transaction: the refusal's message and its
     * details (its {@code planned_count} and the limit's figure: resources, or percent), as the run record has them.
     */
    public void refused(Jdbc.Tx tx, UUID runId, Refusal refusal) throws SQLException {
        Object limit = refusal.details().containsKey("max_resources") ? refusal.details().get("max_resources")
                : refusal.details().get("max_percent");
        notifications.guardRefused(tx, runId, null, null, number(refusal.details().get("planned_count")), number(limit),
                refusal.getMessage());
    }

    private static int number(Object value) {
        return value instanceof Number n ? (int) Math.min(Integer.MAX_VALUE, n.longValue()) : 0;
    }
}
