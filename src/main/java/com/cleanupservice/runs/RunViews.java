package com.cleanupservice.runs;

import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** What {@code GET /api/cleanup/runs[/{id}]} shows: state, progress (a batch's or sweep's includes its children's). */
public final class RunViews {
    private static final Set<String> STATES = Set.of("accepted", "running", "completed", "partial", "failed", "abandoned");
    private static final String COLUMNS = """
            r.run_id, r.kind, r.target, r.trigger, r.state, r.dry_run, r.force, r.owner, r.parent_run_id, r.http_status,
            r.error, r.created_at, r.started_at, r.finished_at,
            r.total + COALESCE((SELECT SUM(c.total) FROM cleanup_runs c WHERE c.parent_run_id = r.run_id), 0) AS total,
            r.done + COALESCE((SELECT SUM(c.done) FROM cleanup_runs c WHERE c.parent_run_id = r.run_id), 0) AS done
            """;
    private static final String ONE = "SELECT " + COLUMNS + ", r.summary FROM cleanup_runs r WHERE r.run_id = ?";
    private static final String CHILDREN = """
            SELECT run_id, kind, target, state, http_status, total, done FROM cleanup_runs
             WHERE parent_run_id = ? ORDER BY created_at LIMIT 500
            """;
    private static final String RECENT = """
            SELECT %s FROM cleanup_runs r
             WHERE (CAST(? AS TEXT) IS NULL OR r.state = ?) AND (CAST(? AS TEXT) IS NULL OR r.kind = ?)
             ORDER BY r.created_at DESC LIMIT ?
            """.formatted(COLUMNS);

    private static final Set<String> OUTCOMES = Set.of("DELETED", "ALREADY_GONE", "SKIPPED", "BLOCKED", "FAILED");
    private static final String EXISTS = "SELECT 1 FROM cleanup_runs WHERE run_id = ?";
    /** One page of a run's audit rows and its children's (a batch's or sweep's node runs), in the order they were written. */
    private static final String OPERATIONS = """
            SELECT o.id, o.run_id, o.node_name, o.deployment_id, o.resource_type, o.ibm_id AS resource_id, o.resource_name,
                   o.outcome, o.success, o.http_status, o.attempts, o.duration_ms, o.message, o.trace_id, o.created_at
              FROM cleanup_operations o
             WHERE o.run_id IN (SELECT CAST(? AS UUID) UNION ALL SELECT run_id FROM cleanup_runs WHERE parent_run_id = ?)
               AND o.id > ? AND (CAST(? AS TEXT) IS NULL OR o.outcome = ?)
             ORDER BY o.id
             LIMIT ?
            """;
    static final int PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final Jdbc jdbc;
    private final ObjectMapper json;

    public RunViews(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Map<String, Object> one(String id) {
        UUID runId = uuid(id);
        Map<String, Object> row = jdbc.rows(ONE, runId).stream().findFirst()
                .orElseThrow(() -> Refusal.notFound("Run not found: " + id));
        Map<String, Object> view = view(row);
        Object summary = row.get("summary");
        if (summary != null) {
            view.put("summary", parse(summary.toString()));
        }
        List<Map<String, Object>> children = jdbc.rows(CHILDREN, runId);
        if (!children.isEmpty()) {
            view.put("children", children);
        }
        view.put("timestamp", Instant.now().toString());
        return view;
    }

    /**
     * {@code GET /api/cleanup/runs/{id}/operations?limit=&after=&outcome=}: every deletion the run (and its children)
     * recorded, {@code limit} at a time (default 100, at most 1000) after the operation id {@code after}; {@code next}
     * is the address of the next page, null on the last.
     */
    public Map<String, Object> operations(String id, String limitText, String afterText, String outcomeText) {
        UUID runId = uuid(id);
        int limit = Input.pageSize(limitText, PAGE, MAX_PAGE);
        long after = afterText == null ? 0 : number(afterText, 0, Long.MAX_VALUE, "after must be an operation id (a whole number, 0 or more)");
        String outcome = outcomeText == null ? null : outcomeText.toUpperCase(Locale.ROOT);
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw Refusal.badRequest("outcome must be one of " + new java.util.TreeSet<>(OUTCOMES));
        }
        if (jdbc.rows(EXISTS, runId).isEmpty()) {
            throw Refusal.notFound("Run not found: " + id);
        }
        List<Map<String, Object>> page = jdbc.rows(OPERATIONS, runId, runId, after, outcome, outcome, limit);
        Object last = page.isEmpty() ? null : page.get(page.size() - 1).get("id");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId.toString());
        body.put("operations", page);
        body.put("count", page.size());
        body.put("limit", limit);
        body.put("after", after);
        body.put("next_after", page.size() < limit ? null : last);
        body.put("next", page.size() < limit ? null : "/api/cleanup/runs/" + runId + "/operations?limit=" + limit + "&after=" + last
                + (outcome == null ? "" : "&outcome=" + outcome));
        body.put("timestamp", Instant.now().toString());
        return body;
    }

    private static long number(String text, long min, long max, String problem) {
        try {
            long n = Long.parseLong(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the refusal below says what is expected
        }
        throw Refusal.badRequest(problem);
    }

    public Map<String, Object> recent(String state, String kind, String limit) {
        if (state != null && !STATES.contains(state)) {
            throw Refusal.badRequest("state must be one of " + STATES);
        }
        int n = Input.pageSize(limit, 50, 500);
        String kindValue = kind == null ? null : kind.toLowerCase(Locale.ROOT);
        List<Map<String, Object>> runs = jdbc.rows(RECENT, state, state, kindValue, kindValue, n).stream().map(this::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runs", runs);
        body.put("count", runs.size());
        body.put("timestamp", Instant.now().toString());
        return body;
    }

    private Map<String, Object> view(Map<String, Object> row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("run_id", row.get("run_id"));
        view.put("kind", row.get("kind"));
        view.put("target", row.get("target"));
        view.put("trigger", row.get("trigger"));
        view.put("state", row.get("state"));
        view.put("dry_run", row.get("dry_run"));
        view.put("force", row.get("force"));
        long done = ((Number) row.get("done")).longValue();
        long total = ((Number) row.get("total")).longValue();
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("done", done);
        progress.put("total", total);
        // nothing to do is all done only for a run that completed: a refused or failed one did nothing, not 100%
        progress.put("percent", total == 0 ? ("completed".equals(row.get("state")) ? 100 : 0) : Math.min(100, done * 100 / total));
        view.put("progress", progress);
        view.put("http_status", row.get("http_status"));
        view.put("error", row.get("error"));
        view.put("owner", row.get("owner"));
        view.put("parent_run_id", row.get("parent_run_id"));
        view.put("created_at", row.get("created_at"));
        view.put("started_at", row.get("started_at"));
        view.put("finished_at", row.get("finished_at"));
        return view;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Refusal.badRequest("run id must be a UUID");
        }
    }

    private Object parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return text;
        }
    }
}
