package com.cleanupservice.cleanup;

import com.cleanupservice.api.schema.Notification.NotificationCounts;
import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.notify.EventType;
import com.cleanupservice.notify.Notice;
import com.cleanupservice.notify.Notifications;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.runs.store.RunRecords;
import com.cleanupservice.support.LogContext;
import io.micrometer.core.instrument.Counter;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes down what happened to each resource: the tracked row's ledger state, one audit row per operation, a dead
 * letter for anything that did not succeed (an older open one for the same resource is superseded; a later success
 * resolves it), and the run's progress, all in one transaction per resource: with the plan's start ({@link #start}),
 * which marks every row of a plan at once, a resource costs one transaction. Tracked rows are updated, never removed.
 */
public final class Ledger {
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final String INSERT_OPERATION = """
            INSERT INTO cleanup_operations (run_id, node_name, deployment_id, resource_type, tracked_id, ibm_id,
                   resource_name, outcome, success, http_status, attempts, duration_ms, message, trace_id, started_at, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String CLOSE_DEAD_LETTERS = """
            UPDATE dead_letters SET status = ?, retry_run_id = ?
             WHERE resource_type = ? AND tracked_id = ? AND status = 'open'
            """;
    private static final String INSERT_DEAD_LETTER = """
            INSERT INTO dead_letters (run_id, node_name, deployment_id, resource_type, tracked_id, ibm_id, resource_name,
                   outcome, error, attempts, last_http_status, trace_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    /** A run's audit rows for one node (or, with no node, for the deployment's own resources). */
    private static final String EARLIER = """
            SELECT resource_type, tracked_id, ibm_id, resource_name, node_name, deployment_id, outcome, http_status,
                   attempts, duration_ms, message, trace_id
              FROM cleanup_operations
             WHERE run_id = ? AND node_name IS NOT DISTINCT FROM ? AND (node_name IS NOT NULL OR deployment_id = ?)
             ORDER BY id
            """;

    private final Jdbc jdbc;
    private final RunRecords runs;
    private final NodeClaims claims;
    private final ResourceTypes types;
    private final Notifications notifications;
    /** {@code cleanup_deletions_total}, by type, then by outcome: made once, so a record costs a lookup and an increment. */
    private final Map<ResourceType, Counter[]> deletions = new java.util.IdentityHashMap<>();

    public Ledger(Jdbc jdbc, RunRecords runs, NodeClaims claims, ResourceTypes types) {
        this(jdbc, runs, claims, types, CleanupMetrics.none(), Notifications.off());
    }

    public Ledger(Jdbc jdbc, RunRecords runs, NodeClaims claims, ResourceTypes types, CleanupMetrics metrics, Notifications notifications) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.runs = runs;
        this.claims = claims;
        this.types = types;
        for (ResourceType type : types.all()) {
            Counter[] byOutcome = new Counter[Outcome.values().length];
            for (Outcome outcome : Outcome.values()) {
                byOutcome[outcome.ordinal()] = metrics.deletion(type.name(), outcome.name());
            }
            deletions.put(type, byOutcome);
        }
    }

    /**
     * What a resumed run did before it was resumed (another execution of the same run, on this instance before a
     * restart or on one that died), from the audit rows: the operations on resources this execution did not touch.
     * Together with this execution's, the run's summary covers every operation it made.
     */
    public List<OperationResult> earlierResults(CleanupRun run, NodeRef node, String deploymentId, List<OperationResult> now) {
        if (run.epoch() <= 1) {
            return List.of(); // never executed before
        }
        java.util.Set<String> touched = new java.util.HashSet<>();
        now.forEach(r -> touched.add(r.resource().type().name() + "/" + r.resource().trackedId()));
        List<OperationResult> earlier = new java.util.ArrayList<>();
        jdbc.query(EARLIER, rs -> {
            String type = rs.getString("resource_type");
            long trackedId = rs.getLong("tracked_id");
            if (types.has(type) && !touched.contains(type + "/" + trackedId)) {
                TrackedResource r = new TrackedResource(types.get(type), trackedId, rs.getString("ibm_id"), rs.getString("resource_name"),
                        rs.getString("node_name"), rs.getString("deployment_id"), null, null, null, null, LedgerState.GONE, rs.getInt("attempts"));
                Outcome outcome = Outcome.valueOf(rs.getString("outcome"));
                earlier.add(new OperationResult(r, outcome, rs.getString("message"), outcome.success() ? null : rs.getString("message"),
                        (Integer) rs.getObject("http_status"), rs.getInt("attempts"), rs.getLong("duration_ms"), rs.getString("trace_id"),
                        -1, false));
            }
            return null;
        }, run.runId(), node == null ? null : node.name(), deploymentId);
        return earlier;
    }

    /**
     * A plan about to run: its rows PRESENT -> DELETING, before any call, so a crash mid-delete leaves a visible trace,
     * and its operations added to the run's total. One transaction for the whole plan, one statement per type, so that
     * each resource costs one transaction more, its {@link #record}. A resource another owner holds is left as it is:
     * it is never called for. Nothing is marked under a lost claim (the plan's tasks are then given up, unrecorded).
     */
    public void start(NodePlan plan, int operations) {
        Map<ResourceType, List<Long>> ids = new LinkedHashMap<>();
        plan.lanes().forEach(lane -> lane.steps().forEach(step -> step.resources().stream()
                .filter(r -> plan.heldBy(r) == null)
                .forEach(r -> ids.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r.trackedId()))));
        if (ids.isEmpty() && operations == 0) {
            return;
        }
        jdbc.inTransaction(tx -> {
            if (plan.node() == null || claims.stillHeld(tx, plan.node(), plan.claim())) {
                for (Map.Entry<ResourceType, List<Long>> type : ids.entrySet()) {
                    tx.update(type.getKey().rows().markMany(), LedgerState.DELETING.name(), type.getValue().toArray(Long[]::new));
                }
            }
            runs.addTotal(tx, plan.run(), operations);
            return null;
        });
    }

    /** A dead letter's event, written with it (the outbox: see {@code notify.Notifications}). */
    private static Notice deadLetterOpened(CleanupRun run, TrackedResource r, OperationResult result) {
        return Notice.of(EventType.DEAD_LETTER_OPENED, result.outcome() + " " + r.type().name() + " " + r.ibmId()
                        + (result.error() == null ? "" : ": " + result.error()))
                .run(run.runId()).node(r.nodeName()).deployment(r.deploymentId())
                .counts(NotificationCounts.none().call(result.attempts(), result.httpStatus()));
    }

    /** A node's rows are written only under the current claim of the node (fencing): a lost claim writes nothing. */
    private boolean underClaim(Jdbc.Tx tx, DeleteTask task) throws java.sql.SQLException {
        NodePlan plan = task.plan();
        return plan.node() == null || claims.stillHeld(tx, plan.node(), plan.claim());
    }

    /**
     * The end of a delete route: the task holds its result, which is recorded; the exchange then carries the recorded
     * result (immutable) for the step's aggregation, or nothing when it could not be recorded or was given up.
     */
    public void record(Exchange exchange) {
        exchange.getIn().setBody(record(exchange.getIn().getBody(DeleteTask.class)));
    }

    /**
     * The dead-letter channel's end: redeliveries are exhausted (or the error was final). The task becomes FAILED, or
     * BLOCKED when IBM says it is still in use by something an earlier step could not delete.
     */
    public void recordFailure(Exchange exchange) {
        DeleteTask task = exchange.getIn().getBody(DeleteTask.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        task.fail(error != null ? error : new IllegalStateException("delete failed without an exception"));
        exchange.getIn().setBody(record(task));
    }

    /** The task's result once written (with the resource's ledger state, audit row and dead letter), else null. */
    private OperationResult record(DeleteTask task) {
        OperationResult outcome = task.result();
        try (LogContext ignored = task.logContext(outcome == null ? null : outcome.traceId())) {
            return recordInContext(task);
        } finally {
            task.recorded(); // whatever came of it: an instance handing the claim back no longer waits for this task
        }
    }

    private OperationResult recordInContext(DeleteTask task) {
        if (task.abandoned() != null) {
            if (task.plan().claim().stopped()) {
                LOG.debug("{} not finished here and not recorded: {}", task, task.abandoned());
            } else {
                LOG.warn("{} not finished here and not recorded: {}", task, task.abandoned());
            }
            return null;
        }
        OperationResult result = task.result();
        TrackedResource r = task.resource();
        CleanupRun run = task.run();
        LedgerState state = switch (result.outcome()) {
            case DELETED, ALREADY_GONE, SKIPPED -> LedgerState.GONE;
            case BLOCKED -> LedgerState.BLOCKED;
            case FAILED -> LedgerState.FAILED;
        };
        boolean written = jdbc.inTransaction(tx -> {
            if (!underClaim(tx, task)) {
                return false;
            }
            tx.update(r.type().rows().mark(), state.name(), result.attempts(), result.error(), result.httpStatus(), r.trackedId());
            tx.update(INSERT_OPERATION, run.runId(), r.nodeName(), r.deploymentId(), r.type().name(), r.trackedId(), r.ibmId(),
                    r.name(), result.outcome().name(), result.success(), result.httpStatus(), result.attempts(),
                    result.durationMs(), result.message(), result.traceId(), task.startedAt(), result.error());
            tx.update(CLOSE_DEAD_LETTERS, result.success() ? "resolved" : "superseded", run.runId(), r.type().name(), r.trackedId());
            if (!result.success()) {
                tx.update(INSERT_DEAD_LETTER, run.runId(), r.nodeName(), r.deploymentId(), r.type().name(), r.trackedId(),
                        r.ibmId(), r.name(), result.outcome().name(), result.error(), result.attempts(), result.httpStatus(),
                        result.traceId());
                if (notifications.wants(EventType.DEAD_LETTER_OPENED)) {
                    notifications.record(tx, deadLetterOpened(run, r, result));
                }
            }
            runs.progress(tx, run); // last: the run's row is shared by all its deletions
            return true;
        });
        if (!written) {
            LOG.warn("{} ended {} but is not recorded: {}", task, result.outcome(), task.plan().claim().whyNotHeld());
            return null;
        }
        Counter[] counted = deletions.get(r.type());
        if (counted != null) {
            counted[result.outcome().ordinal()].increment();
        }
        if (result.success()) {
            // every deletion is a line an operator can find by its id: what was deleted is never only in the database
            LOG.info("{} {} {}: {}", result.outcome(), r.type().name(), r.ibmId(), result.message());
        } else {
            LOG.warn("{} {} {}: {}", result.outcome(), r.type().name(), r.ibmId(), result.message());
        }
        return result;
    }
}
