package com.cleanupservice.guard;

import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.support.Refusal;

/**
 * The blast-radius guard: how many resources a run would call IBM to delete, counted in the database before the run
 * claims anything, and whether that is more than the limits ({@link GuardLimits}) allow. A refused run is refused
 * before its first IBM call and before any node is claimed or any row marked DELETING.
 *
 * <p>What a run would delete is its plan's tasks: the tracked rows of its nodes (and of a deployment itself) that are
 * neither GONE nor RELEASED — what the load step loads. The counts read the registry's ledger union by node name, which
 * PostgreSQL pushes into every type's branch and reads through its node_name index (as the status views do); a
 * deployment's own rows through the same index ({@code node_name IS NULL}). The total tracked (for the percent limit)
 * is read only for a run large enough for that limit to apply.
 */
public final class BlastRadius {
    /**
     * The exchange property a batch or sweep sets once its whole selection passed the guard: the node and deployment
     * cleanups it starts were counted in its sum and are not counted again.
     */
    public static final String COUNTED = "cleanupGuardCounted";

    private final Jdbc jdbc;
    private final GuardLimits limits;
    private final ResourceTypes types;
    private final String ofNode;
    private final String ofDeployment;
    private final String total;

    public BlastRadius(Jdbc jdbc, ResourceTypes types, GuardLimits limits) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.types = types;
        this.ofNode = "SELECT COUNT(*) FROM (" + types.openRowsOfNodes("SELECT ? AS node_name") + ") open";
        this.ofDeployment = "SELECT COUNT(*) FROM (" + types.openRowsOfDeployment() + ") open";
        this.total = "SELECT COUNT(*) FROM (" + types.ledgerSql() + ") tracked WHERE tracked." + ResourceTypes.OPEN;
    }

    public GuardLimits limits() {
        return limits;
    }

    /** What a cleanup of this node would delete. */
    public long ofNode(String nodeName) {
        return jdbc.one(ofNode, rs -> rs.getLong(1), nodeName).orElse(0L);
    }

    /** What a cleanup of this deployment would delete: its nodes' rows and its own. */
    public long ofDeployment(String deploymentId) {
        return jdbc.one(ofDeployment, rs -> rs.getLong(1), deploymentId, deploymentId).orElse(0L);
    }

    /**
     * What cleanups of a selection of nodes would delete: {@code nodeNames} is a SELECT of a {@code node_name} column (a
     * constant of the caller, its values bound as {@code params}), e.g. the nodes an orphan sweep would take.
     */
    public long ofNodes(String nodeNames, Object... params) {
        return jdbc.one("SELECT COUNT(*) FROM (" + types.openRowsOfNodes(nodeNames) + ") open", rs -> rs.getLong(1), params).orElse(0L);
    }

    /** Every tracked resource not yet deleted (nor released), of every type and owner. */
    public long totalTracked() {
        return jdbc.one(total, rs -> rs.getLong(1)).orElse(0L);
    }

    /** The verdict on a run of {@code planned} deletions, the operator having confirmed {@code confirmCount} (or nothing). */
    public Verdict judge(long planned, Integer confirmCount) {
        if (limits.maxResources() > 0 && planned > limits.maxResources()) {
            return new Verdict(planned, confirmCount, Verdict.MAX_RESOURCES, limits, null, null);
        }
        if (limits.percentApplies(planned)) {
            long tracked = Math.max(totalTracked(), planned);
            double percent = Math.round(planned * 1000.0 / tracked) / 10.0;
            if (planned * 100 > (long) limits.maxPercent() * tracked) {
                return new Verdict(planned, confirmCount, Verdict.MAX_PERCENT, limits, percent, tracked);
            }
            return new Verdict(planned, confirmCount, null, limits, percent, tracked);
        }
        return new Verdict(planned, confirmCount, null, limits, null, null);
    }

    /**
     * Refuses (409) a run of {@code planned} deletions that the limits do not allow and the operator did not confirm,
     * or whose confirmed count is not {@code planned}; the verdict when it goes ahead. {@code what} names the run in
     * the refusal; {@code confirmBy} says how to confirm ({@code "?confirm_count=<planned>"}), null when nobody may.
     */
    public Verdict check(String what, long planned, Integer confirmCount, String confirmBy) {
        Verdict verdict = judge(planned, confirmBy == null ? null : confirmCount);
        if (verdict.refuses()) {
            throw verdict.refusal(what, confirmBy);
        }
        return verdict;
    }

    /**
     * The exchange property saying that the batch or sweep being carried out is a run accepted earlier
     * ({@code ?async=true}), started now or resumed after a takeover or restart (see {@link #acceptedRun}).
     */
    public static final String ACCEPTED_RUN = "cleanupGuardAcceptedRun";

    /**
     * The count to check a run accepted earlier with: it was confirmed against its planned count when it was accepted,
     * and part of it may be done by now (a run resumed after its instance died plans only what is left), so what a
     * person confirmed is a ceiling — a run that shrank goes on, one that grew past it is refused.
     */
    public static Integer acceptedRun(long planned, Integer confirmCount) {
        return confirmCount != null && planned <= confirmCount ? Integer.valueOf((int) planned) : confirmCount;
    }

    /** Whether a refusal is the guard's (for what records it on its own: a follow-up, a scheduled sweep). */
    public static boolean isGuardRefusal(Refusal refusal) {
        Object code = refusal.details().get("code");
        return Verdict.EXCEEDED.equals(code) || Verdict.MISMATCH.equals(code);
    }

    /**
     * A confirmed count as given (a query parameter or a body's {@code confirm_count}): null when absent, else a whole
     * number from 0; anything else is refused (400).
     */
    public static Integer confirmCount(Object given) {
        if (given == null) {
            return null;
        }
        String text = given instanceof Integer || given instanceof Long ? given.toString() : given instanceof String s ? s.trim() : null;
        if (text == null || !text.matches("\\d{1,9}")) {
            throw Refusal.badRequest("confirm_count must be a whole number, the count of resources the run would delete "
                    + "(its dry run's planned_count)");
        }
        return Integer.parseInt(text);
    }

    /** How a person confirms a run's count over the cleanup endpoints. */
    public static final String BY_QUERY = "?confirm_count=<planned>";
    /** How a person confirms a batch's count: the query, or the key of its body (an inbox file has only the key). */
    public static final String BY_BATCH = "?confirm_count=<planned> (or \"confirm_count\": <planned> in the batch's body)";
}
