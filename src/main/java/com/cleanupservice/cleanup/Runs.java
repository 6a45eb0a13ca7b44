package com.cleanupservice.cleanup;

import com.cleanupservice.persistence.Jdbc;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.SQLException;
import java.util.UUID;

/** The cleanup_runs table: one row per run, with progress while it goes and the summary once it ends. */
public final class Runs {
    private static final String INSERT = """
            INSERT INTO cleanup_runs (run_id, kind, target, trigger, state, dry_run, force, owner, request, parent_run_id, started_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?, CASE WHEN ? = 'running' THEN now() END)
            """;
    /** Starting (or resuming) a recorded run: progress restarts with the plan of what is left. */
    private static final String START = """
            UPDATE cleanup_runs SET state = 'running', owner = ?, started_at = COALESCE(started_at, now()), total = 0, done = 0
             WHERE run_id = ?
            """;
    private static final String ADD_TOTAL = "UPDATE cleanup_runs SET total = total + ? WHERE run_id = ?";
    private static final String PROGRESS = "UPDATE cleanup_runs SET done = done + 1 WHERE run_id = ?";
    private static final String FINISH = """
            UPDATE cleanup_runs SET state = ?, http_status = ?, summary = CAST(? AS JSONB), error = ?, finished_at = now()
             WHERE run_id = ?
            """;

    private final Jdbc jdbc;
    private final ObjectMapper json;

    public Runs(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records a run; {@code state} is {@code running} for one starting now, {@code accepted} for one queued. */
    public void create(CleanupRun run, String state, Object request, UUID parentRunId) {
        jdbc.update(INSERT, run.runId(), run.kind(), run.target(), run.trigger(), state, run.dryRun(), run.force(),
                run.owner(), toJson(request), parentRunId, state);
    }

    public void start(UUID runId, String owner) {
        jdbc.update(START, owner, runId);
    }

    public void addTotal(UUID runId, int operations) {
        jdbc.update(ADD_TOTAL, operations, runId);
    }

    void progress(Jdbc.Tx tx, UUID runId) throws SQLException {
        tx.update(PROGRESS, runId);
    }

    /** One more operation done outside a deletion (the node status update). */
    void progress(UUID runId) {
        jdbc.update(PROGRESS, runId);
    }

    public void finish(UUID runId, String state, int httpStatus, Object summary, String error) {
        jdbc.update(FINISH, state, httpStatus, toJson(summary), error, runId);
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
