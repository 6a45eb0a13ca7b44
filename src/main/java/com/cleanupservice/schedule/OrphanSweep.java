package com.cleanupservice.schedule;

import com.cleanupservice.api.schema.OrphanSweepResult;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.cleanup.Looks;
import com.cleanupservice.guard.BlastRadius;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Brief;
import com.cleanupservice.report.Response;
import com.cleanupservice.support.HeapFootprint;
import com.cleanupservice.support.Incident;
import com.cleanupservice.support.Refusal;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The steps of {@code direct:sweep-orphans}: select the orphaned nodes a chunk at a time (oldest first, each chunk
 * after the last node of the one before), hand each to {@code direct:cleanup-node} as an ordinary, never forced
 * cleanup, and answer what became of them. A sweep takes everything due (or at most {@code max-nodes}, when set) and
 * holds only counts and a bounded number of entries, whatever it takes. The sweep records nothing of its own: each
 * node cleanup records its run (a child of the sweep's parent run, when there is one).
 */
public final class OrphanSweep {
    /** Exchange property naming who asked: "api" (the default) or "schedule". */
    public static final String TRIGGER = "cleanupSweepTrigger";
    /** The statuses a sweep takes: every one that needs a cleanup; live nodes (deployed, provisioning) are never among them. */
    public static final Set<NodeStatus> ORPHAN_STATUSES = NodeStatus.NEEDS_CLEANUP;
    private static final String[] ORPHANS = NodeStatus.valuesOf(ORPHAN_STATUSES).toArray(String[]::new);

    static final String SWEEP = "cleanupSweep";
    static final String NODE = "cleanupOrphanNode";
    static final String ADOPTED = "cleanupOrphanAdopted";
    static final String ADOPTION_ERROR = "cleanupOrphanAdoptionError";
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);
    /** What a node's entry says of its own; a refusal's details never stand for them. */
    private static final Set<String> ENTRY_MEMBERS = Set.of("node_name", "node_id", "adopted", "adoption_error", "success", "status", "error");

    /**
     * The next chunk, oldest first, after the last node taken ({@code (updated_at, id)}: a node the sweep left as it was
     * — refused, say — is not taken again; one it cleaned was updated and is no longer an orphan anyway).
     */
    private static final String SELECT = """
            SELECT id, node_name, deployment_status, updated_at
              FROM nodes
             WHERE ((deployment_status = ANY(?) AND updated_at < now() - make_interval(hours => ?))
                    -- a cleanup whose instance died mid-way (its lease went stale): finish it
                    OR (deployment_status = ? AND cleanup_claimed_at < now() - make_interval(secs => ?)))
               AND (CAST(? AS TIMESTAMPTZ) IS NULL OR (updated_at, id) > (CAST(? AS TIMESTAMPTZ), ?))
             ORDER BY updated_at, id
             LIMIT ?
            """;

    /**
     * The names of every node the whole sweep would take (as {@link #SELECT} takes them chunk by chunk, at most
     * {@code max-nodes}: NULL for all), for the blast-radius guard's count before the first chunk.
     */
    private static final String SELECTION = """
            SELECT node_name FROM nodes
             WHERE (deployment_status = ANY(?) AND updated_at < now() - make_interval(hours => ?))
                OR (deployment_status = ? AND cleanup_claimed_at < now() - make_interval(secs => ?))
             ORDER BY updated_at, id
             LIMIT CAST(? AS INTEGER)
            """;

    private final Jdbc jdbc;
    private final int maxNodes;
    private final int chunkSize;
    private final int heapBudgetMb;
    private final Duration lease;
    /** {@code {"kind": "node", "id": ...}} -> what the adoption adopted; null unless cleanup.discovery.adopt-on-sweep. */
    private final Function<Map<String, Object>, List<OrphanSweepResult.AdoptedOnSweep>> adopter;
    /** The blast-radius guard; null: none (a test's sweep of its own). */
    private final BlastRadius guard;

    /**
     * {@code maxNodes} 0: no cap, a sweep takes every node due; {@code chunkSize}: how many it selects at a time;
     * {@code heapBudgetMb}: the committed heap above which the heap is trimmed between chunks (0: never).
     */
    public OrphanSweep(Jdbc jdbc, int maxNodes, int chunkSize, int heapBudgetMb, Duration lease) {
        this(jdbc, maxNodes, chunkSize, heapBudgetMb, lease, null, null);
    }

    /**
     * With an {@code adopter}, each node's untracked resources are adopted before its cleanup, so it deletes them too;
     * with a {@code guard}, the whole selection is counted before the first chunk and refused when it is too large.
     */
    public OrphanSweep(Jdbc jdbc, int maxNodes, int chunkSize, int heapBudgetMb, Duration lease,
                       Function<Map<String, Object>, List<OrphanSweepResult.AdoptedOnSweep>> adopter, BlastRadius guard) {
        if (maxNodes < 0) {
            throw new IllegalStateException("cleanup.orphan-sweep.max-nodes must be 0 (no cap) or more, not " + maxNodes);
        }
        if (chunkSize < 1) {
            throw new IllegalStateException("cleanup.orphan-sweep.chunk-size must be at least 1, not " + chunkSize);
        }
        this.jdbc = jdbc;
        this.maxNodes = maxNodes;
        this.chunkSize = chunkSize;
        this.heapBudgetMb = heapBudgetMb;
        this.lease = lease;
        this.adopter = adopter;
        this.guard = guard;
    }

    /**
     * A {@link SweepRequest} (or the max age in hours alone) -> the first chunk of nodes, once the whole selection
     * passed the blast-radius guard; the sweep kept as a property.
     */
    public void open(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        SweepRequest asked = body instanceof SweepRequest r ? r : SweepRequest.ofHours(exchange.getIn().getBody(Integer.class));
        int hours = asked.maxAgeHours();
        if (hours < MaxAge.MIN || hours > MaxAge.MAX) {
            throw Refusal.badRequest(MaxAge.FIELD + " must be a whole number of hours from " + MaxAge.MIN + " to " + MaxAge.MAX + ", not " + hours);
        }
        Sweep sweep = new Sweep(hours, maxNodes, exchange.getProperty(TRIGGER, "api", String.class),
                exchange.getProperty(CleanupRequest.PARENT_RUN, UUID.class));
        if (guard != null) {
            // a scheduled sweep never goes past the guard: nobody is there to confirm
            long planned = planned(hours);
            Integer confirmed = Boolean.TRUE.equals(exchange.getProperty(BlastRadius.ACCEPTED_RUN, Boolean.class))
                    ? BlastRadius.acceptedRun(planned, asked.confirmCount()) : asked.confirmCount();
            guard.check(what(sweep), planned, confirmed, "schedule".equals(sweep.trigger()) ? null : BlastRadius.BY_QUERY);
            exchange.setProperty(BlastRadius.COUNTED, true);
        }
        exchange.setProperty(SWEEP, sweep);
        next(exchange);
    }

    /** What a sweep of nodes {@code hours} old would delete: every node it would take, summed. */
    long planned(int hours) {
        return guard.ofNodes(SELECTION, ORPHANS, hours, NodeStatus.CLEANUP_IN_PROGRESS.value(), lease.toSeconds(),
                maxNodes == 0 ? null : maxNodes);
    }

    static String what(Sweep sweep) {
        return "orphan sweep (" + sweep.trigger() + ") of nodes not updated for " + sweep.maxAgeHours() + " h";
    }

    /** The blast-radius guard's word on a sweep of nodes {@code hours} old (its acceptance, for an asynchronous one). */
    void check(int hours, Integer confirmCount) {
        if (guard != null) {
            guard.check("orphan sweep of nodes not updated for " + hours + " h", planned(hours), confirmCount, BlastRadius.BY_QUERY);
        }
    }

    /** The next chunk as the body: empty when nothing more is due (or the cap is reached). */
    public void next(Exchange exchange) {
        Sweep sweep = sweep(exchange);
        if (sweep.chunks() > 0) {
            HeapFootprint.trim(heapBudgetMb);
        }
        int room = sweep.room(chunkSize);
        List<OrphanNode> selected = room == 0 ? List.of() : jdbc.query(SELECT, OrphanSweep::node, ORPHANS, sweep.maxAgeHours(),
                NodeStatus.CLEANUP_IN_PROGRESS.value(), lease.toSeconds(), sweep.afterUpdatedAt(), sweep.afterUpdatedAt(),
                sweep.afterId(), room);
        exchange.getIn().setBody(sweep.took(selected));
        // the chunk's node runs share what their looks see and list (the same subnets and zones, mostly)
        exchange.setProperty(Looks.SHARED, new Looks(selected.size()));
    }

    /** What an orphan sweep would take now: the age it selects by and the nodes' names, in its order. */
    public record Selection(int maxAgeHours, List<String> nodeNames) {
    }

    /**
     * The nodes a sweep would take now ({@code body}: {@code {}} or {@code {"max_age_hours": N}}, as the orphaned
     * endpoint reads it), at most {@code limit}; more is refused (400) rather than cut short. A saved plan's selection.
     */
    public static Selection selectNow(Jdbc jdbc, Map<String, Object> body, Duration lease, int limit) {
        com.cleanupservice.support.Input.requireKnownKeys(body, List.of(MaxAge.FIELD), "sweep");
        int hours = MaxAge.fromRequest(body);
        List<OrphanNode> due = jdbc.query(SELECT, OrphanSweep::node, ORPHANS, hours, NodeStatus.CLEANUP_IN_PROGRESS.value(),
                lease.toSeconds(), null, null, null, limit + 1);
        if (due.size() > limit) {
            throw Refusal.badRequest("An orphan sweep would take more than " + limit + " nodes now (setting cleanup.batch.max-targets); "
                    + "plan fewer (a higher " + MaxAge.FIELD + ", or targets) or run the sweep itself");
        }
        return new Selection(hours, due.stream().map(OrphanNode::name).toList());
    }

    /** Whether the body (the chunk just selected) has nodes to clean. */
    public static boolean more(Exchange exchange) {
        return !exchange.getIn().getBody(List.class).isEmpty();
    }

    /** OrphanNode -> the node's cleanup request: by id, never forced, never a dry run. */
    public void request(Exchange exchange) {
        OrphanNode node = exchange.getIn().getBody(OrphanNode.class);
        Sweep sweep = sweep(exchange);
        exchange.setProperty(NODE, node);
        exchange.getIn().setBody(CleanupRequest.of(String.valueOf(node.id()), false, false, sweep.trigger())
                .withParent(sweep.parentRunId()));
    }

    /**
     * With adopt-on-sweep, before the node's cleanup: every untracked resource drift finds with evidence that it is
     * this node's is tracked (a fresh scan, ambiguous ones never), so the cleanup deletes it. A failed adoption (an
     * incomplete scan, say) is recorded on the node's entry and the tracked resources are cleaned all the same.
     */
    public void adopt(Exchange exchange) {
        if (adopter == null) {
            return;
        }
        OrphanNode node = node(exchange);
        try {
            List<OrphanSweepResult.AdoptedOnSweep> adopted = adopter.apply(Map.of("kind", "node", "id", String.valueOf(node.id())));
            exchange.setProperty(ADOPTED, adopted);
            sweep(exchange).adopted(adopted.size());
        } catch (RuntimeException e) {
            String why = null;
            for (Throwable c = e; c != null && why == null; c = c.getCause()) {
                why = c instanceof Refusal r ? r.getMessage() : null;
            }
            exchange.setProperty(ADOPTION_ERROR, why != null ? why
                    : Incident.report(LOG, "Orphan sweep: adoption for node " + node.name() + " failed", e).message());
            sweep(exchange).adoptionFailed();
        }
    }

    /** The node cleanup answered (200, or 207 when some deletion failed): its answer without every operation. */
    @SuppressWarnings("unchecked")
    public void recordResponse(Exchange exchange) {
        Response response = exchange.getIn().getBody(Response.class);
        boolean success = response.status() == 200;
        sweep(exchange).record(node(exchange), entry(exchange, success, Brief.ofNode(response.body()), null, null, null),
                success);
    }

    /** The node cleanup was refused: 409 when another run claimed it meanwhile or it went live, 404 when it went away. */
    public void recordRefusal(Exchange exchange) {
        Refusal refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Refusal.class);
        sweep(exchange).record(node(exchange), entry(exchange, false, null, refused.status(), refused.getMessage(), refused.details()), false);
    }

    /** The node cleanup broke off unexpectedly: the sweep goes on with the next node. */
    public void recordFailure(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        OrphanNode node = node(exchange);
        Incident incident = Incident.report(LOG, "Orphan sweep: cleanup of node " + node.name() + " failed", error);
        sweep(exchange).record(node, entry(exchange, false, null, 500, incident.message(), null), false);
    }

    /**
     * After every node: the answer, 200 when every node's cleanup succeeded (or there was none), else 207. It lists the
     * first {@link Sweep#KEPT} nodes ({@code results}) and up to as many failed ones ({@code failures}); every node's
     * run is a child of the sweep's run, and its operations are served by the sweep run's {@code operations} page.
     */
    public void close(Exchange exchange) {
        Sweep sweep = sweep(exchange);
        List<OrphanSweepResult.SweptNode> results = sweep.results();
        int taken = sweep.taken();
        int failed = sweep.failed();
        boolean ok = failed == 0;
        if (taken > 0) {
            LOG.info("Orphan sweep ({}): {} node(s) not updated for {} h, {} cleaned, {} not", sweep.trigger(), taken,
                    sweep.maxAgeHours(), taken - failed, failed);
        }
        exchange.getIn().setBody(new Response(ok ? 200 : 207, new OrphanSweepResult(
                ok ? "Orphaned resource cleanup completed successfully" : "Orphaned resource cleanup completed with errors",
                taken, sweep.maxAgeHours(), results, taken > results.size() ? taken - results.size() : null,
                taken - failed, failed, sweep.failures(), sweep.failuresOmitted() > 0 ? sweep.failuresOmitted() : null,
                adopter != null, sweep.adoptedResources(), sweep.adoptionErrors() > 0 ? sweep.adoptionErrors() : null,
                sweep.maxNodes() == 0 ? null : sweep.maxNodes(),
                // more orphans may be waiting: the next sweep takes them
                sweep.limitReached(), sweep.chunks(), sweep.trigger(), sweep.elapsedMs(), Instant.now().toString(),
                ok ? null : failed + " of " + taken + " orphaned node cleanup(s) did not succeed", ok ? null : results)));
    }

    /** A node's entry: with adopt-on-sweep, what was adopted (or why not) before its cleanup, then what became of it. */
    @SuppressWarnings("unchecked")
    private static OrphanSweepResult.SweptNode entry(Exchange exchange, boolean success, Object result, Integer status, String error,
                                                     Map<String, Object> details) {
        OrphanNode node = node(exchange);
        return new OrphanSweepResult.SweptNode(node.name(), node.id(), exchange.getProperty(ADOPTED, List.class),
                exchange.getProperty(ADOPTION_ERROR, String.class), success, result, status, error,
                details == null ? null : detailsBeside(details));
    }

    /** A refusal's details, less any that would stand for one of the entry's own members (set before them). */
    private static Map<String, Object> detailsBeside(Map<String, Object> details) {
        return details.entrySet().stream().filter(d -> !ENTRY_MEMBERS.contains(d.getKey()))
                .collect(LinkedHashMap::new, (m, d) -> m.put(d.getKey(), d.getValue()), Map::putAll);
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
