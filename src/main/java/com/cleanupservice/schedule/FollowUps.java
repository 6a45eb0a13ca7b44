package com.cleanupservice.schedule;

import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.guard.BlastRadius;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.support.LogContext;
import com.cleanupservice.support.Refusal;
import io.micrometer.core.instrument.Counter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Which nodes a follow-up takes now: {@code cleanup_pending} ones quiet for the settle time (resources recorded
 * after their cleanup ran; trigger {@value #TRIGGER}), and {@code cleanup_failed} ones whose failures pass and whose
 * automatic retry is due (trigger {@value #AUTO_RETRY}), oldest first. Taking them touches {@code updated_at} and
 * clears the due time, so another instance looking at the same moment leaves them to this one.
 */
public final class FollowUps {
    public static final String TRIGGER = "follow_up";
    public static final String AUTO_RETRY = "auto_retry";
    private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);
    private static final String PENDING = NodeStatus.CLEANUP_PENDING.value();
    private static final String FAILED = NodeStatus.CLEANUP_FAILED.value();
    private static final String TAKE = """
            UPDATE nodes SET updated_at = now(), next_auto_retry_at = NULL,
                   auto_retries = auto_retries + CASE WHEN deployment_status = ? THEN 1 ELSE 0 END
             WHERE id IN (SELECT id FROM nodes
                           WHERE (deployment_status = ? AND updated_at < now() - make_interval(secs => ?))
                              OR (deployment_status = ? AND next_auto_retry_at <= now())
                           ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id, node_name, deployment_status, auto_retries
            """;
    /** A failed node taken for its automatic retry that was not started: due again at once (for another instance). */
    private static final String PUT_BACK = """
            UPDATE nodes SET next_auto_retry_at = now()
             WHERE id = ? AND deployment_status = ? AND next_auto_retry_at IS NULL
            """;

    /**
     * A node the blast-radius guard refused to follow up: cleanup_failed with no automatic retry due, so no look takes it
     * again by itself (a pending node would be taken at every look). Left as it is if a run claimed it meanwhile.
     */
    private static final String HELD_BY_GUARD = """
            UPDATE nodes SET deployment_status = ?, next_auto_retry_at = NULL, updated_at = now()
             WHERE id = ? AND deployment_status IN (?, ?)
            """;

    private final Jdbc jdbc;
    private final Duration settle;
    private final int batch;

    /** {@code cleanup_sweep_ticks_total{kind="follow_up", outcome}}: a tick that took nodes, found none, or failed. */
    private final Counter cleaned;
    private final Counter idle;
    private final Counter failed;

    public FollowUps(Jdbc jdbc, Duration settle, int batch) {
        this(jdbc, settle, batch, CleanupMetrics.none());
    }

    public FollowUps(Jdbc jdbc, Duration settle, int batch, CleanupMetrics metrics) {
        this.jdbc = jdbc;
        this.settle = settle;
        this.batch = batch;
        this.cleaned = metrics.sweepTick("follow_up", "cleaned");
        this.idle = metrics.sweepTick("follow_up", "idle");
        this.failed = metrics.sweepTick("follow_up", "failed");
    }

    /** Body: the node cleanup requests to run now (by node id, never forced). */
    public void take(Exchange exchange) {
        List<CleanupRequest> requests;
        try {
            requests = jdbc.query(TAKE, rs -> {
                boolean retry = NodeStatus.CLEANUP_FAILED.is(rs.getString("deployment_status"));
                try (LogContext ignored = LogContext.with(LogContext.NODE, rs.getString("node_name"))) {
                    if (retry) {
                        LOG.info("Automatic retry {} of node {}: its last cleanup failed for reasons that pass", rs.getInt("auto_retries"),
                                rs.getString("node_name"));
                    } else {
                        LOG.info("Follow-up cleanup of node {}: resources were recorded after its cleanup ran", rs.getString("node_name"));
                    }
                }
                return CleanupRequest.of(String.valueOf(rs.getLong("id")), false, false, retry ? AUTO_RETRY : TRIGGER);
            }, FAILED, PENDING, settle.toMillis() / 1000.0, FAILED, batch);
        } catch (RuntimeException e) {
            failed.increment();
            throw e;
        }
        (requests.isEmpty() ? idle : cleaned).increment();
        exchange.getIn().setBody(requests);
    }

    /**
     * A taken node whose cleanup the blast-radius guard refused (the body is its request): its run recorded the refusal;
     * the node is left cleanup_failed without an automatic retry, a failure that needs a person (a cleanup with the
     * planned count confirmed, or a higher limit), so that the follow-ups do not take it again and again.
     */
    public void heldByGuard(Exchange exchange) {
        Refusal refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Refusal.class);
        CleanupRequest request = exchange.getIn().getBody(CleanupRequest.class);
        if (refused == null || request == null || !BlastRadius.isGuardRefusal(refused)) {
            return;
        }
        jdbc.update(HELD_BY_GUARD, FAILED, Long.parseLong(request.target()), PENDING, FAILED);
        LOG.warn("Follow-up of node id {} ({}) refused by the blast-radius guard; the node is left cleanup_failed with no automatic "
                + "retry: {}", request.target(), request.trigger(), refused.getMessage());
    }

    /**
     * A taken node whose cleanup was refused because this instance is shutting down (the body is its request): an
     * automatic retry is due again at once, so the next follow-up of another instance takes it. A pending node needs
     * nothing: its status alone brings it back.
     */
    public void putBackIfShuttingDown(Exchange exchange) {
        Refusal refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Refusal.class);
        CleanupRequest request = exchange.getIn().getBody(CleanupRequest.class);
        if (refused != null && refused.reason() == Refusal.Reason.UNAVAILABLE && request != null && AUTO_RETRY.equals(request.trigger())) {
            jdbc.update(PUT_BACK, Long.parseLong(request.target()), FAILED);
        }
    }
}
