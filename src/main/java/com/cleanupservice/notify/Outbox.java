package com.cleanupservice.notify;

import com.cleanupservice.api.schema.NotificationList;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The delivery side of the outbox table: claims of due deliveries, their results, and what the API lists. Several
 * instances share the table: a claim ({@code FOR UPDATE SKIP LOCKED}) pushes each row's {@code next_attempt_at} past
 * the time its delivery may take, so no other instance takes it meanwhile; an instance that dies holding it leaves it
 * due again when that time has passed (at least once: a receiver dedupes by event id).
 */
final class Outbox {
    private static final String CLAIM = """
            UPDATE notification_deliveries d SET next_attempt_at = now() + make_interval(secs => ?)
              FROM (SELECT id FROM notification_deliveries
                     WHERE state <> 'delivered' AND next_attempt_at <= now() AND webhook = ANY(?)
                     ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED) due,
                   notification_events e
             WHERE d.id = due.id AND e.event_id = d.event_id
            RETURNING d.id, d.event_id, e.type, d.webhook, d.attempts, e.body::text AS body
            """;
    private static final String DELIVERED = """
            UPDATE notification_deliveries
               SET state = 'delivered', attempts = attempts + 1, last_status = ?, last_error = NULL, delivered_at = now()
             WHERE id = ? AND state <> 'delivered'
            """;
    /** A failed attempt: tried again after the backoff, for ever; {@code failing} once it used up the attempts. */
    private static final String FAILED = """
            UPDATE notification_deliveries
               SET attempts = attempts + 1, last_status = ?, last_error = ?, next_attempt_at = now() + make_interval(secs => ?),
                   state = CASE WHEN attempts + 1 >= ? THEN 'failing' ELSE 'pending' END
             WHERE id = ? AND state <> 'delivered'
            RETURNING state
            """;
    private static final String LIST = """
            SELECT d.id, d.event_id, e.type, d.webhook, d.state, d.attempts, d.last_status, d.last_error, e.occurred_at,
                   d.next_attempt_at, d.delivered_at
              FROM notification_deliveries d JOIN notification_events e ON e.event_id = d.event_id
             WHERE (CAST(? AS TEXT) IS NULL OR d.state = ?) AND d.id < ?
             ORDER BY d.id DESC LIMIT ?
            """;
    static final String FAILING = "SELECT COUNT(*) FROM notification_deliveries WHERE state = 'failing'";
    private static final List<String> STATES = List.of("pending", "failing", "delivered", "all");

    /** A delivery this instance claimed: send {@code body} to {@code webhook}. */
    record Claimed(long id, UUID eventId, EventType type, String webhook, int attempts, String body) {
    }

    /** How deliveries are retried: {@code maxAttempts} before {@code failing}, backoff from base doubling up to max. */
    record Bounds(int batch, int maxAttempts, Duration backoffBase, Duration backoffMax, Duration requestTimeout) {
        /** How long a claim keeps others off a delivery: every request of the batch timing out, and some. */
        Duration lease() {
            return requestTimeout.multipliedBy(batch + 1L).plusSeconds(30);
        }

        /** Exponential, with equal jitter (half fixed, half random), never past the max: the {@code attempts}th failure. */
        Duration backoff(int attempts) {
            long base = backoffBase.toMillis();
            long max = backoffMax.toMillis();
            long delay = attempts >= 40 ? max : Math.min(max, base << Math.max(0, attempts - 1));
            long half = delay / 2;
            return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
        }
    }

    private final Jdbc jdbc;
    private final Bounds bounds;

    Outbox(Jdbc jdbc, Bounds bounds) {
        this.jdbc = jdbc;
        this.bounds = bounds;
    }

    Bounds bounds() {
        return bounds;
    }

    /**
     * Due deliveries to {@code webhooks} (this instance's configured ones: a delivery to a webhook no longer configured
     * is never sent, it waits, listed, until the webhook is configured again), claimed for this instance.
     */
    List<Claimed> claim(String[] webhooks) {
        return jdbc.query(CLAIM, rs -> new Claimed(rs.getLong("id"), rs.getObject("event_id", UUID.class),
                EventType.of(rs.getString("type")).orElse(null), rs.getString("webhook"), rs.getInt("attempts"), rs.getString("body")),
                bounds.lease().toMillis() / 1000.0, webhooks, bounds.batch());
    }

    void delivered(Claimed c, int status) {
        jdbc.update(DELIVERED, status, c.id());
    }

    /** The state the delivery is in now: {@code pending} (retried), {@code failing} (still retried), or null (delivered meanwhile). */
    String failed(Claimed c, Integer status, String error) {
        Duration next = bounds.backoff(c.attempts() + 1);
        return jdbc.one(FAILED, rs -> rs.getString(1), status, error, next.toMillis() / 1000.0, bounds.maxAttempts(), c.id()).orElse(null);
    }

    long failing() {
        return jdbc.one(FAILING, rs -> rs.getLong(1)).orElse(0L);
    }

    /** {@code GET /api/notifications?state=&limit=&before=}. */
    NotificationList list(String stateText, String limitText, String beforeText) {
        String state = stateText == null ? "all" : stateText.trim();
        if (!STATES.contains(state)) {
            throw Refusal.badRequest("state must be one of " + STATES);
        }
        int limit = Input.pageSize(limitText, 50, 500);
        long before = Long.MAX_VALUE;
        if (beforeText != null) {
            try {
                before = Long.parseLong(beforeText.trim());
            } catch (NumberFormatException e) {
                before = -1;
            }
            if (before < 1) {
                throw Refusal.badRequest("before must be a delivery id (a whole number, 1 or more)");
            }
        }
        String filter = state.equals("all") ? null : state;
        List<NotificationList.NotificationDelivery> page = jdbc.query(LIST, Outbox::delivery, filter, filter, before, limit);
        Long next = page.size() >= limit ? page.get(page.size() - 1).id() : null;
        return new NotificationList(page, page.size(), state, failing(), next, Instant.now().toString());
    }

    private static NotificationList.NotificationDelivery delivery(ResultSet rs) throws SQLException {
        String state = rs.getString("state");
        return new NotificationList.NotificationDelivery(rs.getLong("id"), rs.getString("event_id"), rs.getString("type"),
                Webhook.shown(rs.getString("webhook")), state, rs.getInt("attempts"), (Integer) rs.getObject("last_status"),
                rs.getString("last_error"), time(rs.getTimestamp("occurred_at")),
                state.equals("delivered") ? null : time(rs.getTimestamp("next_attempt_at")), time(rs.getTimestamp("delivered_at")));
    }

    private static String time(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }
}
