package com.cleanupservice.validation;

import com.cleanupservice.api.schema.ReconcileResult;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Response;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /api/cleanup/reconcile/{node|deployment}/{id}}: the ledger told what was deleted outside the service (a
 * cleanup script, an operator by hand). Every tracked row of the target not yet GONE (or RELEASED) — or only those
 * named in {@code {"ids": [...]}} — is looked up live through its type's probe, on the shared IBM call pools (the
 * validation's {@link Lookups}), and marked GONE when, and only when, IBM Cloud answers 404 now; any other answer
 * leaves the row as it is. The node's status is left alone: a cleanup of it then finds nothing left and completes it.
 * Refused (409) while a cleanup of a node of the target runs, since that run writes those rows itself; the marks are
 * written in one transaction holding the target's node rows (and its deployment row), so no claim slips in between.
 */
final class Reconciliation {
    static final List<String> KEYS = List.of("ids");
    static final String NODE = "node";
    static final String DEPLOYMENT = "deployment";
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
    private static final String LAST_ERROR = "IBM Cloud answered 404 (reconcile)";
    private static final int NAMED_IN_MESSAGE = 5;
    private static final String LOCK_DEPLOYMENT = "SELECT deployment_id FROM deployments WHERE deployment_id = ? FOR UPDATE";
    private static final String LOCK_NODES = """
            SELECT id, node_name, deployment_id, deployment_status FROM nodes
             WHERE node_name = ANY(?) ORDER BY id FOR UPDATE
            """;

    /** What was asked: a node (id or name) or a deployment, and the ids to restrict it to (null: every row). */
    record Request(String kind, String id, List<String> ids) {
    }

    /** What is reconciled: a node's rows, or a deployment's nodes' rows and its own. */
    record Target(String kind, String name, String deploymentId, List<NodeRef> nodes, Set<String> ids) {
        /** One call of {@code direct:load-resources} each, GONE rows included (an id named may be gone already). */
        List<Load> loads() {
            List<Load> loads = new ArrayList<>();
            nodes.forEach(n -> loads.add(new Load(NODE, n.name())));
            if (DEPLOYMENT.equals(kind)) {
                loads.add(new Load(DEPLOYMENT, deploymentId));
            }
            return loads;
        }

        String describe() {
            return DEPLOYMENT.equals(kind) ? "deployment " + name : "node " + name;
        }
    }

    record Load(String scope, String key) {
    }

    private final NodeClaims claims;
    private final Lookups lookups;
    private final Jdbc jdbc;
    /** Per type: which of some tracked rows are still open (not GONE, not RELEASED), read under the target's locks. */
    private final Map<String, String> stillOpen = new LinkedHashMap<>();

    Reconciliation(NodeClaims claims, Lookups lookups, Jdbc jdbc, ResourceTypes types) {
        this.claims = claims;
        this.lookups = lookups;
        this.jdbc = jdbc;
        types.all().forEach(t -> stillOpen.put(t.name(), "SELECT tracked_id FROM (" + t.rows().ledger().strip() + ") l"
                + " WHERE tracked_id = ANY(?) AND state NOT IN ('GONE', 'RELEASED')"));
    }

    /** The body's {@code ids}: absent (null: every row), else a non-empty list of IBM ids. */
    static List<String> ids(Map<String, Object> body) {
        Object v = body.get("ids");
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw Refusal.badRequest("ids must be a non-empty list of tracked IBM ids (leave it out to reconcile every tracked row)");
        }
        List<String> ids = new ArrayList<>();
        for (Object id : list) {
            if (!(id instanceof String s) || s.isBlank()) {
                throw Refusal.badRequest("ids must be a list of tracked IBM ids (strings)");
            }
            ids.add(s);
        }
        return ids;
    }

    /** Body: {@link Request} -> {@link Target}; 404 for an unknown target, 409 while a cleanup of one of its nodes runs. */
    void resolve(Exchange e) {
        Request request = e.getIn().getBody(Request.class);
        Set<String> ids = request.ids() == null ? null : new LinkedHashSet<>(request.ids());
        Target target;
        if (NODE.equals(request.kind())) {
            NodeRef node = claims.resolve(request.id());
            target = new Target(NODE, node.name(), node.deploymentId(), List.of(node), ids);
        } else {
            if (!claims.deploymentExists(request.id())) {
                throw Refusal.notFound("Deployment not found: " + request.id());
            }
            target = new Target(DEPLOYMENT, request.id(), request.id(), claims.nodesOf(request.id()), ids);
        }
        refuseRunning(target.nodes());
        e.getIn().setBody(target);
    }

    /** Body: the target's rows (GONE ones included); {@code target} the property -> {@code Response(200, ...)}. */
    Response answer(Target target, List<TrackedResource> rows) {
        if (target.ids() != null) {
            Set<String> known = rows.stream().map(TrackedResource::ibmId).collect(Collectors.toSet());
            List<String> unknown = target.ids().stream().filter(id -> !known.contains(id)).toList();
            if (!unknown.isEmpty()) {
                throw Refusal.badRequest(unknown.size() + " id(s) not tracked for " + target.describe() + ": "
                        + unknown.stream().limit(NAMED_IN_MESSAGE).map(id -> "'" + Input.abbreviate(id) + "'")
                        .collect(Collectors.joining(", ")) + (unknown.size() > NAMED_IN_MESSAGE ? ", ..." : "")
                        + "; nothing was marked", Map.of("unknown_ids", unknown));
            }
        }
        List<TrackedResource> asked = rows.stream().filter(r -> target.ids() == null || target.ids().contains(r.ibmId())).toList();
        List<TrackedResource> open = asked.stream().filter(r -> r.state() == null || r.state().open()).toList();
        // named ids already GONE are said so; without ids, the target's GONE rows are not news
        List<ReconcileResult.ReconciledRow> alreadyGone = new ArrayList<>(target.ids() == null ? List.of()
                : asked.stream().filter(r -> r.state() != null && !r.state().open()).map(Reconciliation::row).toList());

        List<LookupResult> results = lookups.await(lookups.start(open));
        List<TrackedResource> notFound = new ArrayList<>();
        List<ReconcileResult.ReconciledRow> stillPresent = new ArrayList<>();
        List<ReconcileResult.ReconciledError> errors = new ArrayList<>();
        for (LookupResult result : results) {
            switch (result.status()) {
                case PASS -> notFound.add(result.resource());
                case FAIL -> stillPresent.add(withMessage(result));
                case ERROR -> errors.add(withError(result));
            }
        }
        Set<Long> marked = mark(target, notFound);
        List<ReconcileResult.ReconciledRow> markedGone = new ArrayList<>();
        for (TrackedResource r : notFound) {
            (marked.contains(r.trackedId()) ? markedGone : alreadyGone).add(row(r));
        }
        if (!markedGone.isEmpty()) {
            LOG.info("Reconciled {}: {} tracked row(s) marked GONE, IBM Cloud answering 404: {}", target.describe(),
                    markedGone.size(), markedGone.stream().map(ReconcileResult.ReconciledRow::resource_id).toList());
        }

        boolean node = NODE.equals(target.kind());
        return new Response(200, new ReconcileResult(message(target, open.size(), markedGone.size(), stillPresent, errors),
                node ? target.name() : null, node ? target.nodes().get(0).id() : null, target.deploymentId(), open.size(),
                stillPresent.isEmpty() && errors.isEmpty(), markedGone, alreadyGone, stillPresent, errors, Instant.now().toString()));
    }

    /**
     * Marks GONE those of {@code notFound} that are still open, in one transaction that first locks the deployment row
     * (for a deployment) and the target's node rows, and refuses (409, nothing marked) if a cleanup claimed one of them
     * since the request was resolved. The tracked ids marked.
     */
    private Set<Long> mark(Target target, List<TrackedResource> notFound) {
        if (notFound.isEmpty()) {
            return Set.of();
        }
        return jdbc.inTransaction(tx -> {
            if (DEPLOYMENT.equals(target.kind())) {
                tx.query(LOCK_DEPLOYMENT, rs -> rs.getString(1), target.deploymentId());
            }
            String[] names = target.nodes().stream().map(NodeRef::name).toArray(String[]::new);
            refuseRunning(tx.query(LOCK_NODES, Reconciliation::node, (Object) names));
            Map<ResourceType, List<TrackedResource>> byType = new LinkedHashMap<>();
            notFound.forEach(r -> byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r));
            Set<Long> marked = new HashSet<>();
            for (Map.Entry<ResourceType, List<TrackedResource>> type : byType.entrySet()) {
                Long[] ids = type.getValue().stream().map(TrackedResource::trackedId).toArray(Long[]::new);
                Set<Long> open = new HashSet<>(tx.query(stillOpen.get(type.getKey().name()), rs -> rs.getLong(1), (Object) ids));
                for (TrackedResource r : type.getValue()) {
                    // IBM's 404 of a moment ago is the last word on it: a deletion would find the same
                    if (open.contains(r.trackedId())
                            && tx.update(r.type().rows().mark(), LedgerState.GONE.name(), 0, LAST_ERROR, 404, r.trackedId()) == 1) {
                        marked.add(r.trackedId());
                    }
                }
            }
            return marked;
        });
    }

    private static void refuseRunning(List<NodeRef> nodes) {
        List<NodeRef> running = nodes.stream().filter(n -> NodeStatus.CLEANUP_IN_PROGRESS.is(n.status())).toList();
        if (!running.isEmpty()) {
            // only nodes being cleaned are refused here, so no live node's reason is ever needed
            throw NodeClaims.refusal(running, "Reconcile", "are being cleaned up: their cleanup records what it deletes",
                    n -> "");
        }
    }

    private static String message(Target target, int checked, int marked, List<ReconcileResult.ReconciledRow> present,
                                  List<ReconcileResult.ReconciledError> errors) {
        String who = Character.toUpperCase(target.describe().charAt(0)) + target.describe().substring(1);
        if (checked == 0) {
            return who + ": nothing to reconcile, every tracked row asked about is already GONE";
        }
        String message = who + ": " + checked + " tracked row(s) looked up, " + marked + " marked GONE (IBM Cloud answered 404), "
                + present.size() + " still present, " + errors.size() + " could not be looked up";
        if (!present.isEmpty()) {
            message += "; still present: " + named(present.stream().map(r -> r.resource_type() + " " + r.resource_id()).toList());
        }
        if (!errors.isEmpty()) {
            message += "; not looked up: " + named(errors.stream().map(r -> r.resource_type() + " " + r.resource_id()).toList());
        }
        return message;
    }

    private static String named(List<String> rows) {
        String named = rows.stream().limit(NAMED_IN_MESSAGE).collect(Collectors.joining(", "));
        return rows.size() > NAMED_IN_MESSAGE ? named + " and " + (rows.size() - NAMED_IN_MESSAGE) + " more" : named;
    }

    private static ReconcileResult.ReconciledRow row(TrackedResource r) {
        return new ReconcileResult.ReconciledRow(r.type().name(), r.ibmId(), r.name(), r.nodeName(), null);
    }

    private static ReconcileResult.ReconciledRow withMessage(LookupResult result) {
        TrackedResource r = result.resource();
        return new ReconcileResult.ReconciledRow(r.type().name(), r.ibmId(), r.name(), r.nodeName(), result.message());
    }

    private static ReconcileResult.ReconciledError withError(LookupResult result) {
        TrackedResource r = result.resource();
        return new ReconcileResult.ReconciledError(r.type().name(), r.ibmId(), r.name(), r.nodeName(), result.error(), result.httpStatus());
    }

    private static NodeRef node(ResultSet rs) throws SQLException {
        return new NodeRef(rs.getLong("id"), rs.getString("node_name"), rs.getString("deployment_id"), rs.getString("deployment_status"));
    }
}
