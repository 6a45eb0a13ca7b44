package com.cleanupservice.status;

import com.cleanupservice.api.Problem;
import com.cleanupservice.persistence.Jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seed's status views, each computed by aggregate queries (never a loop over nodes): overall counts by status,
 * one node, one deployment.
 */
public final class CleanupStatus {
    /** Statuses that still need a cleanup (the seed's three, plus a cleanup that did not finish). */
    static final Set<String> NEEDS_CLEANUP = Set.of("failed", "error", "timeout", "cleanup_failed");

    private static final String BY_STATUS = "SELECT deployment_status, COUNT(*) AS n FROM nodes GROUP BY deployment_status ORDER BY deployment_status";
    private static final String ACTIVITY = """
            SELECT (SELECT COUNT(*) FROM cleanup_runs WHERE state IN ('accepted', 'running')) AS running_runs,
                   (SELECT COUNT(*) FROM dead_letters WHERE status = 'open') AS open_failures
            """;
    private static final String NODE = """
            SELECT n.id, n.node_name, n.deployment_id, n.deployment_status, n.updated_at, n.cleanup_run_id,
                   (SELECT COUNT(*) FROM dead_letters d WHERE d.node_name = n.node_name AND d.status = 'open') AS open_failures
              FROM nodes n WHERE n.node_name = ?
            """;
    /** Per type and ledger state, for one node: the tracked tables unioned and grouped. */
    private static final String NODE_RESOURCES = """
            SELECT 'bare_metal_server' AS resource_type, bare_metal_state AS state, COUNT(*) AS n
              FROM nodes WHERE node_name = ? AND bare_metal_id IS NOT NULL GROUP BY bare_metal_state
            UNION ALL SELECT 'virtual_network_interface', state, COUNT(*) FROM vnic_info WHERE node_name = ? GROUP BY state
            UNION ALL SELECT 'subnet_reserved_ip', state, COUNT(*) FROM ip_reservations WHERE node_name = ? GROUP BY state
            UNION ALL SELECT 'dns_record', state, COUNT(*) FROM dns_records WHERE node_name = ? GROUP BY state
            """;
    private static final String DEPLOYMENT_EXISTS = "SELECT 1 FROM deployments WHERE deployment_id = ?";
    private static final String DEPLOYMENT_NODES = """
            SELECT node_name, deployment_status FROM nodes WHERE deployment_id = ? ORDER BY id
            """;
    private static final String DEPLOYMENT_COUNTS = """
            SELECT COUNT(*) AS total,
                   COUNT(*) FILTER (WHERE deployment_status IN ('failed', 'error', 'timeout', 'cleanup_failed')) AS needed,
                   COUNT(*) FILTER (WHERE deployment_status = 'cleanup_completed') AS completed
              FROM nodes WHERE deployment_id = ?
            """;

    private final Jdbc jdbc;

    public CleanupStatus(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Object> overall() {
        Map<String, Object> byStatus = new LinkedHashMap<>();
        long needed = 0;
        long completed = 0;
        long total = 0;
        for (Map<String, Object> row : jdbc.rows(BY_STATUS)) {
            String status = (String) row.get("deployment_status");
            long n = ((Number) row.get("n")).longValue();
            byStatus.put(status, n);
            total += n;
            needed += NEEDS_CLEANUP.contains(status) ? n : 0;
            completed += "cleanup_completed".equals(status) ? n : 0;
        }
        Map<String, Object> activity = jdbc.rows(ACTIVITY).get(0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("overall_status", byStatus);
        body.put("cleanup_needed", needed);
        body.put("cleanup_completed", completed);
        body.put("total_nodes", total);
        body.put("cleanups_running", activity.get("running_runs"));
        body.put("open_failures", activity.get("open_failures"));
        body.put("timestamp", Instant.now().toString());
        return body;
    }

    public Map<String, Object> node(String nodeName) {
        Map<String, Object> node = jdbc.rows(NODE, nodeName).stream().findFirst()
                .orElseThrow(() -> Problem.notFound("Node " + nodeName + " not found"));
        String status = (String) node.get("deployment_status");
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        for (Map<String, Object> row : jdbc.rows(NODE_RESOURCES, nodeName, nodeName, nodeName, nodeName)) {
            resources.computeIfAbsent((String) row.get("resource_type"), k -> new LinkedHashMap<>())
                    .put((String) row.get("state"), row.get("n"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node_name", nodeName);
        body.put("current_status", status);
        body.put("cleanup_needed", NEEDS_CLEANUP.contains(status));
        body.put("cleanup_completed", "cleanup_completed".equals(status));
        body.put("node_id", node.get("id"));
        body.put("deployment_id", node.get("deployment_id"));
        body.put("last_run_id", node.get("cleanup_run_id"));
        body.put("open_failures", node.get("open_failures"));
        body.put("resources", resources);
        body.put("updated_at", node.get("updated_at"));
        body.put("timestamp", Instant.now().toString());
        return body;
    }

    public Map<String, Object> deployment(String deploymentId) {
        List<Map<String, Object>> nodes = jdbc.rows(DEPLOYMENT_NODES, deploymentId);
        if (nodes.isEmpty() && jdbc.rows(DEPLOYMENT_EXISTS, deploymentId).isEmpty()) {
            throw Problem.notFound("No nodes found for deployment " + deploymentId);
        }
        Map<String, Object> counts = jdbc.rows(DEPLOYMENT_COUNTS, deploymentId).get(0);
        List<Map<String, Object>> statuses = new ArrayList<>();
        for (Map<String, Object> n : nodes) {
            String status = (String) n.get("deployment_status");
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("node_name", n.get("node_name"));
            entry.put("current_status", status);
            entry.put("cleanup_needed", NEEDS_CLEANUP.contains(status));
            entry.put("cleanup_completed", "cleanup_completed".equals(status));
            statuses.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deployment_id", deploymentId);
        body.put("total_nodes", counts.get("total"));
        body.put("cleanup_needed_count", counts.get("needed"));
        body.put("cleanup_completed_count", counts.get("completed"));
        body.put("node_statuses", statuses);
        body.put("timestamp", Instant.now().toString());
        return body;
    }
}
