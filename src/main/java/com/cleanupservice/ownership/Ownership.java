package com.cleanupservice.ownership;

import com.cleanupservice.api.schema.ApiError;
import com.cleanupservice.api.schema.DisputeList;
import com.cleanupservice.api.schema.NodeStatusView;
import com.cleanupservice.api.schema.ResolveResult;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.notify.EventType;
import com.cleanupservice.notify.Notice;
import com.cleanupservice.notify.Notifications;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.support.Refusal;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who owns an IBM id. The database holds the rule (V7: {@code resource_owners}, filled by a trigger on every tracked
 * table, refuses a second owner with SQLSTATE {@value #REFUSED}); this class answers the questions around it: whose
 * is this id (for a 409), which ids of a cleanup does someone outside it still track (so the cleanup holds them back),
 * which ids are disputed (tracked by two owners before the rule existed), and how an operator settles a dispute.
 */
public final class Ownership {
    /** The SQLSTATE the ownership trigger raises when an id is recorded for a second owner. */
    public static final String REFUSED = "CU409";
    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

    private static final String OWNER = """
            SELECT resource_type, node_name, deployment_id, disputed, claimants FROM resource_owners WHERE ibm_id = ?
            """;
    private static final String DISPUTES = """
            SELECT ibm_id, resource_type, claimants, recorded_at FROM resource_owners WHERE disputed ORDER BY ibm_id LIMIT ?
            """;
    /** The dead letters the dispute itself raised (under the migration's audit run), not the row's other failures. */
    private static final String RESOLVE_DISPUTE_LETTERS = """
            UPDATE dead_letters SET status = 'resolved', retried_at = now()
             WHERE resource_type = ? AND tracked_id = ? AND status = 'open'
               AND run_id IN (SELECT run_id FROM cleanup_runs WHERE kind = 'ownership_audit')
            """;
    private static final String DISPUTE_COUNT = "SELECT COUNT(*) FROM resource_owners WHERE disputed";

    private final Jdbc jdbc;
    private final ResourceTypes types;
    private final ObjectMapper json;
    private final Notifications notifications;
    /** Open rows of other owners tracking any of the given ids; the run's own owners excluded by the caller's clause. */
    private final String foreignByNode;
    private final String foreignByDeployment;
    private final String claimantsOf;

    public Ownership(Jdbc jdbc, ResourceTypes types, ObjectMapper json) {
        this(jdbc, types, json, Notifications.off());
    }

    public Ownership(Jdbc jdbc, ResourceTypes types, ObjectMapper json, Notifications notifications) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.types = types;
        this.json = json;
        String ledger = types.ledgerSql();
        String foreign = "SELECT ibm_id, resource_type, node_name, deployment_id FROM (" + ledger + ") tracked"
                + " WHERE ibm_id = ANY(?) AND state NOT IN ('GONE', 'RELEASED') AND %s ORDER BY ibm_id, node_name";
        this.foreignByNode = foreign.formatted("node_name IS DISTINCT FROM ?");
        this.foreignByDeployment = foreign.formatted("deployment_id IS DISTINCT FROM ?");
        this.claimantsOf = "SELECT resource_type, tracked_id, node_name, deployment_id, state FROM (" + ledger + ") tracked"
                + " WHERE ibm_id = ? ORDER BY tracked_id";
    }

    /** An id's owner as recorded, for the 409 that refuses a second one. */
    public Optional<Owner> ownerOf(String ibmId) {
        return jdbc.one(OWNER, rs -> new Owner(ibmId, rs.getString("resource_type"), rs.getString("node_name"),
                rs.getString("deployment_id"), rs.getBoolean("disputed")), ibmId);
    }

    /**
     * The 409 for an id recorded for a second owner; {@code e} is the database's refusal, or anything else (rethrown).
     */
    public RuntimeException refusal(String ibmId, Jdbc.DataAccessException e) {
        if (!(e.getCause() instanceof SQLException sql) || !REFUSED.equals(sql.getSQLState())) {
            return e;
        }
        Owner owner = ownerOf(ibmId).orElse(null);
        if (owner == null) {
            return Refusal.conflict("IBM id " + ibmId + " is already tracked by another owner", Map.of());
        }
        Map<String, Object> details = Map.of("owner", owner.wire());
        if (notifications.wants(EventType.OWNERSHIP_DISPUTE)) {
            // the refused record wrote nothing that commits: the event is a statement of its own
            notifications.record(jdbc, Notice.of(EventType.OWNERSHIP_DISPUTE, "A provisioner's record of IBM id " + ibmId
                    + " was refused: it is " + (owner.disputed() ? "disputed" : "tracked as " + owner.resourceType() + " by " + owner.describe()))
                    .node(owner.nodeName()).deployment(owner.deploymentId()));
        }
        if (owner.disputed()) {
            return Refusal.conflict("IBM id " + ibmId + " is disputed (tracked by more than one owner); resolve it first with "
                    + "POST /api/cleanup/ownership/" + ibmId + "/resolve", details);
        }
        return Refusal.conflict("IBM id " + ibmId + " is already tracked as " + owner.resourceType() + " by " + owner.describe()
                + "; an IBM resource belongs to exactly one node or deployment", details);
    }

    /**
     * The resources of a cleanup that an owner outside it still tracks (an open row of another node, or of another
     * deployment for a deployment's cleanup), with who that is. A cleanup never deletes these.
     *
     * @param deploymentRun true when the cleanup takes the whole deployment {@code scope}; else {@code scope} is the node
     */
    public Map<String, String> heldByOthers(List<TrackedResource> resources, boolean deploymentRun, String scope) {
        if (resources.isEmpty()) {
            return Map.of();
        }
        String[] ids = resources.stream().map(TrackedResource::ibmId).distinct().toArray(String[]::new);
        Map<String, List<String>> others = new TreeMap<>();
        jdbc.query(deploymentRun ? foreignByDeployment : foreignByNode, rs -> {
            Owner o = new Owner(rs.getString("ibm_id"), rs.getString("resource_type"), rs.getString("node_name"),
                    rs.getString("deployment_id"), false);
            others.computeIfAbsent(o.ibmId(), k -> new ArrayList<>()).add(o.describe());
            return o;
        }, ids, scope);
        Map<String, String> held = new LinkedHashMap<>();
        others.forEach((id, owners) -> held.put(id, String.join(", ", owners)));
        return held;
    }

    public long disputeCount() {
        return jdbc.one(DISPUTE_COUNT, rs -> rs.getLong(1)).orElse(0L);
    }

    /** Disputed ids with everyone who tracks them. */
    public List<DisputeList.Dispute> disputes(int limit) {
        return jdbc.query(DISPUTES, rs -> new DisputeList.Dispute(rs.getString("ibm_id"), rs.getString("resource_type"),
                claimants(rs.getString("ibm_id")), rs.getTimestamp("recorded_at").toInstant().toString(),
                "POST /api/cleanup/ownership/" + rs.getString("ibm_id") + "/resolve"), limit);
    }

    /** {@code GET /api/cleanup/ownership/disputes}: the count and the first {@code limit} disputes. */
    public DisputeList disputeList(int limit) {
        return new DisputeList(disputeCount(), disputes(limit), Instant.now().toString());
    }

    /** The disputes one node is party to, for its status. */
    public List<NodeStatusView.NodeDispute> disputesOf(String nodeName) {
        return jdbc.query("SELECT ibm_id FROM resource_owners WHERE disputed AND claimants @> ?::jsonb ORDER BY ibm_id",
                rs -> rs.getString(1), "[{\"node_name\": " + quote(nodeName) + "}]").stream()
                .map(id -> new NodeStatusView.NodeDispute(id, claimants(id))).toList();
    }

    /** Logged at startup so a dispute is never only in a table nobody reads. */
    public void reportDisputes() {
        long count = disputeCount();
        if (count == 0) {
            return;
        }
        LOG.warn("{} IBM id(s) are tracked by more than one node or deployment; nothing deletes them until an operator "
                + "resolves each (GET /api/cleanup/ownership/disputes, POST /api/cleanup/ownership/{id}/resolve)", count);
        for (DisputeList.Dispute d : disputes(20)) {
            LOG.warn("Disputed IBM id {}: tracked by {}", d.ibm_id(), describe(d.claimants()));
        }
        if (notifications.wants(EventType.OWNERSHIP_DISPUTE)) {
            // once per dispute, whichever instance starts first and however often they start
            for (DisputeList.Dispute d : disputes(1000)) {
                notifications.record(jdbc, Notice.of(EventType.OWNERSHIP_DISPUTE, "IBM id " + d.ibm_id() + " is disputed: tracked by "
                        + describe(d.claimants()) + "; resolve it with " + d.resolve()).once("ownership_dispute " + d.ibm_id() + " " + d.recorded_at()));
            }
        }
    }

    /**
     * Settles a dispute: {@code owner} keeps the id (a blocked row of it becomes PRESENT again, to be deleted with its
     * owner), every other claimant's row becomes RELEASED (history, never deleted through), and the dispute's dead
     * letters are resolved. The owner must be one of the claimants.
     */
    public ResolveResult resolve(String ibmId, String ownerNode, String ownerDeployment) {
        if ((ownerNode == null) == (ownerDeployment == null)) {
            throw Refusal.badRequest("name the owner: exactly one of node_name or deployment_id");
        }
        return jdbc.inTransaction(tx -> {
            Owner current = tx.one(OWNER + " FOR UPDATE", rs -> new Owner(ibmId, rs.getString("resource_type"),
                    rs.getString("node_name"), rs.getString("deployment_id"), rs.getBoolean("disputed")), ibmId)
                    .orElseThrow(() -> Refusal.notFound("IBM id " + ibmId + " is not tracked"));
            if (!current.disputed()) {
                throw Refusal.conflict("IBM id " + ibmId + " is not disputed: it belongs to " + current.describe(),
                        Map.of("owner", current.wire()));
            }
            List<Claim> claims = tx.query(claimantsOf, Ownership::claim, ibmId);
            List<Claim> kept = claims.stream().filter(c -> c.ownedBy(ownerNode, ownerDeployment)).toList();
            if (kept.isEmpty()) {
                throw Refusal.badRequest("the owner must be one of the claimants of " + ibmId + ": " + describe(claimants(ibmId)));
            }
            List<DisputeList.Claimant> released = new ArrayList<>();
            String keeper = kept.get(0).describe();
            for (Claim c : claims) {
                if (kept.contains(c)) {
                    if ("BLOCKED".equals(c.state())) {
                        tx.update(types.get(c.resourceType()).rows().mark(), "PRESENT", 0, null, null, c.trackedId());
                    }
                } else if (!"RELEASED".equals(c.state())) {
                    tx.update(types.get(c.resourceType()).rows().mark(), "RELEASED", 0,
                            "Released: IBM id " + ibmId + " belongs to " + keeper + " (dispute resolved " + Instant.now() + ")",
                            null, c.trackedId());
                    released.add(c.wire());
                }
                tx.update(RESOLVE_DISPUTE_LETTERS, c.resourceType(), c.trackedId());
            }
            Claim owner = kept.get(0);
            tx.update("UPDATE resource_owners SET resource_type = ?, node_name = ?, deployment_id = ?, disputed = FALSE, resolved_at = now() WHERE ibm_id = ?",
                    owner.resourceType(), owner.nodeName(), owner.deploymentId(), ibmId);
            if (owner.nodeName() != null) {
                // the kept row may need deleting again: a node whose cleanup already ran is due for a follow-up
                tx.update("UPDATE nodes SET deployment_status = ?, updated_at = now() WHERE node_name = ? AND deployment_status IN (?, ?)",
                        NodeStatus.CLEANUP_PENDING.value(), owner.nodeName(), NodeStatus.CLEANUP_COMPLETED.value(),
                        NodeStatus.CLEANUP_FAILED.value());
            }
            ResolveResult answer = new ResolveResult("IBM id " + ibmId + " now belongs to " + keeper + "; " + released.size()
                    + " other claim(s) released", ibmId, owner.wire(), released, Instant.now().toString());
            LOG.warn("Ownership of IBM id {} resolved in favour of {}; released: {}", ibmId, keeper, released);
            return answer;
        });
    }

    private List<DisputeList.Claimant> claimants(String ibmId) {
        return jdbc.query(claimantsOf, Ownership::claim, ibmId).stream().map(Claim::wire).toList();
    }

    private static String describe(List<DisputeList.Claimant> claimants) {
        List<String> parts = new ArrayList<>();
        for (DisputeList.Claimant c : claimants) {
            parts.add((c.node_name() != null ? "node " + c.node_name() : "deployment " + c.deployment_id())
                    + " as " + c.resource_type() + " (" + c.state() + ")");
        }
        return String.join(", ", parts);
    }

    private String quote(String s) {
        try {
            return json.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Claim claim(ResultSet rs) throws SQLException {
        return new Claim(rs.getString("resource_type"), rs.getLong("tracked_id"), rs.getString("node_name"),
                rs.getString("deployment_id"), rs.getString("state"));
    }

    /** The recorded owner of an id. */
    public record Owner(String ibmId, String resourceType, String nodeName, String deploymentId, boolean disputed) {
        public String describe() {
            return nodeName != null ? "node " + nodeName + (deploymentId == null ? "" : " (deployment " + deploymentId + ")")
                    : "deployment " + deploymentId;
        }

        ApiError.Owner wire() {
            return new ApiError.Owner(resourceType, nodeName, deploymentId, disputed);
        }
    }

    /** One tracked row of a disputed id. */
    record Claim(String resourceType, long trackedId, String nodeName, String deploymentId, String state) {
        boolean ownedBy(String node, String deployment) {
            return node != null ? node.equals(nodeName) : nodeName == null && deployment.equals(deploymentId);
        }

        String describe() {
            return nodeName != null ? "node " + nodeName : "deployment " + deploymentId;
        }

        DisputeList.Claimant wire() {
            return new DisputeList.Claimant(resourceType, trackedId, nodeName, deploymentId, state);
        }
    }
}
