package com.cleanupservice.failures;

import com.cleanupservice.api.schema.FailureList;
import com.cleanupservice.cleanup.CleanupEndpoints;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.ibm.Accounts;
import com.cleanupservice.ibm.PlaceFilter;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dead letters: deletions that did not succeed after every retry, or were blocked. A retry re-runs the cleanup of
 * the failure's node (or, for a deployment's own DNS record, of the deployment): the re-run resumes, so it retries
 * exactly what is not yet gone, and the ledger then marks the dead letter resolved or superseded.
 */
public final class Failures {
    private static final Set<String> STATUSES = Set.of("open", "superseded", "resolved", "all");
    /** The dead letters asked for, each with its resource's place ({@code p}, {@link ResourceTypes#placeJoin}). */
    private static final String LIST = """
            SELECT d.id, d.run_id, d.node_name, d.deployment_id, d.resource_type, d.ibm_id AS resource_id, d.resource_name,
                   d.outcome, d.error, d.attempts, d.last_http_status, d.trace_id, d.status, d.created_at, d.retried_at,
                   d.retry_run_id, p.account, p.region, p.regional
              FROM dead_letters d
              %s
             WHERE (CAST(? AS TEXT) IS NULL OR d.node_name = ?)
               AND (CAST(? AS TEXT) IS NULL OR d.deployment_id = ?)
               AND (CAST(? AS TEXT) IS NULL OR d.resource_type = ?)
               AND (? = 'all' OR d.status = ?)
               AND %s
             ORDER BY d.id DESC LIMIT ?
            """;
    private static final String ONE = "SELECT id, node_name, deployment_id, status FROM dead_letters WHERE id = ?";
    private static final String MARK_RETRIED = "UPDATE dead_letters SET retried_at = now() WHERE id = ?";

    /** Where a retry goes: the cleanup entry point and its request. */
    public record Retry(long failureId, String endpoint, CleanupRequest request) {
    }

    private final Jdbc jdbc;
    private final Accounts accounts;
    private final String list;

    /** {@code accounts}: what the account and region filters are checked against, and the place of a row naming none. */
    public Failures(Jdbc jdbc, ResourceTypes types, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.list = LIST.formatted(types.placeJoin("d"), PlaceFilter.SQL);
    }

    /** Filters: each null for none; {@code account} and {@code region} exact names of the configured ones. */
    public FailureList list(String nodeName, String deploymentId, String resourceType, String status, String limit,
                            String account, String region) {
        String s = status == null ? "open" : status;
        if (!STATUSES.contains(s)) {
            throw Refusal.badRequest("status must be one of " + STATUSES);
        }
        for (String value : new String[] {nodeName, deploymentId, resourceType}) {
            if (value != null && !Input.ID.matcher(value).matches()) {
                throw Refusal.badRequest("invalid filter value '" + value + "'");
            }
        }
        PlaceFilter place = PlaceFilter.of(accounts, account, region);
        int n = Input.pageSize(limit, 100, 1000);
        List<Object> parameters = new ArrayList<>(Arrays.asList(nodeName, nodeName, deploymentId, deploymentId,
                resourceType, resourceType, s, s));
        parameters.addAll(Arrays.asList(place.parameters()));
        parameters.add(n);
        List<FailureList.Failure> failures = jdbc.query(list, rs -> failure(rs, place), parameters.toArray());
        return new FailureList(failures, failures.size(), s, Instant.now().toString());
    }

    private static FailureList.Failure failure(ResultSet rs, PlaceFilter place) throws SQLException {
        return new FailureList.Failure(rs.getLong("id"), rs.getString("run_id"), rs.getString("node_name"), rs.getString("deployment_id"),
                rs.getString("resource_type"), rs.getString("resource_id"), rs.getString("resource_name"), rs.getString("outcome"),
                rs.getString("error"), rs.getObject("attempts", Integer.class), rs.getObject("last_http_status", Integer.class),
                rs.getString("trace_id"), rs.getString("status"), instant(rs, "created_at"), instant(rs, "retried_at"),
                rs.getString("retry_run_id"), place.accountOf(rs.getString("account"), rs.getObject("regional", Boolean.class)),
                place.regionOf(rs.getString("region"), rs.getObject("regional", Boolean.class)));
    }

    private static String instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant().toString();
    }

    /** Plans the retry of one open failure; 404 unknown, 409 when it is no longer open. */
    public Retry retry(String id, boolean force) {
        long failureId;
        try {
            failureId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("failure id must be a number");
        }
        Map<String, Object> failure = jdbc.rows(ONE, failureId).stream().findFirst()
                .orElseThrow(() -> Refusal.notFound("Failure not found: " + id));
        if (!"open".equals(failure.get("status"))) {
            throw Refusal.conflict("failure " + id + " is " + failure.get("status") + ", not open: nothing to retry", null);
        }
        jdbc.update(MARK_RETRIED, failureId);
        String node = (String) failure.get("node_name");
        if (node != null) {
            return new Retry(failureId, CleanupEndpoints.CLEANUP_NODE, CleanupRequest.ofNodeName(node, force, false, "retry"));
        }
        return new Retry(failureId, CleanupEndpoints.CLEANUP_DEPLOYMENT,
                CleanupRequest.of((String) failure.get("deployment_id"), force, false, "retry"));
    }

    public Map<String, Object> status(long failureId) {
        return jdbc.rows("SELECT status, retry_run_id FROM dead_letters WHERE id = ?", failureId).get(0);
    }
}
