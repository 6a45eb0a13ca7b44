package com.cleanupservice.status;

import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.ownership.Ownership;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.support.Refusal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's status views: overall counts by status (from the maintained {@link NodeStatusCounts}, never a scan of
 * nodes), one node, one deployment (each read through indexes on the node's name or the deployment's id).
 */
public final class CleanupStatus {
    /**
     * Runs in flight and open dead letters, for the overall view and the metrics' gauges. Each count reads an index
     * led by the state (V1: partial cleanup_runs_state_idx, dead_letters_open_idx): open rows only.
     */
    static final String ACTIVITY = """
            SELECT (SELECT COUNT(*) FROM cleanup_runs WHERE state IN ('accepted', 'running')) AS running_runs,
                   (SELECT COUNT(*) FROM dead_letters WHERE status = 'open') AS open_failures
            """;
    private static final String NODE = """
            SELECT n.id, n.node_name, n.deployment_id, n.deployment_status, n.updated_at, n.cleanup_run_id,
                   n.reported_failure_status, n.reported_failure_at, n.failure_reason,
                   (SELECT COUNT(*) FROM dead_letters d WHERE d.node_name = n.node_name AND d.status = 'open') AS open_failures
              FROM nodes n WHERE n.node_name = ?
            """;
    private static final String DEPLOYMENT_EXISTS = "SELECT 1 FROM deployments WHERE deployment_id = ?";
    private static final String DEPLOYMENT_NODES = """
            SELECT node_name, deployment_status FROM nodes WHERE deployment_id = ? ORDER BY id
            """;
    private static final String DEPLOYMENT_COUNTS = """
            SELECT COUNT(*) AS total FROM nodes WHERE deployment_id = ?
            """;

    private final Jdbc jdbc;
    private final NodeStatusCounts counts;
    private final Ownership ownership;
    /** Per type and ledger state, for one node: every type's tracked rows (the registry's ledger), grouped. */
    private final String nodeResources;
    /** Per node of a deployment: how many tracked rows are still to be deleted. */
    private final String deploymentOpenRows;

    public CleanupStatus(Jdbc jdbc, ResourceTypes types, Ownership ownership) {
        this.jdbc = jdbc;
        this.counts = new NodeStatusCounts(jdbc);
        this.ownership = ownership;
        this.nodeResources = "SELECT resource_type, state, COUNT(*) AS n FROM (" + types.ledgerSql() + ") tracked"
                + " WHERE node_name = ? GROUP BY resource_type, state ORDER BY resource_type, state";
        // By node name, per node of the deployment: the name is pushed into every type's branch and read through its
        // node_name index. A filter on the ledger's deployment_id is not (it is COALESCE(n.deployment_id,
        // t.deployment_id) in tables holding deployment rows) and joined whole tables: 445 ms at 1,000,000 nodes.
        this.deploymentOpenRows = "SELECT d.node_name, open.n FROM nodes d CROSS JOIN LATERAL (SELECT COUNT(*) AS n FROM ("
                + types.ledgerSql() + ") tracked WHERE tracked.node_name = d.node_name AND tracked.state NOT IN ('GONE', 'RELEASED')) open"
                + " WHERE d.deployment_id = ? AND open.n > 0";
    }

    /**
     * Whether a node still needs a cleanup: its status says so, or (unless it is live) a tracked resource of it is not
     * yet gone — a node is never "done" while something of it is left.
     */
    static boolean cleanupNeeded(String status, long openResources) {
        return NodeStatus.in(NodeStatus.NEEDS_CLEANUP, status) || (!NodeStatus.in(NodeStatus.LIVE, status) && openResources > 0);
    }

    static boolean cleanupCompleted(String status, long openResources) {
        return NodeStatus.CLEANUP_COMPLETED.is(status) && openResources == 0;
    }

    public Map<String, Object> overall() {
        Map<String, Object> byStatus = new LinkedHashMap<>();
        long needed = 0;
        long completed = 0;
        long total = 0;
        for (Map.Entry<String, Long> row : counts.byStatus().entrySet()) {
            String status = row.getKey();
            long n = row.getValue();
            byStatus.put(status, n);
            total += n;
            needed += NodeStatus.in(NodeStatus.NEEDS_CLEANUP, status) ? n : 0;
            completed += NodeStatus.CLEANUP_COMPLETED.is(status) ? n : 0;
        }
        Map<String, Object> activity = jdbc.rows(ACTIVITY).get(0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("overall_status", byStatus);
        body.put("cleanup_needed", needed);
        body.put("cleanup_completed", completed);
        body.put("total_nodes", total);
        body.put("cleanups_running", activity.get("running_runs"));
        body.put("open_failures", activity.get("open_failures"));
        body.put("ownership_disputes", ownership.disputeCount());
        body.put("timestamp", Instant.now().toString());
        return body;
    }

    public Map<String, Object> node(String nodeName) {
        Map<String, Object> node = jdbc.rows(NODE, nodeName).stream().findFirst()
                .orElseThrow(() -> Refusal.notFound("Node " + nodeName + " not found"));
        String status = (String) node.get("deployment_status");
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        long open = 0;
        for (Map<String, Object> row : jdbc.rows(nodeResources, nodeName)) {
            String state = (String) row.get("state");
            resources.computeIfAbsent((String) row.get("resource_type"), k -> new LinkedHashMap<>()).put(state, row.get("n"));
            open += "GONE".equals(state) || "RELEASED".equals(state) ? 0 : ((Number) row.get("n")).longValue();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node_name", nodeName);
        body.put("current_status", status);
        body.put("cleanup_needed", cleanupNeeded(status, open));
        body.put("cleanup_completed", cleanupCompleted(status, open));
        body.put("resources_left", open);
        body.put("node_id", node.get("id"));
        body.put("deployment_id", node.get("deployment_id"));
        body.put("last_run_id", node.get("cleanup_run_id"));
        body.put("open_failures", node.get("open_failures"));
        body.put("resources", resources);
        body.put("ownership_disputes", ownership.disputesOf(nodeName));
        if (node.get("reported_failure_status") != null && NodeStatus.in(NodeStatus.LIVE, status)) {
            // the failure hook on a live node: recorded, not acted on
            Map<String, Object> reported = new LinkedHashMap<>();
            reported.put("status", node.get("reported_failure_status"));
            reported.put("reason", node.get("failure_reason"));
            reported.put("reported_at", node.get("reported_failure_at"));
            reported.put("note", "the provisioner reported this failure while the node was deployed (live): nothing was "
                    + "started; a cleanup needs force=true");
            body.put("reported_failure", reported);
        }
        body.put("updated_at", node.get("updated_at"));
        body.put("timestamp", Instant.now().toString());
        return body;
    }

    public Map<String, Object> deployment(String deploymentId) {
        List<Map<String, Object>> nodes = jdbc.rows(DEPLOYMENT_NODES, deploymentId);
        if (nodes.isEmpty() && jdbc.rows(DEPLOYMENT_EXISTS, deploymentId).isEmpty()) {
            throw Refusal.notFound("No nodes found for deployment " + deploymentId);
        }
        Map<String, Object> total = jdbc.rows(DEPLOYMENT_COUNTS, deploymentId).get(0);
        Map<String, Long> open = new HashMap<>();
        jdbc.rows(deploymentOpenRows, deploymentId).forEach(r -> open.put((String) r.get("node_name"), ((Number) r.get("n")).longValue()));
        List<Map<String, Object>> statuses = new ArrayList<>();
        long needed = 0;
        long completed = 0;
        for (Map<String, Object> n : nodes) {
            String status = (String) n.get("deployment_status");
            long left = open.getOrDefault((String) n.get("node_name"), 0L);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("node_name", n.get("node_name"));
            entry.put("current_status", status);
            entry.put("cleanup_needed", cleanupNeeded(status, left));
            entry.put("cleanup_completed", cleanupCompleted(status, left));
            entry.put("resources_left", left);
            needed += cleanupNeeded(status, left) ? 1 : 0;
            completed += cleanupCompleted(status, left) ? 1 : 0;
            statuses.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deployment_id", deploymentId);
        body.put("total_nodes", total.get("total"));
        body.put("cleanup_needed_count", needed);
        body.put("cleanup_completed_count", completed);
        body.put("node_statuses", statuses);
        body.put("timestamp", Instant.now().toString());
        return body;
    }
}
