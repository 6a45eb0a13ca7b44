package com.cleanupservice.schedule;

import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.persistence.Jdbc;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Which {@value NodeClaims#PENDING} nodes a follow-up takes now: those quiet for the settle time, oldest first. Taking
 * them touches {@code updated_at}, so another instance looking at the same moment leaves them to this one (and, should
 * this instance die before its cleanup claims them, takes them after the settle time).
 */
public final class FollowUps {
    public static final String TRIGGER = "follow_up";
    private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);
    private static final String TAKE = """
            UPDATE nodes SET updated_at = now()
             WHERE id IN (SELECT id FROM nodes
                           WHERE deployment_status = 'cleanup_pending' AND updated_at < now() - make_interval(secs => ?)
                           ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id, node_name
            """;

    private final Jdbc jdbc;
    private final Duration settle;
    private final int batch;

    public FollowUps(Jdbc jdbc, Duration settle, int batch) {
        this.jdbc = jdbc;
        this.settle = settle;
        this.batch = batch;
    }

    /** Body: the node cleanup requests to run now (by node id, never forced). */
    public void take(Exchange exchange) {
        List<CleanupRequest> requests = jdbc.query(TAKE, rs -> {
            LOG.info("Follow-up cleanup of node {}: resources were recorded after its cleanup ran", rs.getString("node_name"));
            return CleanupRequest.of(String.valueOf(rs.getLong("id")), false, false, TRIGGER);
        }, settle.toMillis() / 1000.0, batch);
        exchange.getIn().setBody(requests);
    }
}
