package com.cleanupservice.status;

import com.cleanupservice.api.schema.DeploymentList;
import com.cleanupservice.api.schema.ResourceInventory;
import com.cleanupservice.ibm.PlaceFilter;
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

    /** Where a row recorded with no account or region (NULL, V22) lives: the configured default account and region. */
    private final String defaultAccount;
    private final String defaultRegion;

    public Inventory(Jdbc jdbc, ResourceTypes types) {
        this(jdbc, types, null, null);
    }

    /** {@code defaultAccount}, {@code defaultRegion}: what a row of no account or region is listed as. */
    public Inventory(Jdbc jdbc, ResourceTypes types, String defaultAccount, String defaultRegion) {
        this.defaultAccount = defaultAccount;
        this.defaultRegion = defaultRegion;
        this.jdbc = jdbc;
        this.types = types;
    }

    /** {@code GET /api/cleanup/deployments?limit=&after=}: deployments by id, {@code limit} (default 100, at most 500) after {@code after}. */
    public DeploymentList deployments(String limitText, String after) {
        int limit = Input.pageSize(limitText, PAGE, MAX_PAGE);
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        Map<String, Map<String, Long>> statuses = new LinkedHashMap<>();
        for (Map<String, Object> row : jdbc.rows(DEPLOYMENTS, after == null ? "" : after, limit)) {
            String id = (String) row.get("deployment_id");
            byId.putIfAbsent(id, row);
            Map<String, Long> byStatus = statuses.computeIfAbsent(id, k -> new LinkedHashMap<>());
            if (row.get("deployment_status") != null) {
                byStatus.put((String) row.get("deployment_status"), ((Number) row.get("n")).longValue());
            }
        }
        List<DeploymentList.Deployment> page = new ArrayList<>();
        byId.forEach((id, row) -> {
            Map<String, Long> byStatus = statuses.get(id);
            page.add(new DeploymentList.Deployment(id, (String) row.get("name"), text(row.get("created_at")),
                    byStatus.values().stream().mapToLong(Long::longValue).sum(), NodeStatus.count(byStatus, NodeStatus.NEEDS_CLEANUP),
                    NodeStatus.count(byStatus, NodeStatus.LIVE), byStatus));
        });
        return new DeploymentList(page, page.size(), limit, page.size() < limit ? null : page.get(page.size() - 1).deployment_id(),
                Instant.now().toString());
    }

    /** {@code GET /api/cleanup/resources?node_name=}: the node's tracked rows, type by type. */
    public ResourceInventory node(String nodeName) {
        return node(nodeName, null);
    }

    /** As {@link #node(String)}, only the rows {@code place} keeps (null: every row). */
    public ResourceInventory node(String nodeName, PlaceFilter place) {
        Map<String, Object> node = jdbc.rows(NODE, nodeName).stream().findFirst()
                .orElseThrow(() -> Refusal.notFound("Node " + nodeName + " not found"));
        List<ResourceInventory.Row> rows = kept(rows(true, nodeName), place);
        return new ResourceInventory(nodeName, ((Number) node.get("id")).longValue(), (String) node.get("deployment_id"),
                (String) node.get("deployment_status"), NodeStatus.in(NodeStatus.LIVE, (String) node.get("deployment_status")),
                rows, rows.size(), Instant.now().toString());
    }

    /** {@code GET /api/cleanup/resources?deployment_id=}: the deployment's own rows (its cluster-level records). */
    public ResourceInventory deployment(String deploymentId) {
        return deployment(deploymentId, null);
    }

    /** As {@link #deployment(String)}, only the rows {@code place} keeps (null: every row). */
    public ResourceInventory deployment(String deploymentId, PlaceFilter place) {
        if (jdbc.rows(DEPLOYMENT, deploymentId).isEmpty()) {
            throw Refusal.notFound("Deployment " + deploymentId + " not found");
        }
        List<ResourceInventory.Row> rows = kept(rows(false, deploymentId), place);
        return new ResourceInventory(null, null, deploymentId, null, null, rows, rows.size(), Instant.now().toString());
    }

    private List<ResourceInventory.Row> rows(boolean node, String owner) {
        List<ResourceInventory.Row> rows = new ArrayList<>();
        for (ResourceType type : types.all()) {
            String sql = type.rows().inventory(node);
            if (sql == null) {
                continue;
            }
            for (Map<String, Object> row : jdbc.rows(sql, owner)) {
                rows.add(new ResourceInventory.Row(type.name(), (String) row.get("resource_id"), (String) row.get("resource_name"),
                        (String) row.get("state"), ((Number) row.get("attempts")).intValue(), (String) row.get("last_error"),
                        (Integer) row.get("last_http_status"), text(row.get("state_changed_at")),
                        row.get("account") != null ? (String) row.get("account") : defaultAccount,
                        row.get("region") != null ? (String) row.get("region") : type.rows().regional() ? defaultRegion : null));
            }
        }
        return rows;
    }

    /** The rows in the place asked for, by the account and region they are listed with (the default's for NULL). */
    private static List<ResourceInventory.Row> kept(List<ResourceInventory.Row> rows, PlaceFilter place) {
        return place == null ? rows : rows.stream().filter(r -> place.matches(r.account(), r.region())).toList();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
