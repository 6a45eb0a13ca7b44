package com.cleanupservice.runs;

import com.cleanupservice.api.schema.RunList;
import com.cleanupservice.api.schema.RunOperationsPage;
import com.cleanupservice.api.schema.RunView;
import com.cleanupservice.ibm.Accounts;
import com.cleanupservice.ibm.PlaceFilter;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
                   o.outcome, o.success, o.http_status, o.attempts, o.duration_ms, o.message, o.trace_id, o.created_at,
                   p.account, p.region, p.regional
              FROM cleanup_operations o
              %s
             WHERE o.run_id IN (SELECT CAST(? AS UUID) UNION ALL SELECT run_id FROM cleanup_runs WHERE parent_run_id = ?)
               AND o.id > ? AND (CAST(? AS TEXT) IS NULL OR o.outcome = ?)
               AND %s
             ORDER BY o.id
             LIMIT ?
            """;
    static final int PAGE = 100;
    static final int MAX_PAGE = 1000;

    /** Without the registry no place is known: every operation's account and region null, no place filter taken. */
    private static final String NO_PLACE = "CROSS JOIN (SELECT CAST(NULL AS TEXT) AS account, CAST(NULL AS TEXT) AS region, "
            + "CAST(NULL AS BOOLEAN) AS regional) p";

    private final Jdbc jdbc;
    private final ObjectMapper json;
    private final Accounts accounts;
    private final String operations;

    public RunViews(Jdbc jdbc, ObjectMapper json) {
        this(jdbc, json, null, null);
    }

    /** {@code types}, {@code accounts}: where each operation's resource lives, and what the place filters are checked against. */
    public RunViews(Jdbc jdbc, ObjectMapper json, ResourceTypes types, Accounts accounts) {
        this.jdbc = jdbc;
        this.json = json;
        this.accounts = accounts;
        this.operations = OPERATIONS.formatted(types == null ? NO_PLACE : types.placeJoin("o"), PlaceFilter.SQL);
    }

    public RunView one(String id) {
        UUID runId = uuid(id);
        RunView run = jdbc.query(ONE, rs -> view(rs).withDetail(summary(rs.getString("summary")), null, null), runId)
                .stream().findFirst().orElseThrow(() -> Refusal.notFound("Run not found: " + id));
        return run.withDetail(run.summary(), children(runId), Instant.now().toString());
    }

    /** A batch's or sweep's node runs; null when the run has none (then the view has no {@code children}). */
    private List<RunView.ChildRun> children(UUID runId) {
        List<RunView.ChildRun> children = jdbc.query(CHILDREN, rs -> new RunView.ChildRun(text(rs, "run_id"), rs.getString("kind"),
                rs.getString("target"), rs.getString("state"), integer(rs, "http_status"), rs.getLong("total"), rs.getLong("done")), runId);
        return children.isEmpty() ? null : children;
    }

    /**
     * {@code GET /api/cleanup/runs/{id}/operations?limit=&after=&outcome=}: every deletion the run (and its children)
     * recorded, {@code limit} at a time (default 100, at most 1000) after the operation id {@code after}; {@code next}
     * is the address of the next page, null on the last.
     */
    public RunOperationsPage operations(String id, String limitText, String afterText, String outcomeText) {
        return operations(id, limitText, afterText, outcomeText, null, null);
    }

    /** As {@link #operations(String, String, String, String)}, only the operations on resources in {@code account} and {@code region} (either null: any). */
    public RunOperationsPage operations(String id, String limitText, String afterText, String outcomeText, String account, String region) {
        UUID runId = uuid(id);
        PlaceFilter place = accounts != null ? PlaceFilter.of(accounts, account, region) : new PlaceFilter(null, null, null, null);
        if (accounts == null && (account != null || region != null)) {
            throw Refusal.badRequest("these operations know no places: account and region cannot be filtered");
        }
        int limit = Input.pageSize(limitText, PAGE, MAX_PAGE);
        long after = afterText == null ? 0 : number(afterText, 0, Long.MAX_VALUE, "after must be an operation id (a whole number, 0 or more)");
        String outcome = outcomeText == null ? null : outcomeText.toUpperCase(Locale.ROOT);
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw Refusal.badRequest("outcome must be one of " + new java.util.TreeSet<>(OUTCOMES));
        }
        if (jdbc.rows(EXISTS, runId).isEmpty()) {
            throw Refusal.notFound("Run not found: " + id);
        }
        List<Object> parameters = new ArrayList<>(Arrays.asList(runId, runId, after, outcome, outcome));
        parameters.addAll(Arrays.asList(place.parameters()));
        parameters.add(limit);
        List<RunOperationsPage.AuditRow> page = jdbc.query(operations, rs -> auditRow(rs, place), parameters.toArray());
        Long last = page.isEmpty() ? null : page.get(page.size() - 1).id();
        boolean more = page.size() >= limit;
        return new RunOperationsPage(runId.toString(), page, page.size(), limit, after, more ? last : null,
                more ? "/api/cleanup/runs/" + runId + "/operations?limit=" + limit + "&after=" + last
                        + (outcome == null ? "" : "&outcome=" + outcome) + (account == null ? "" : "&account=" + account)
                        + (region == null ? "" : "&region=" + region) : null,
                Instant.now().toString());
    }

    private static RunOperationsPage.AuditRow auditRow(ResultSet rs, PlaceFilter place) throws SQLException {
        return new RunOperationsPage.AuditRow(rs.getLong("id"), text(rs, "run_id"), rs.getString("node_name"), rs.getString("deployment_id"),
                rs.getString("resource_type"), rs.getString("resource_id"), rs.getString("resource_name"), rs.getString("outcome"),
                rs.getBoolean("success"), integer(rs, "http_status"), integer(rs, "attempts"), rs.getLong("duration_ms"),
                rs.getString("message"), rs.getString("trace_id"), instant(rs, "created_at"), place.accountOf(rs.getString("account"), rs.getObject("regional", Boolean.class)),
                place.regionOf(rs.getString("region"), rs.getObject("regional", Boolean.class)));
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

    public RunList recent(String state, String kind, String limit) {
        if (state != null && !STATES.contains(state)) {
            throw Refusal.badRequest("state must be one of " + STATES);
        }
        int n = Input.pageSize(limit, 50, 500);
        String kindValue = kind == null ? null : kind.toLowerCase(Locale.ROOT);
        List<RunView> runs = jdbc.query(RECENT, RunViews::view, state, state, kindValue, kindValue, n);
        return new RunList(runs, runs.size(), Instant.now().toString());
    }

    private static RunView view(ResultSet rs) throws SQLException {
        String state = rs.getString("state");
        long done = rs.getLong("done");
        long total = rs.getLong("total");
        // nothing to do is all done only for a run that completed: a refused or failed one did nothing, not 100%
        int percent = total == 0 ? ("completed".equals(state) ? 100 : 0) : (int) Math.min(100, done * 100 / total);
        return new RunView(text(rs, "run_id"), rs.getString("kind"), rs.getString("target"), rs.getString("trigger"), state,
                rs.getBoolean("dry_run"), rs.getBoolean("force"), new RunView.Progress(done, total, percent), integer(rs, "http_status"),
                rs.getString("error"), rs.getString("owner"), text(rs, "parent_run_id"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"), null, null, null);
    }

    /** A column as its text (a UUID's), null when NULL. */
    private static String text(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? null : value.toString();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** A timestamp as {@link Instant#toString()} writes it, as every answer does; null when NULL. */
    private static String instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant().toString();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Refusal.badRequest("run id must be a UUID");
        }
    }

    /** A stored run document, passed through as it was stored (its text, should it not be JSON); null when none. */
    private Object summary(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return text;
        }
    }
}
