package com.cleanupservice.cleanup;

import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.TrackedResource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes down what happened to each resource: the tracked row's ledger state, one audit row per operation, a dead
 * letter for anything that did not succeed (an older open one for the same resource is superseded; a later success
 * resolves it), and the run's progress, all in one transaction. Tracked rows are updated, never removed.
 */
public final class Ledger {
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final String INSERT_OPERATION = """
            INSERT INTO cleanup_operations (run_id, node_name, deployment_id, resource_type, tracked_id, ibm_id,
                   resource_name, outcome, success, http_status, attempts, duration_ms, message, trace_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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

    private final Jdbc jdbc;
    private final Runs runs;
    private final NodeClaims claims;

    public Ledger(Jdbc jdbc, Runs runs, NodeClaims claims) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.claims = claims;
    }

    /** PRESENT -> DELETING before the first call, so a crash mid-delete leaves a visible trace. */
    public void markDeleting(Exchange exchange) {
        DeleteTask task = exchange.getIn().getBody(DeleteTask.class);
        TrackedResource r = task.resource();
        jdbc.inTransaction(tx -> {
            if (underClaim(tx, task)) {
                tx.update(r.type().markSql(), LedgerState.DELETING.name(), 0, null, null, r.trackedId());
            }
            return null;
        });
    }

    /** A node's rows are written only under the current claim of the node (fencing): a lost claim writes nothing. */
    private boolean underClaim(Jdbc.Tx tx, DeleteTask task) throws java.sql.SQLException {
        NodePlan plan = task.lane().plan();
        return plan.node() == null || claims.stillHeld(tx, plan.node(), plan.claim());
    }

    /** The end of a delete route: the task holds its result. */
    public void record(Exchange exchange) {
        record(exchange.getIn().getBody(DeleteTask.class));
    }

    /**
     * The dead-letter channel's end: redeliveries are exhausted (or the error was final). The task becomes FAILED, or
     * BLOCKED when IBM says it is still in use by something an earlier step could not delete.
     */
    public void recordFailure(Exchange exchange) {
        DeleteTask task = exchange.getIn().getBody(DeleteTask.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        task.fail(error != null ? error : new IllegalStateException("delete failed without an exception"));
        record(task);
    }

    private void record(DeleteTask task) {
        if (task.abandoned() != null) {
            LOG.warn("{} not finished here and not recorded: {}", task, task.abandoned());
            return;
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
            tx.update(r.type().markSql(), state.name(), result.attempts(), result.error(), result.httpStatus(), r.trackedId());
            tx.update(INSERT_OPERATION, run.runId(), r.nodeName(), r.deploymentId(), r.type().name(), r.trackedId(), r.ibmId(),
                    r.name(), result.outcome().name(), result.success(), result.httpStatus(), result.attempts(),
                    result.durationMs(), result.message(), result.traceId());
            tx.update(CLOSE_DEAD_LETTERS, result.success() ? "resolved" : "superseded", run.runId(), r.type().name(), r.trackedId());
            if (!result.success()) {
                tx.update(INSERT_DEAD_LETTER, run.runId(), r.nodeName(), r.deploymentId(), r.type().name(), r.trackedId(),
                        r.ibmId(), r.name(), result.outcome().name(), result.error(), result.attempts(), result.httpStatus(),
                        result.traceId());
            }
            runs.progress(tx, run);
            return true;
        });
        if (!written) {
            LOG.warn("{} ended {} but is not recorded: {}", task, result.outcome(), task.lane().plan().claim().whyNotHeld());
            return;
        }
        task.lane().add(result);
    }
}
