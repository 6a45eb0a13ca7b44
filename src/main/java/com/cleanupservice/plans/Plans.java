package com.cleanupservice.plans;

import com.cleanupservice.api.schema.PlanList;
import com.cleanupservice.api.schema.SavedPlan;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code cleanup_plans} rows: ids, the snapshot of a target's tracked state (read from the registry's ledger,
 * every type's {@code Rows.ledger}), and the plan's record — saved, read, listed, locked for its apply. Rows are never
 * deleted.
 */
public final class Plans {
    /** {@code pl-} and 20 lowercase base32 characters (100 random bits); its short id is the first 8 of them. */
    static final Pattern PLAN_ID = Pattern.compile("pl-[a-z2-7]{20}");
    /** A short id as a person types it, with or without {@code pl-}. */
    static final Pattern SHORT_ID = Pattern.compile("(pl-)?[a-z2-7]{8}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<List<SavedPlan.PlanResource>> RESOURCES = new TypeReference<>() {
    };

    private static final String COLUMNS = """
            plan_id, target, resources, snapshot, digest, requested_by, created_at, expires_at, applied_run_id, applied_at
            """;
    private static final String INSERT = """
            INSERT INTO cleanup_plans (plan_id, target_kind, target, force, resources, snapshot, digest, requested_by, expires_at)
            VALUES (?, ?, CAST(? AS JSONB), ?, CAST(? AS JSONB), CAST(? AS JSONB), ?, ?, now() + make_interval(secs => ?))
            RETURNING\s""" + COLUMNS;
    private static final String ONE = "SELECT " + COLUMNS + " FROM cleanup_plans WHERE plan_id = ?";
    private static final String LOCK = ONE + " FOR UPDATE";
    private static final String BY_SHORT_ID = "SELECT plan_id FROM cleanup_plans WHERE plan_id LIKE ? LIMIT 2";
    private static final String MARK_APPLIED = """
            UPDATE cleanup_plans SET applied_run_id = ?, applied_at = now() WHERE plan_id = ? AND applied_run_id IS NULL
            """;
    /** Newest first; keyset after the plan {@code before} names (null: from the newest). */
    private static final String PAGE = """
            SELECT %s FROM cleanup_plans
             WHERE CAST(? AS TEXT) IS NULL
                OR (created_at, plan_id) < (SELECT created_at, plan_id FROM cleanup_plans WHERE plan_id = CAST(? AS TEXT))
             ORDER BY created_at DESC, plan_id DESC
             LIMIT ?
            """.formatted(COLUMNS);
    private static final String NODES_NAMED = "SELECT id, node_name, deployment_status FROM nodes WHERE node_name = ANY(?)";
    private static final String NODES_OF = "SELECT id, node_name, deployment_status FROM nodes WHERE deployment_id = ?";

    private final Jdbc jdbc;
    private final ObjectMapper json;
    private final Duration ttl;
    /** The target's rows from the whole ledger: a node's by name, a deployment's own by id. */
    private final String rowsOfTarget;
    /** Rows anywhere in the ledger by {@code "<type> <tracked id>"}: where a row gone from the target went. */
    private final String rowsByKey;

    public Plans(Jdbc jdbc, ObjectMapper json, ResourceTypes types, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalStateException("cleanup.plans.ttl-ms must be positive, not " + ttl.toMillis());
        }
        this.jdbc = jdbc;
        this.json = json;
        this.ttl = ttl;
        String ledger = "SELECT l.resource_type, l.tracked_id, l.ibm_id, l.state, l.node_name, l.deployment_id FROM (\n"
                + types.ledgerSql() + "\n) l\n";
        this.rowsOfTarget = ledger + " WHERE l.node_name = ANY(?) OR (l.node_name IS NULL AND l.deployment_id = CAST(? AS TEXT))";
        this.rowsByKey = ledger + " WHERE (l.resource_type || ' ' || l.tracked_id) = ANY(?)";
    }

    Duration ttl() {
        return ttl;
    }

    static String newId() {
        StringBuilder id = new StringBuilder("pl-");
        for (int i = 0; i < 20; i++) {
            id.append(BASE32[RANDOM.nextInt(BASE32.length)]);
        }
        return id.toString();
    }

    static String shortId(String planId) {
        return planId.substring(3, 11);
    }

    // ---- snapshots ---------------------------------------------------------------------------------------------

    /** The target's tracked state now, read in one transaction. */
    Snapshot snapshot(SavedPlan.PlanTarget target) {
        return jdbc.inTransaction(tx -> snapshot(tx, target));
    }

    /**
     * The target's nodes — a deployment's as they are now, any other target's by the names it fixed — and every
     * tracked row they own (a deployment's own rows too), whatever the row's type or state.
     */
    Snapshot snapshot(Jdbc.Tx tx, SavedPlan.PlanTarget target) throws SQLException {
        boolean deployment = "deployment".equals(target.kind());
        List<Snapshot.Node> nodes = deployment ? tx.query(NODES_OF, Plans::node, target.deployment_id())
                : tx.query(NODES_NAMED, Plans::node, (Object) nodeNames(target).toArray(String[]::new));
        String[] names = nodes.stream().map(Snapshot.Node::name).toArray(String[]::new);
        List<Snapshot.Row> rows = tx.query(rowsOfTarget, Plans::row, names, deployment ? target.deployment_id() : null);
        return new Snapshot(rows, nodes);
    }

    /** Where these rows (by key) are in the ledger now, whoever owns them. */
    Map<String, Snapshot.Row> rowsAnywhere(List<String> keys) {
        Map<String, Snapshot.Row> found = new LinkedHashMap<>();
        jdbc.query(rowsByKey, Plans::row, (Object) keys.toArray(String[]::new)).forEach(r -> found.put(r.key(), r));
        return found;
    }

    static List<String> nodeNames(SavedPlan.PlanTarget target) {
        return target.node_name() != null ? List.of(target.node_name()) : target.node_names() == null ? List.of() : target.node_names();
    }

    private static Snapshot.Node node(ResultSet rs) throws SQLException {
        return new Snapshot.Node(rs.getLong("id"), rs.getString("node_name"), rs.getString("deployment_status"));
    }

    private static Snapshot.Row row(ResultSet rs) throws SQLException {
        return new Snapshot.Row(rs.getString("resource_type"), rs.getLong("tracked_id"), rs.getString("ibm_id"), rs.getString("state"),
                rs.getString("node_name"), rs.getString("deployment_id"));
    }

    // ---- the record --------------------------------------------------------------------------------------------

    /** A plan as its row has it. */
    record Stored(SavedPlan.PlanTarget target, List<SavedPlan.PlanResource> resources, Snapshot snapshot, String digest,
                  SavedPlan answer) {
        String id() {
            return answer.plan_id();
        }

        boolean expired() {
            return Instant.parse(answer.expires_at()).isBefore(Instant.now());
        }
    }

    Stored insert(SavedPlan.PlanTarget target, List<SavedPlan.PlanResource> resources, Snapshot snapshot, String requestedBy) {
        return jdbc.one(INSERT, this::stored, newId(), target.kind(), write(target), target.force(), write(resources), write(snapshot),
                snapshot.digest(), requestedBy, ttl.toMillis() / 1000.0).orElseThrow();
    }

    /** The plan a path names: its full id, or its short id when exactly one plan has it; 404 or 409 otherwise. */
    String resolve(String given) {
        String id = given == null ? "" : given.trim();
        if (PLAN_ID.matcher(id).matches()) {
            return id;
        }
        if (!SHORT_ID.matcher(id).matches()) {
            throw Refusal.badRequest("not a plan id: expected pl- and 20 characters, or a short id of 8 (a-z, 2-7)");
        }
        String prefix = "pl-" + (id.startsWith("pl-") ? id.substring(3) : id);
        List<String> found = jdbc.query(BY_SHORT_ID, rs -> rs.getString(1), prefix + "%");
        if (found.isEmpty()) {
            throw Refusal.notFound("Plan not found: " + id);
        }
        if (found.size() > 1) {
            throw Refusal.conflict("More than one plan has the short id " + id + "; use the full plan id", Map.of());
        }
        return found.get(0);
    }

    Stored get(String idOrShort) {
        String id = resolve(idOrShort);
        return jdbc.one(ONE, this::stored, id).orElseThrow(() -> Refusal.notFound("Plan not found: " + id));
    }

    /** The plan, locked (FOR UPDATE) in the caller's transaction: one apply at a time, the retry waiting for the first. */
    Optional<Stored> lock(Jdbc.Tx tx, String id) throws SQLException {
        return tx.one(LOCK, this::stored, id);
    }

    boolean markApplied(Jdbc.Tx tx, String id, UUID runId) throws SQLException {
        return tx.update(MARK_APPLIED, runId, id) == 1;
    }

    PlanList page(String limitText, String before) {
        int limit = Input.pageSize(limitText, 50, 500);
        String after = before == null ? null : resolve(before);
        List<SavedPlan> plans = new ArrayList<>(jdbc.query(PAGE, rs -> stored(rs).answer(), after, after, limit + 1));
        String next = null;
        if (plans.size() > limit) {
            plans = plans.subList(0, limit);
            next = "/api/plans?limit=" + limit + "&before=" + plans.get(limit - 1).plan_id();
        }
        return new PlanList(List.copyOf(plans), plans.size(), next, Instant.now().toString());
    }

    private Stored stored(ResultSet rs) throws SQLException {
        String id = rs.getString("plan_id");
        SavedPlan.PlanTarget target = read(rs.getString("target"), SavedPlan.PlanTarget.class);
        List<SavedPlan.PlanResource> resources = read(rs.getString("resources"), RESOURCES);
        Snapshot snapshot = read(rs.getString("snapshot"), Snapshot.class);
        Instant expires = rs.getTimestamp("expires_at").toInstant();
        UUID applied = rs.getObject("applied_run_id", UUID.class);
        Timestamp appliedAt = rs.getTimestamp("applied_at");
        String state = applied != null ? "applied" : expires.isBefore(Instant.now()) ? "expired" : "open";
        SavedPlan answer = new SavedPlan(id, shortId(id), target, resources, resources.size(), rs.getString("digest"),
                rs.getString("requested_by"), rs.getTimestamp("created_at").toInstant().toString(), expires.toString(), state,
                applied == null ? null : applied.toString(), appliedAt == null ? null : appliedAt.toInstant().toString());
        return new Stored(target, resources, snapshot, rs.getString("digest"), answer);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + e.getOriginalMessage(), e);
        }
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored plan is not what it should be: " + e.getOriginalMessage(), e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored plan is not what it should be: " + e.getOriginalMessage(), e);
        }
    }
}
