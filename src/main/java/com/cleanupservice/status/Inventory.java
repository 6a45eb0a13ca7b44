package com.cleanupservice.status;

import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console lists: the deployments, a page at a time with their nodes counted by status, and the tracked rows
 * of one node (or a deployment's own) row by row, every ledger state included, with attempts and last error. Reads
 * only; each list is bounded (a page of deployments; one node's rows) and read through the owners' indexes.
 */
public final class Inventory {
    static final int PAGE = 100;
    static final int MAX_PAGE = 500;
    /** A page of deployments by id, each with its nodes counted by status through nodes_deployment_idx. */
    private static final String DEPLOYMENTS = """
            SELECT d.deployment_id, d.name, d.created_at, s.deployment_status, s.n
              FROM (SELECT deployment_id, name, created_at FROM deployments WHERE deployment_id > ?
                     ORDER BY deployment_id LIMIT ?) d
              LEFT JOIN LATERAL (SELECT deployment_status, COUNT(*) AS n FROM nodes
                                  WHERE deployment_id = d.deployment_id GROUP BY deployment_status) s ON true
             ORDER BY d.deployment_id, s.deployment_status
            """;
    private static final String NODE = "SELECT id, node_name, deployment_id, deployment_status FROM nodes WHERE node_name = ?";
    private static final String DEPLOYMENT = "SELECT deployment_id, name FROM deployments WHERE deployment_id = ?";

    private final Jdbc jdbc;
    private final ResourceTypes types;

    public Inventory(Jdbc jdbc, ResourceTypes types) {
        this.jdbc = jdbc;
        this.types = types;
    }

    /** {@code GET /api/cleanup/deployments?limit=&after=}: deployments by id, {@code limit} (default 100, at most 500) after {@code after}. */
    public Map<String, Object> deployments(String limitText, String after) {
        int limit = Input.pageSize(limitText, PAGE, MAX_PAGE);
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        Map<String, Map<String, Long>> statuses = new LinkedHashMap<>();
        for (Map<String, Object> row : jdbc.rows(DEPLOYMENTS, after == null ? "" : after, limit)) {
            String id = (String) row.get("deployment_id");
            byId.computeIfAbsent(id, k -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("deployment_id", id);
                entry.put("name", row.get("name"));
                entry.put("created_at", row.get("created_at"));
                return entry;
            });
            Map<String, Long> byStatus = statuses.computeIfAbsent(id, k -> new LinkedHashMap<>());
            if (row.get("deployment_status") != null) {
                byStatus.put((String) row.get("deployment_status"), ((Number) row.get("n")).longValue());
            }
        }
        byId.forEach((id, entry) -> {
            Map<String, Long> byStatus = statuses.get(id);
            entry.put("total_nodes", byStatus.values().stream().mapToLong(Long::longValue).sum());
            entry.put("cleanup_needed_by_status", NodeStatus.count(byStatus, NodeStatus.NEEDS_CLEANUP));
            entry.put("live_nodes", NodeStatus.count(byStatus, NodeStatus.LIVE));
            entry.put("nodes_by_status", byStatus);
        });
        List<Map<String, Object>> page = new ArrayList<>(byId.values());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deployments", page);
        body.put("count", page.size());
        body.put("limit", limit);
        body.put("next_after", page.size() < limit ? null : page.get(page.size() - 1).get("deployment_id"));
        body.put("timestamp", Instant.now().toString());
        return body;
    }

    /** {@code GET /api/cleanup/resources?node_name=}: the node's tracked rows, type by type. */
    public Map<String, Object> node(String nodeName) {
        Map<String, Object> node = jdbc.rows(NODE, nodeName).stream().findFirst()
                .orElseThrow(() -> Refusal.notFound("Node " + nodeName + " not found"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node_name", nodeName);
        body.put("node_id", node.get("id"));
        body.put("deployment_id", node.get("deployment_id"));
        body.put("current_status", node.get("deployment_status"));
        body.put("live", NodeStatus.in(NodeStatus.LIVE, (String) node.get("deployment_status")));
        return withRows(body, true, nodeName);
    }

    /** {@code GET /api/cleanup/resources?deployment_id=}: the deployment's own rows (its cluster-level records). */
    public Map<String, Object> deployment(String deploymentId) {
        if (jdbc.rows(DEPLOYMENT, deploymentId).isEmpty()) {
            throw Refusal.notFound("Deployment " + deploymentId + " not found");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deployment_id", deploymentId);
        return withRows(body, false, deploymentId);
    }

    private Map<String, Object> withRows(Map<String, Object> body, boolean node, String owner) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ResourceType type : types.all()) {
            String sql = type.rows().inventory(node);
            if (sql == null) {
                continue;
            }
            for (Map<String, Object> row : jdbc.rows(sql, owner)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("resource_type", type.name());
                entry.putAll(row);
                rows.add(entry);
            }
        }
        body.put("resources", rows);
        body.put("count", rows.size());
        body.put("timestamp", Instant.now().toString());
        return body;
    }
}
