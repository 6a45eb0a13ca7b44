package com.cleanupservice.runs.store;

import com.cleanupservice.api.schema.Notification.NotificationCounts;
import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.notify.EventType;
import com.cleanupservice.notify.Notice;
import com.cleanupservice.notify.Notifications;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.support.LogContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.cleanupservice.lease.Lease;
import com.cleanupservice.lease.LeaseStore;
import com.cleanupservice.lease.Leases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cleanup_runs table: one row per run, with progress while it goes and the summary once it ends. Every write is
 * conditional on the run's epoch: a run another instance took over is not written by this one again. A run started
 * here (not accepted beforehand) is held as a lease while it goes, so that its heartbeat shows this instance is alive;
 * one whose heartbeat stops is closed as abandoned by {@link #abandonStale}.
 */
public final class RunRecords {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecords.class);
    private static final String INSERT = """
            INSERT INTO cleanup_runs (run_id, kind, target, trigger, state, dry_run, force, owner, request, parent_run_id, started_at,
                                      heartbeat_at, epoch)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?, CASE WHEN ? = 'running' THEN now() END, now(), ?)
            """;
    /** Starting (or resuming) a recorded run: progress restarts with the plan of what is left. */
    private static final String START = """
            UPDATE cleanup_runs SET state = 'running', owner = ?, started_at = COALESCE(started_at, now()), total = 0, done = 0
             WHERE run_id = ? AND epoch = ?
            """;
    private static final String ADD_TOTAL = "UPDATE cleanup_runs SET total = total + ? WHERE run_id = ? AND epoch = ?";
    private static final String PROGRESS = "UPDATE cleanup_runs SET done = done + 1 WHERE run_id = ? AND epoch = ?";
    /** A run refused before it started (a scheduled sweep the blast-radius guard stopped): recorded as it ended. */
    private static final String REFUSED = """
            INSERT INTO cleanup_runs (run_id, kind, target, trigger, state, dry_run, force, owner, request, started_at, finished_at,
                                      http_status, summary, error, epoch)
            VALUES (?, ?, ?, ?, 'failed', ?, ?, ?, CAST(? AS JSONB), now(), now(), ?, CAST(? AS JSONB), ?, ?)
            """;
    /** Returns the run's kind and how long it ran (for {@code cleanup_run_seconds}): no second statement for the metric. */
    private static final String FINISH = """
            UPDATE cleanup_runs SET state = ?, http_status = ?, summary = CAST(? AS JSONB), error = ?, finished_at = now()
             WHERE run_id = ? AND epoch = ? AND state IN ('accepted', 'running')
            RETURNING kind, EXTRACT(EPOCH FROM finished_at - COALESCE(started_at, created_at)) AS seconds,
                      run_id, target, state, total, done, error
            """;
    /**
     * A run started here, handed back as this instance shuts down: nobody resumes it (its nodes are released for
     * whatever goes on with them), so it is closed as abandoned now rather than a lease later, under a new epoch.
     */
    private static final String ABANDON_HANDED_BACK = """
            UPDATE cleanup_runs
               SET state = 'abandoned', epoch = epoch + 1, finished_at = now(),
                   error = 'the instance running it (' || COALESCE(owner, '?') || ') shut down before it ended and handed it back; '
                           || 'what it did is in the audit rows'
             WHERE run_id = ? AND epoch = ? AND state IN ('accepted', 'running')
            RETURNING kind, EXTRACT(EPOCH FROM finished_at - COALESCE(started_at, created_at)) AS seconds,
                      run_id, target, state, total, done, error
            """;

    private final Jdbc jdbc;
    private final ObjectMapper json;
    private final Leases leases;
    private final Map<UUID, Lease> started = new ConcurrentHashMap<>();
    private final CleanupMetrics metrics;
    private final Notifications notifications;
    /** The lease part of a run's row: held by {@code owner}, renewed in {@code heartbeat_at}, fenced by {@code epoch}. */
    private final LeaseStore leaseStore;
    /**
     * Runs nobody keeps alive any more that nobody will resume: started where they ran (not accepted to be resumed) or
     * children of a batch or sweep (the resumed parent starts new children), not renewed for a lease — closed as
     * abandoned by the store's end of expired claims, their epoch raised, so a paused instance that wakes up cannot
     * write them again.
     */
    private final LeaseStore.Expiry abandon;

    public RunRecords(Jdbc jdbc, ObjectMapper json, Leases leases) {
        this(jdbc, json, leases, CleanupMetrics.none(), Notifications.off());
    }

    public RunRecords(Jdbc jdbc, ObjectMapper json, Leases leases, CleanupMetrics metrics, Notifications notifications) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.json = json;
        this.leases = leases;
        this.metrics = metrics;
        this.leaseStore = new LeaseStore(jdbc, leases, LEASE_COLUMNS);
        this.abandon = leaseStore.endingExpired("""
                state = 'abandoned', finished_at = now(),
                error = 'the instance running it (' || COALESCE(owner, '?') || ') stopped renewing it; what it did is in the audit rows'
                """, "request->>'endpoint' IS NULL OR parent_run_id IS NOT NULL",
                "kind, EXTRACT(EPOCH FROM finished_at - COALESCE(started_at, created_at)) AS seconds, run_id, target, state, total, done, error");
    }

    /** A run is a claim while it has not ended. */
    public static final LeaseStore.Columns LEASE_COLUMNS = new LeaseStore.Columns("cleanup_runs", "run_id", "owner", "heartbeat_at", "epoch",
            "state IN ('accepted', 'running')");

    /** The runs' leases: renewed and handed back here and by the run queue alike. */
    public LeaseStore leaseStore() {
        return leaseStore;
    }

    /**
     * A run's end, written under its epoch by whoever holds it, and measured ({@code cleanup_run_seconds}) when the
     * write took: {@code finish} is a {@code RETURNING kind, seconds} statement. False when it did not (already
     * closed, or no longer this instance's).
     */
    public boolean finishMeasured(String finish, String state, Object... params) {
        List<Ended> ended = ended(finish, state, params);
        ended.forEach(e -> metrics.runEnded(e.kind(), state, e.seconds()));
        return !ended.isEmpty();
    }

    /**
     * Runs ended by {@code finish}, a statement returning {@code kind, seconds, run_id, target, state, total, done, error}
     * (every statement that ends runs, {@code RunQueue}'s too: what a {@code run_ended} event says of the run, so it needs
     * no read of its own); a run that ended other than {@code completed} is a {@code run_ended} event, written in the
     * same transaction when a webhook wants it.
     */
    private List<Ended> ended(String finish, String state, Object... params) {
        if ("completed".equals(state) || !notifications.wants(EventType.RUN_ENDED)) {
            return jdbc.query(finish, Ended::of, params);
        }
        return jdbc.inTransaction(tx -> {
            List<Ended> rows = tx.query(finish, Ended::of, params);
            for (Ended e : rows) {
                notifications.record(tx, e.notice());
            }
            return rows;
        });
    }

    /** A run as the statement that ended it returned it. */
    private record Ended(String kind, double seconds, UUID runId, String target, String state, Integer total, Integer done,
                         String error) {
        static Ended of(java.sql.ResultSet rs) throws SQLException {
            return new Ended(rs.getString("kind"), rs.getDouble("seconds"), rs.getObject("run_id", UUID.class), rs.getString("target"),
                    rs.getString("state"), (Integer) rs.getObject("total"), (Integer) rs.getObject("done"), rs.getString("error"));
        }

        Notice notice() {
            return Notice.of(EventType.RUN_ENDED, "Run " + runId + " (" + kind + (target == null ? "" : " " + target) + ") ended "
                            + state + (error == null ? "" : ": " + error))
                    .run(runId).node("node".equals(kind) ? target : null).deployment("deployment".equals(kind) ? target : null)
                    .counts(NotificationCounts.none().run(total, done));
        }
    }

    /**
     * Records a run; {@code state} is {@code running} for one starting now (held as a lease here until it finishes),
     * {@code accepted} for one queued.
     */
    public void create(RunRecord run, String state, Object request, UUID parentRunId) {
        jdbc.update(INSERT, run.runId(), run.kind(), run.target(), run.trigger(), state, run.dryRun(), run.force(),
                run.owner(), toJson(request), parentRunId, state, run.epoch());
        if ("running".equals(state)) {
            hold(run);
        }
    }

    /**
     * Records a run starting now in the caller's transaction (with what else must commit with it: a saved plan marked
     * applied by it); {@link #hold} it once that committed.
     */
    public void createRunning(Jdbc.Tx tx, RunRecord run, Object request) throws SQLException {
        tx.update(INSERT, run.runId(), run.kind(), run.target(), run.trigger(), "running", run.dryRun(), run.force(),
                run.owner(), toJson(request), null, "running", run.epoch());
    }

    /** A run started here, held as a lease (its heartbeat) until {@link #finish}. */
    public void hold(RunRecord run) {
        UUID runId = run.runId();
        started.put(runId, leaseStore.hold(leaseName(runId), Lease.Kind.RUN, runId, run.epoch(),
                epoch -> finishMeasured(ABANDON_HANDED_BACK, "abandoned", runId, epoch)));
    }

    /**
     * The lease this instance holds on a run's record (a run started here, or one it took from the queue), for work
     * done under the run alone (a deployment's own records), asked for while the run is held; unshared when there is
     * none (a run this instance records but does not hold), given up when it was handed back already (shutdown).
     */
    public Lease leaseOf(RunRecord run) {
        String name = leaseName(run.runId());
        return leases.find(name).orElseGet(() -> leases.closing() ? Lease.givenUp(name) : Lease.unshared(name));
    }

    /** Starting a run accepted beforehand (its lease held by whoever took it: {@code RunQueue}). */
    public void start(RunRecord run, String owner) {
        write(START, run, owner, run.runId(), run.epoch());
    }

    /**
     * More operations planned, in the transaction that starts them (a node's plan); under the run's epoch, like every
     * write here.
     */
    public void addTotal(Jdbc.Tx tx, RunRecord run, int operations) throws SQLException {
        tx.update(ADD_TOTAL, operations, run.runId(), run.epoch());
    }

    /**
     * One more operation done, in the transaction that records it (a deletion, a node's release). Every deletion of a
     * run updates this one row, so callers make it their transaction's last statement: the row lock is then held only
     * until the commit.
     */
    public void progress(Jdbc.Tx tx, RunRecord run) throws SQLException {
        tx.update(PROGRESS, run.runId(), run.epoch());
    }

    public void finish(RunRecord run, String state, int httpStatus, Object summary, String error) {
        try (LogContext ignored = LogContext.with(LogContext.RUN_ID, run.runId().toString())) {
            if (!notHeld(run) && !finishMeasured(FINISH, state, state, httpStatus,
                    summary == null ? null : toJson(RunSummaries.of(json, summary, run.runId())), error, run.runId(), run.epoch())) {
                LOG.warn("Run {} was not written: its record is no longer this instance's (epoch {} taken over, or it was closed)",
                        run.runId(), run.epoch());
            }
        }
        Lease lease = started.remove(run.runId());
        if (lease != null) {
            leases.release(lease);
        }
    }

    /**
     * Records a run that was refused before it did anything (state {@code failed}, {@code httpStatus}, the refusal as
     * its summary and {@code error}), in the caller's transaction, with what the caller writes beside it.
     */
    public void refused(Jdbc.Tx tx, RunRecord run, Object request, int httpStatus, Object summary, String error) throws SQLException {
        tx.update(REFUSED, run.runId(), run.kind(), run.target(), run.trigger(), run.dryRun(), run.force(), run.owner(), toJson(request),
                httpStatus, toJson(RunSummaries.of(json, summary, run.runId())), error, run.epoch());
        metrics.runEnded(run.kind(), "failed", 0);
    }

    /**
     * Closes the runs whose instance stopped renewing them for a lease ({@link #abandon}), each a {@code run_ended}
     * event in the same transaction when a webhook wants it; their ids.
     */
    public List<UUID> abandonStale() {
        List<Ended> ended = notifications.wants(EventType.RUN_ENDED)
                ? jdbc.inTransaction(tx -> {
                    List<Ended> rows = abandon.run(tx, Ended::of, new Object[0]);
                    for (Ended e : rows) {
                        notifications.record(tx, e.notice());
                    }
                    return rows;
                })
                : abandon.run(Ended::of, new Object[0]);
        List<UUID> abandoned = ended.stream().map(e -> {
            metrics.runEnded(e.kind(), "abandoned", e.seconds());
            return e.runId();
        }).toList();
        if (!abandoned.isEmpty()) {
            LOG.warn("Closed {} run(s) as abandoned: the instance running them stopped renewing them ({})", abandoned.size(), abandoned);
        }
        return abandoned;
    }

    /** The lease name of a run, for every holder of one ({@code RunQueue} too). */
    public static String leaseName(UUID runId) {
        return "run " + runId;
    }

    /**
     * Writes the run's record under its epoch, and only while this instance still holds the run (if it holds it as a
     * lease): a stalled instance leaves the record to the instance that takes the run over, or to {@link #abandonStale}.
     */
    private void write(String sql, RunRecord run, Object... params) {
        try (LogContext ignored = LogContext.with(LogContext.RUN_ID, run.runId().toString())) {
            writeInContext(sql, run, params);
        }
    }

    private void writeInContext(String sql, RunRecord run, Object... params) {
        if (notHeld(run)) {
            return;
        }
        if (jdbc.update(sql, params) == 0) {
            LOG.warn("Run {} was not written: its record is no longer this instance's (epoch {} taken over, or it was closed)",
                    run.runId(), run.epoch());
        }
    }

    /**
     * Whether this instance holds the run as a lease that is no longer held, so it writes nothing for it; said in the
     * log: expected when it handed the run back itself (shutdown), a warning otherwise.
     */
    private boolean notHeld(RunRecord run) {
        Lease lease = leases.find(leaseName(run.runId())).orElse(null);
        String why = lease == null ? null : lease.whyNotHeld();
        if (why == null) {
            return false;
        }
        if (lease.stopped()) {
            LOG.info("Run {} not written here: {}", run.runId(), why);
        } else {
            LOG.warn("Run {} not written here: {}", run.runId(), why);
        }
        return true;
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
