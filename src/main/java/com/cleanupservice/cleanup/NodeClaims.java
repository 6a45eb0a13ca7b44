package com.cleanupservice.cleanup;

import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.api.schema.ApiError;
import com.cleanupservice.lease.Lease;
import com.cleanupservice.lease.LeaseStore;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.support.Refusal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Who may clean a node right now. A claim is one conditional UPDATE that moves the node to
 * {@code cleanup_in_progress} and stamps owner, run and time (a lease, written by the {@link LeaseStore} with the
 * node's own columns, {@link #COLUMNS}); it fails while another run holds a fresh lease, so several instances can share
 * one database. The run that holds a claim may claim again (an accepted run
 * resumed after a restart). Each claim raises the node's {@code cleanup_epoch} and is held as a {@link Lease} under it,
 * renewed with every other lease of this instance ({@link Leases}); releases and result writes are conditional on that
 * epoch, so a claim taken over by another run is never written under again. A lease
 * older than {@code lease} (a crashed instance) may be taken over.
 */
public final class NodeClaims {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeClaims.class);
    private static final String IN_PROGRESS = NodeStatus.CLEANUP_IN_PROGRESS.value();
    private static final String[] LIVE = NodeStatus.valuesOf(NodeStatus.LIVE).toArray(String[]::new);

    private static final String NODE_COLUMNS = "id, node_name, deployment_id, deployment_status";
    private static final String BY_ID = "SELECT " + NODE_COLUMNS + " FROM nodes WHERE id = ?";
    private static final String BY_NAME = "SELECT " + NODE_COLUMNS + " FROM nodes WHERE node_name = ?";
    private static final String BY_DEPLOYMENT = "SELECT " + NODE_COLUMNS + " FROM nodes WHERE deployment_id = ? ORDER BY id";
    private static final String LOCK_DEPLOYMENT = "SELECT deployment_id FROM deployments WHERE deployment_id = ? FOR UPDATE";

    /**
     * The lease part of a node's row: held by {@code cleanup_owner}, renewed in {@code cleanup_claimed_at}, fenced by
     * {@code cleanup_epoch}, a claim while the node is {@code cleanup_in_progress}.
     */
    static final LeaseStore.Columns COLUMNS = new LeaseStore.Columns("nodes", "id", "cleanup_owner", "cleanup_claimed_at",
            "cleanup_epoch", "deployment_status = '" + IN_PROGRESS + "'");
    /**
     * What a claim writes beside the lease, in the same UPDATE: the node in progress for the run, its status before
     * kept. Parameters: in progress (twice), the run.
     */
    private static final String CLAIM_SET = """
            status_before_cleanup = CASE WHEN deployment_status = ? THEN status_before_cleanup ELSE deployment_status END,
            deployment_status = ?, cleanup_run_id = ?, updated_at = now()""";
    /** Beside a stale lease, a node is free when not in progress, and the run that holds it may claim it again. */
    private static final String CLAIM_FREE = "deployment_status <> ? OR cleanup_run_id = ?";
    /** Unless forced, only a node that is not live. Parameters: force, the live statuses. */
    private static final String CLAIM_ALSO = "? OR deployment_status <> ALL(?)";
    private static final String CLAIM_RETURNING = "id, node_name, deployment_id, status_before_cleanup";
    /** The release's own columns, written with the lease's end. Parameters: the status, the retry's delay, whether it was completed. */
    private static final String RELEASE_SET = """
            deployment_status = ?, updated_at = now(),
            next_auto_retry_at = now() + make_interval(secs => CAST(? AS DOUBLE PRECISION)),
            auto_retries = CASE WHEN ? THEN 0 ELSE auto_retries END""";
    /** The nodes of abandoned runs: released as cleanup_failed, an automatic retry due at once. Parameter: the status. */
    private static final String ABANDONED_SET = """
            deployment_status = ?, cleanup_owner = NULL, cleanup_claimed_at = NULL, next_auto_retry_at = now(), updated_at = now()""";
    /** Shutting down, otherwise: released as cleanup_failed, an automatic retry due at once or not. Parameters: the status, whether due. */
    private static final String HANDED_BACK_SET = "deployment_status = ?, next_auto_retry_at = CASE WHEN ? THEN now() END, updated_at = now()";

    private final Jdbc jdbc;
    private final String owner;
    private final Duration lease;
    /** Whether any tracked row of a node is still to be deleted (a row recorded after the cleanup loaded its rows). */
    private final String anythingLeft;
    private final Leases leases;
    private final AutoRetries autoRetries;
    private final LeaseStore store;
    /** Claims of runs closed as abandoned, not renewed for a lease: the store's end of expired claims. */
    private final LeaseStore.Expiry releaseAbandoned;
    private final LeaseStore.Take claimNode;
    private final LeaseStore.Take claimDeployment;
    private final String lockClaim;
    private final String release;
    private final String releaseHandedBack;

    public NodeClaims(Jdbc jdbc, String owner, Leases leases, ResourceTypes types, AutoRetries autoRetries) {
        this.jdbc = jdbc;
        this.owner = owner;
        this.lease = leases.term();
        this.leases = leases;
        this.autoRetries = autoRetries;
        this.store = new LeaseStore(jdbc, leases, COLUMNS);
        this.releaseAbandoned = store.endingExpired(ABANDONED_SET, "cleanup_run_id = ANY(?)", "node_name");
        this.claimNode = store.taking(CLAIM_SET, CLAIM_FREE, "id = ?", CLAIM_ALSO, CLAIM_RETURNING);
        this.claimDeployment = store.taking(CLAIM_SET, CLAIM_FREE, "deployment_id = ?", CLAIM_ALSO, CLAIM_RETURNING);
        // the claim's row, locked: a resource recorded from now on waits for the release and then reopens the node
        this.lockClaim = store.locking("auto_retries");
        this.release = store.ending(RELEASE_SET);
        this.releaseHandedBack = store.handingBack(HANDED_BACK_SET);
        this.anythingLeft = "SELECT COUNT(*) FROM (" + types.ledgerSql() + ") tracked"
                + " WHERE node_name = ? AND state NOT IN ('GONE', 'RELEASED')";
    }

    public String owner() {
        return owner;
    }

    /**
     * Refuses (503) to start a cleanup while this instance shuts down: it claims nothing more, and what it holds is
     * being handed back. Asked before anything is recorded, so a refused cleanup leaves no run behind.
     */
    public void refuseWhileClosing(String target) {
        if (leases.closing()) {
            throw Refusal.unavailable("This instance is shutting down: the cleanup of " + target
                    + " was not started here; ask again, another instance takes it");
        }
    }

    /**
     * The node a path id names, as the seed's paths mean it: a number (all digits) is the node's id — only its id, never
     * a name, however the node is named — and anything else the node's exact name; 404 when there is none.
     */
    public NodeRef resolve(String idOrName) {
        if (idOrName == null || idOrName.isBlank() || idOrName.length() > 255) {
            throw Refusal.badRequest("a node id or node name is required (at most 255 characters)");
        }
        if (!isNodeId(idOrName)) {
            return resolveName(idOrName);
        }
        Optional<NodeRef> node = idOrName.length() < 10 ? jdbc.one(BY_ID, NodeClaims::node, Integer.parseInt(idOrName)) : Optional.empty();
        return node.orElseThrow(() -> Refusal.notFound("Node not found: no node has id " + idOrName
                + " (a number is always read as a node id; to name a node by its name use {\"node_name\": ...} in a batch)"));
    }

    /** The node of exactly this name, whatever it looks like (a name of digits included); 404 when there is none. */
    public NodeRef resolveName(String name) {
        if (name == null || name.isBlank() || name.length() > 255) {
            throw Refusal.badRequest("a node name is required (at most 255 characters)");
        }
        return jdbc.one(BY_NAME, NodeClaims::node, name).orElseThrow(() -> Refusal.notFound("Node not found: " + name));
    }

    /** The node a request names: by exact name when {@code byName}, else as a path id ({@link #resolve}). */
    public NodeRef resolve(String target, boolean byName) {
        return byName ? resolveName(target) : resolve(target);
    }

    public NodeRef resolve(NodeKey key) {
        return resolve(key.value(), key.byName());
    }

    /**
     * Logged at startup: nodes an earlier release registered under a name of digits. Every path reads such a name as
     * another node's id, so they are reached by their own id or by {@code {"node_name": ...}} in a batch.
     */
    public void reportNumericNames() {
        List<NodeRef> numeric = jdbc.query("SELECT " + NODE_COLUMNS + " FROM nodes WHERE node_name ~ '^[0-9]+$' ORDER BY id LIMIT 20",
                NodeClaims::node);
        for (NodeRef n : numeric) {
            LOG.warn("Node '{}' (id {}) has a name of digits, which every API path reads as a node id: address it by its id {}, "
                    + "or as {{\"node_name\": \"{}\"}} in a batch; new nodes may not be named so", n.name(), n.id(), n.id(), n.name());
        }
    }

    /** Whether a path id is a node id: all digits. Names like that are refused at registration. */
    public static boolean isNodeId(String idOrName) {
        return !idOrName.isEmpty() && idOrName.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    public boolean deploymentExists(String deploymentId) {
        return jdbc.one("SELECT 1 FROM deployments WHERE deployment_id = ?", rs -> rs.getInt(1), deploymentId).isPresent();
    }

    public List<NodeRef> nodesOf(String deploymentId) {
        return jdbc.query(BY_DEPLOYMENT, NodeClaims::node, deploymentId);
    }

    /** A node claimed by this instance: the node as it was, and the lease (epoch) the claim holds. */
    public record Claim(NodeRef node, Lease lease) {
    }

    /**
     * What becomes of a node's claim when this instance shuts down before the cleanup ended (the claim is handed back,
     * {@link com.cleanupservice.lease.Leases#handOver}): it depends on who goes on with the node.
     */
    public enum Handover {
        /**
         * The run itself is taken over by another instance (a run accepted beforehand, {@code ?async=true}): the claim
         * stays the run's, under a new epoch, so that only the run claims the node again, wherever it resumes.
         */
        RUN_RESUMED,
        /**
         * What started the run is run again elsewhere (an accepted batch or sweep, whose children the resumed one starts
         * anew; an inbox file another instance takes): the node is released as cleanup_failed for it, with no
         * automatic retry that could race it.
         */
        RERUN,
        /**
         * Nothing resumes it (a synchronous request, a follow-up, a scheduled sweep): released as cleanup_failed with an
         * automatic retry due at once, which the next follow-up of any instance takes.
         */
        RETRIED
    }

    /** Claims one node for {@code run}; 409 with the reason when it is running elsewhere or live without force. */
    public Claim claim(NodeRef node, CleanupRun run, Handover handover) {
        List<Claim> claimed = claimNode.run(rs -> hold(claimRow(rs), handover), owner, claimSet(run), claimWhere(node.id(), run));
        if (claimed.isEmpty()) {
            throw refusal(List.of(jdbc.one(BY_ID, NodeClaims::node, node.id()).orElse(node)));
        }
        return claimed.get(0);
    }

    /**
     * Claims every node of a deployment at once, or none: the deployment row is locked so two deployment cleanups
     * cannot interleave, and a single refusal (one node running or live) rolls the whole claim back.
     */
    public List<Claim> claimDeployment(String deploymentId, CleanupRun run, Handover handover) {
        List<ClaimRow> claimed;
        try {
            claimed = jdbc.inTransaction(tx -> {
                tx.query(LOCK_DEPLOYMENT, rs -> rs.getString(1), deploymentId);
                List<NodeRef> all = tx.query(BY_DEPLOYMENT, NodeClaims::node, deploymentId);
                List<ClaimRow> got = claimDeployment.run(tx, NodeClaims::claimRow, owner, claimSet(run), claimWhere(deploymentId, run));
                if (got.size() < all.size()) {
                    throw new RefusedClaim(all.stream().filter(n -> got.stream().noneMatch(g -> g.node().id() == n.id())).toList());
                }
                return got;
            });
        } catch (RefusedClaim e) {
            throw refusal(e.refused);
        }
        // held only once the transaction committed: a rolled-back claim has nothing to renew
        return claimed.stream().sorted(java.util.Comparator.comparingLong(c -> c.node().id())).map(c -> hold(c, handover)).toList();
    }

    /** {@link #CLAIM_SET}'s parameters. */
    private static Object[] claimSet(CleanupRun run) {
        return new Object[] {IN_PROGRESS, IN_PROGRESS, run.runId()};
    }

    /** The claim's condition's parameters, in order, for the nodes {@code target} selects (a node id, a deployment id). */
    private static Object[] claimWhere(Object target, CleanupRun run) {
        return new Object[] {IN_PROGRESS, run.runId(), target, run.force(), LIVE};
    }

    /** A claim this run lost: no longer renewed; the node is the new owner's. */
    public void giveUp(Lease claim) {
        leases.release(claim);
    }

    /**
     * The nodes claimed by runs that were closed as abandoned (their instance stopped): released as cleanup_failed, with
     * an automatic retry due at once, under a new epoch so the instance, should it wake up, cannot write them.
     */
    public List<String> releaseAbandoned(List<UUID> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        List<String> released = releaseAbandoned.run(rs -> rs.getString(1), new Object[] {NodeStatus.CLEANUP_FAILED.value()},
                (Object) runIds.toArray(UUID[]::new));
        if (!released.isEmpty()) {
            LOG.warn("Released {} node(s) whose cleanup's instance stopped; they are cleaned again by the next follow-up: {}",
                    released.size(), released);
        }
        return released;
    }

    /** The claim is still current (for a write under it); a share lock on the node row until the caller's transaction ends. */
    public boolean stillHeld(Jdbc.Tx tx, NodeRef node, Lease claim) throws SQLException {
        if (store.current(tx, node.id(), claim.epoch())) {
            return true;
        }
        claim.lost("the claim on node " + node.name() + " was taken over by another run");
        return false;
    }

    /**
     * Ends the claim, setting the node's final status, or empty when the lease was lost to another run meanwhile.
     * {@code cleanup_completed} is set only if, in the same transaction, none of the node's tracked rows is left: a row
     * recorded while the cleanup ran makes it {@code cleanup_pending} instead (a follow-up cleanup takes it). The node row is
     * locked first, so a concurrent record either commits before the check (and is seen) or waits for the release
     * (and then reopens the node itself, see migration V7). {@code alongside} is written in the same transaction, under
     * the claim (the run's progress), so a release costs one transaction.
     */
    public Optional<Release> release(NodeRef node, Lease claim, NodeStatus status, boolean transientOnly, Alongside alongside) {
        leases.release(claim);
        return jdbc.inTransaction(tx -> {
            Optional<Integer> retries = tx.one(lockClaim, rs -> rs.getInt(1), node.id(), claim.epoch());
            if (retries.isEmpty()) {
                claim.lost("the claim on node " + node.name() + " was taken over by another run");
                return Optional.empty();
            }
            long left = status == NodeStatus.CLEANUP_COMPLETED ? tx.one(anythingLeft, rs -> rs.getLong(1), node.name()).orElse(0L) : 0;
            NodeStatus finalStatus = left > 0 ? NodeStatus.CLEANUP_PENDING : status;
            // a failure that passes is tried again by itself, later and later; one that needs a person is left to one
            Duration retryIn = finalStatus == NodeStatus.CLEANUP_FAILED && transientOnly ? autoRetries.after(retries.get()) : null;
            Double seconds = retryIn == null ? null : retryIn.toMillis() / 1000.0; // no due time: NULL, make_interval is strict
            tx.update(release, finalStatus.value(), seconds, finalStatus == NodeStatus.CLEANUP_COMPLETED, node.id(), claim.epoch());
            alongside.write(tx);
            return Optional.of(new Release(finalStatus, left, retryIn));
        });
    }

    /** A write that belongs to a release, made in its transaction once the claim is known to be held. */
    @FunctionalInterface
    public interface Alongside {
        void write(Jdbc.Tx tx) throws SQLException;
    }

    /**
     * How a claim ended: the status set, how many tracked rows were left although the run's own all went, and when
     * the node is cleaned again by itself (null: not automatically).
     */
    public record Release(NodeStatus status, long left, Duration retryIn) {
    }

    public Duration lease() {
        return lease;
    }

    /** The 409 for nodes that could not be claimed, saying for each why. */
    public Refusal refusal(List<NodeRef> refused) {
        return refusal(refused, "Cleanup", "cannot be claimed", n -> "add force=true to clean it up anyway");
    }

    /**
     * The same 409 — {@code refused_nodes}, each with its name, status and reason — for whatever the nodes refused:
     * {@code action} names it ("Cleanup", "Script"), {@code many} ends the message for several nodes ("cannot be
     * claimed"), and {@code anyway} tells, for a live node, what {@code force=true} would do with it.
     */
    public static Refusal refusal(List<NodeRef> refused, String action, String many, Function<NodeRef, String> anyway) {
        List<ApiError.RefusedNode> reasons = new ArrayList<>();
        for (NodeRef n : refused) {
            reasons.add(new ApiError.RefusedNode(n.name(), n.status(), NodeStatus.CLEANUP_IN_PROGRESS.is(n.status())
                    ? "a cleanup of this node is already running"
                    : NodeStatus.in(NodeStatus.LIVE, n.status())
                    ? "the node is " + n.status() + " (live); " + anyway.apply(n)
                    // claimed by another run a moment ago, which has ended since (the claim saw it running)
                    : "another cleanup of this node was running and has just ended (the node is now " + n.status()
                            + "); ask again if anything is left"));
        }
        String message = refused.size() == 1
                ? action + " refused for node " + refused.get(0).name() + ": " + reasons.get(0).reason()
                : action + " refused: " + refused.size() + " node(s) " + many;
        return Refusal.conflict(message, Map.of("refused_nodes", reasons));
    }

    /** Thrown inside the deployment claim's transaction so it rolls back. */
    static final class RefusedClaim extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient List<NodeRef> refused;

        RefusedClaim(List<NodeRef> refused) {
            super("nodes refused the claim", null, false, false);
            this.refused = refused;
        }
    }

    private static NodeRef node(ResultSet rs) throws SQLException {
        return new NodeRef(rs.getLong("id"), rs.getString("node_name"), rs.getString("deployment_id"), rs.getString("deployment_status"));
    }

    private record ClaimRow(NodeRef node, long epoch) {
    }

    private static ClaimRow claimRow(ResultSet rs) throws SQLException {
        return new ClaimRow(new NodeRef(rs.getLong("id"), rs.getString("node_name"), rs.getString("deployment_id"),
                rs.getString("status_before_cleanup")), rs.getLong("cleanup_epoch"));
    }

    private Claim hold(ClaimRow row, Handover handover) {
        long id = row.node().id();
        // run resumed: the claim stays the run's (only it may claim the node again), under a new epoch
        Lease.HandBack handBack = handover == Handover.RUN_RESUMED
                ? epoch -> store.handBackKept(id, epoch)
                : epoch -> jdbc.update(releaseHandedBack, NodeStatus.CLEANUP_FAILED.value(), handover == Handover.RETRIED, id, epoch) == 1;
        return new Claim(row.node(), store.hold("node " + row.node().name(), Lease.Kind.NODE, id, row.epoch(), handBack));
    }
}
