package com.cleanupservice.schedule;

import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Response;
import com.cleanupservice.support.Incident;
import com.cleanupservice.support.Refusal;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The steps of {@code direct:sweep-orphans}: select the orphaned nodes (one query), hand each to
 * {@code direct:cleanup-node} as an ordinary, never forced cleanup, and answer what became of them. The sweep records
 * nothing of its own: each node cleanup records its run (a child of the sweep's parent run, when there is one).
 */
public final class OrphanSweep {
    /** Exchange property naming who asked: "api" (the default) or "schedule". */
    public static final String TRIGGER = "cleanupSweepTrigger";
    /** The statuses a sweep takes: every one that needs a cleanup; live nodes (deployed, provisioning) are never among them. */
    public static final Set<NodeStatus> ORPHAN_STATUSES = NodeStatus.NEEDS_CLEANUP;
    private static final String[] ORPHANS = NodeStatus.valuesOf(ORPHAN_STATUSES).toArray(String[]::new);

    static final String SWEEP = "cleanupSweep";
    static final String NODE = "cleanupOrphanNode";
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);

    /** Oldest first, so a sweep capped at max-nodes leaves the youngest for the next one. */
    private static final String SELECT = """
            SELECT id, node_name, deployment_status, updated_at
              FROM nodes
             WHERE (deployment_status = ANY(?) AND updated_at < now() - make_interval(hours => ?))
                -- a cleanup whose instance died mid-way (its lease went stale): finish it
                OR (deployment_status = ? AND cleanup_claimed_at < now() - make_interval(secs => ?))
             ORDER BY updated_at, id
             LIMIT ?
            """;

    private final Jdbc jdbc;
    private final int maxNodes;
    private final Duration lease;

    public OrphanSweep(Jdbc jdbc, int maxNodes, Duration lease) {
        if (maxNodes < 1) {
            throw new IllegalStateException("an orphan sweep needs max-nodes >= 1, not " + maxNodes);
        }
        this.jdbc = jdbc;
        this.maxNodes = maxNodes;
        this.lease = lease;
    }

    /** Integer (max age in hours) -> the selected nodes, oldest first; the sweep kept as a property. */
    public void open(Exchange exchange) {
        Integer hours = exchange.getIn().getBody(Integer.class);
        if (hours == null || hours < MaxAge.MIN || hours > MaxAge.MAX) {
            throw Refusal.badRequest(MaxAge.FIELD + " must be a whole number of hours from " + MaxAge.MIN + " to " + MaxAge.MAX + ", not " + hours);
        }
        List<OrphanNode> nodes = select(hours);
        Sweep sweep = new Sweep(hours, maxNodes, exchange.getProperty(TRIGGER, "api", String.class),
                exchange.getProperty(CleanupRequest.PARENT_RUN, UUID.class), nodes);
        exchange.setProperty(SWEEP, sweep);
        exchange.getIn().setBody(nodes);
    }

    List<OrphanNode> select(int maxAgeHours) {
        List<OrphanNode> nodes = new ArrayList<>();
        for (OrphanNode n : jdbc.query(SELECT, OrphanSweep::node, ORPHANS, maxAgeHours,
                NodeStatus.CLEANUP_IN_PROGRESS.value(), lease.toSeconds(), maxNodes)) {
            nodes.add(new OrphanNode(nodes.size(), n.id(), n.name(), n.status(), n.updatedAt()));
        }
        return nodes;
    }

    /** OrphanNode -> the node's cleanup request: by id, never forced, never a dry run. */
    public void request(Exchange exchange) {
        OrphanNode node = exchange.getIn().getBody(OrphanNode.class);
        Sweep sweep = sweep(exchange);
        exchange.setProperty(NODE, node);
        exchange.getIn().setBody(CleanupRequest.of(String.valueOf(node.id()), false, false, sweep.trigger())
                .withParent(sweep.parentRunId()));
    }

    /** The node cleanup answered (200, or 207 when some deletion failed). */
    public void recordResponse(Exchange exchange) {
        Response response = exchange.getIn().getBody(Response.class);
        Map<String, Object> entry = entry(exchange);
        entry.put("success", response.status() == 200);
        entry.put("result", response.body());
        sweep(exchange).record(node(exchange), entry);
    }

    /** The node cleanup was refused: 409 when another run claimed it meanwhile or it went live, 404 when it went away. */
    public void recordRefusal(Exchange exchange) {
        Refusal refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Refusal.class);
        Map<String, Object> entry = entry(exchange);
        entry.put("success", false);
        entry.put("status", refused.status());
        entry.put("error", refused.getMessage());
        entry.putAll(refused.details());
        sweep(exchange).record(node(exchange), entry);
    }

    /** The node cleanup broke off unexpectedly: the sweep goes on with the next node. */
    public void recordFailure(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        OrphanNode node = node(exchange);
        Incident incident = Incident.report(LOG, "Orphan sweep: cleanup of node " + node.name() + " failed", error);
        Map<String, Object> entry = entry(exchange);
        entry.put("success", false);
        entry.put("status", 500);
        entry.put("error", incident.message());
        sweep(exchange).record(node, entry);
    }

    /** After every node: the seed's answer, 200 when every node's cleanup succeeded (or there was none), else 207. */
    public void close(Exchange exchange) {
        Sweep sweep = sweep(exchange);
        List<Map<String, Object>> results = sweep.results();
        long failed = results.stream().filter(r -> !Boolean.TRUE.equals(r.get("success"))).count();
        boolean ok = failed == 0;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", ok ? "Orphaned resource cleanup completed successfully" : "Orphaned resource cleanup completed with errors");
        body.put("orphaned_nodes_cleaned", results.size());
        body.put("max_age_hours", sweep.maxAgeHours());
        body.put("results", results);
        body.put("successful_nodes", results.size() - failed);
        body.put("failed_nodes", failed);
        body.put("max_nodes", sweep.maxNodes());
        // more orphans may be waiting: the next sweep takes them
        body.put("limit_reached", results.size() >= sweep.maxNodes());
        body.put("trigger", sweep.trigger());
        body.put("duration_ms", sweep.elapsedMs());
        body.put("timestamp", Instant.now().toString());
        if (!ok) {
            body.put("error", failed + " of " + results.size() + " orphaned node cleanup(s) did not succeed");
            body.put("partial_results", results);
        }
        if (!results.isEmpty()) {
            LOG.info("Orphan sweep ({}): {} node(s) not updated for {} h, {} cleaned, {} not", sweep.trigger(), results.size(),
                    sweep.maxAgeHours(), results.size() - failed, failed);
        }
        exchange.getIn().setBody(new Response(ok ? 200 : 207, body));
    }

    private static Map<String, Object> entry(Exchange exchange) {
        OrphanNode node = node(exchange);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("node_name", node.name());
        entry.put("node_id", node.id());
        return entry;
    }

    private static Sweep sweep(Exchange exchange) {
        return exchange.getProperty(SWEEP, Sweep.class);
    }

    private static OrphanNode node(Exchange exchange) {
        return exchange.getProperty(NODE, OrphanNode.class);
    }

    private static OrphanNode node(ResultSet rs) throws SQLException {
        return new OrphanNode(0, rs.getLong("id"), rs.getString("node_name"), rs.getString("deployment_status"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
