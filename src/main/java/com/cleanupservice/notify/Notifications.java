package com.cleanupservice.notify;

import com.cleanupservice.api.schema.Notification;
import com.cleanupservice.api.schema.Notification.NotificationCounts;
import com.cleanupservice.config.Settings;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.support.Incident;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The outbox writer: an event is written in the caller's transaction, the transaction of what caused it (a dead
 * letter, a run's end, ...), so it exists exactly when its cause was committed, and delivered later by
 * {@link NotifyRoutes} on threads of its own: a cleanup never waits for a receiver. One statement writes the event and
 * its delivery to every webhook that wants its type; without a webhook that wants it nothing is written, and without
 * any webhook configured nothing at all (notifications off: no event is kept for webhooks configured later).
 * <p>
 * Low in the layering on purpose (it uses persistence, config and the wire records only): the pipeline's ledger, the
 * run records and ownership call it from inside their transactions.
 */
public final class Notifications {
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    /** The event and its deliveries, one statement; an event recorded once ({@code dedupe_key}) is not written twice. */
    static final String RECORD = """
            WITH event AS (
                INSERT INTO notification_events (event_id, type, occurred_at, body, dedupe_key)
                VALUES (?, ?, ?, CAST(? AS JSON), ?)
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING event_id)
            INSERT INTO notification_deliveries (event_id, webhook)
            SELECT event.event_id, hook FROM event, unnest(CAST(? AS TEXT[])) AS hook
            """;

    private final List<Webhook> webhooks;
    private final String consoleUrl;
    private final ObjectMapper json;

    public Notifications(List<Webhook> webhooks, String consoleUrl, ObjectMapper json) {
        this.webhooks = List.copyOf(webhooks);
        this.consoleUrl = consoleUrl;
        this.json = json;
    }

    /** Nothing configured: every record is a no-op (tools and tests that build parts of the service alone). */
    public static Notifications off() {
        return new Notifications(List.of(), "http://localhost/", new ObjectMapper());
    }

    /**
     * From the settings: the webhooks (an unknown event name or a bad URL stops the start), the console's address, and
     * the secret, which must be set when any webhook is (a receiver must be able to tell our requests from anyone's).
     */
    public static Notifications configured(Settings settings, ObjectMapper json) {
        List<Webhook> hooks = Webhook.parse(settings.optional("cleanup.notify.webhook-url").orElse(null));
        if (!hooks.isEmpty() && secret(settings) == null) {
            throw new IllegalStateException("cleanup.notify.webhook-url is set but cleanup.notify.webhook-secret is not: set "
                    + "CLEANUP_NOTIFY_WEBHOOK_SECRET (every webhook request is signed with it), or clear the webhook URLs");
        }
        String console = settings.string("cleanup.notify.console-url");
        if (!hooks.isEmpty()) {
            LOG.info("Notifications on: {} webhook(s) {}", hooks.size(), hooks.stream().map(h -> Webhook.shown(h.url()) + " "
                    + (h.events().size() == EventType.values().length ? "(every event)"
                    : h.events().stream().map(EventType::wire).sorted().toList())).toList());
        }
        return new Notifications(hooks, console, json);
    }

    /** The signing secret: from the environment ({@code CLEANUP_NOTIFY_WEBHOOK_SECRET}) through the settings, never logged. */
    static byte[] secret(Settings settings) {
        return settings.optional("cleanup.notify.webhook-secret").map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    public boolean enabled() {
        return !webhooks.isEmpty();
    }

    /** Whether recording an event of this type writes anything: callers skip building it, and any statement, when not. */
    public boolean wants(EventType type) {
        for (Webhook hook : webhooks) {
            if (hook.wants(type)) {
                return true;
            }
        }
        return false;
    }

    List<Webhook> webhooks() {
        return webhooks;
    }

    /** In the caller's transaction. */
    public void record(Jdbc.Tx tx, Notice notice) throws SQLException {
        Object[] params = params(notice);
        if (params != null) {
            tx.update(RECORD, params);
        }
    }

    /** In the caller's transaction, on its connection (for callers holding a plain JDBC connection). */
    public void record(Connection connection, Notice notice) throws SQLException {
        Object[] params = params(notice);
        if (params == null) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(RECORD)) {
            ps.setObject(1, params[0]);
            ps.setString(2, (String) params[1]);
            ps.setTimestamp(3, Timestamp.from((Instant) params[2]));
            ps.setString(4, (String) params[3]);
            ps.setString(5, (String) params[4]);
            ps.setArray(6, connection.createArrayOf("text", (String[]) params[5]));
            ps.executeUpdate();
        }
    }

    /**
     * On its own (the cause wrote nothing that commits: a refusal, a sweep's end). Never the caller's failure: an event
     * that could not be written (the database does not answer) is logged, and the caller answers as it would have.
     */
    public boolean record(Jdbc jdbc, Notice notice) {
        Object[] params = params(notice);
        if (params == null) {
            return false;
        }
        try {
            jdbc.update(RECORD, params);
            return true;
        } catch (RuntimeException e) {
            Incident.report(LOG, "A " + notice.type().wire() + " notification was not recorded: " + notice.message(), e);
            return false;
        }
    }

    /**
     * A refusal of the blast-radius guard ({@code guard_refused}), in the transaction that records it: what was
     * refused (a run's target, or a sweep), how many resources it would have deleted and the limit.
     */
    public void guardRefused(Connection connection, UUID runId, String node, String deploymentId, int planned, int limit,
                             String message) throws SQLException {
        record(connection, Notice.of(EventType.GUARD_REFUSED, message).run(runId).node(node).deployment(deploymentId)
                .counts(NotificationCounts.none().guard(planned, limit)));
    }

    /** As {@link #guardRefused(Connection, UUID, String, String, int, int, String)}, in {@code tx}. */
    public void guardRefused(Jdbc.Tx tx, UUID runId, String node, String deploymentId, int planned, int limit, String message)
            throws SQLException {
        record(tx, Notice.of(EventType.GUARD_REFUSED, message).run(runId).node(node).deployment(deploymentId)
                .counts(NotificationCounts.none().guard(planned, limit)));
    }

    /** The statement's parameters, or null when no webhook wants the event. */
    private Object[] params(Notice notice) {
        String[] hooks = webhooks.stream().filter(h -> h.wants(notice.type())).map(Webhook::url).toArray(String[]::new);
        if (hooks.length == 0) {
            return null;
        }
        UUID id = UUID.randomUUID();
        Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        Notification body = body(id, time, notice);
        try {
            return new Object[] {id, notice.type().wire(), time, json.writeValueAsString(body), notice.dedupeKey(), hooks};
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification not serializable: " + e.getOriginalMessage(), e);
        }
    }

    Notification body(UUID id, Instant time, Notice n) {
        String link = consoleUrl + (n.runId() != null ? "#/runs/" + n.runId()
                : n.node() != null ? "#/nodes/" + encode(n.node())
                : n.deploymentId() != null ? "#/deployments/" + encode(n.deploymentId()) : "#/");
        NotificationCounts counts = n.counts() == null || n.counts().equals(NotificationCounts.none()) ? null : n.counts();
        return new Notification(id.toString(), n.type().wire(), time.toString(), n.runId() == null ? null : n.runId().toString(),
                n.node(), n.deploymentId(), counts, n.message(), link, text(n, link));
    }

    /** One line in Slack's mrkdwn: what happened, where, and the link (&lt;, &gt; and &amp; escaped as Slack asks). */
    private static String text(Notice n, String link) {
        String where = n.node() != null ? " node " + n.node() : n.deploymentId() != null ? " deployment " + n.deploymentId() : "";
        return ":warning: *" + n.type().wire() + "*" + slack(where) + ": " + slack(n.message()) + " <" + link + "|open in console>";
    }

    private static String slack(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('\n', ' ');
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
