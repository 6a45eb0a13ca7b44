package com.cleanupservice.provisioner;

import com.cleanupservice.api.Api;
import com.cleanupservice.api.Problem;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.ResourceTypes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The provisioner's side of tracking (the seed's NodeProvisioner integration, for a provisioner in any language):
 * register a node, record each resource as it is created, report a failure. What a resource record means is the
 * resource type's business ({@link ResourceType#track}).
 */
public final class Provisioner {
    static final Set<String> INITIAL_STATUSES = Set.of("provisioning", "deployed", "failed", "error", "timeout");
    static final Set<String> FAILURE_STATUSES = Set.of("failed", "error", "timeout");

    private static final String FIND = "SELECT id, node_name, deployment_id, deployment_status FROM nodes WHERE node_name = ?";
    private static final String ADD_DEPLOYMENT = "INSERT INTO deployments (deployment_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String ADD_NODE = """
            INSERT INTO nodes (node_name, deployment_id, deployment_status, bare_metal_id, management_vnic_id, workload_vnic_id,
                               management_ip, workload_ip, zone)
            VALUES (?, ?, ?, ?, ?, ?, CAST(? AS INET), CAST(? AS INET), ?)
            ON CONFLICT (node_name) DO NOTHING
            RETURNING id
            """;
    /** Only a node the provisioner still owns can fail; one being (or already) cleaned cannot. */
    private static final String MARK_FAILED = """
            UPDATE nodes SET deployment_status = ?, failure_reason = ?, updated_at = now()
             WHERE node_name = ? AND deployment_status IN ('provisioning', 'deployed', 'failed', 'error', 'timeout', 'cleanup_failed')
            RETURNING id
            """;

    private final Jdbc jdbc;
    private final ResourceTypes types;

    public Provisioner(Jdbc jdbc, ResourceTypes types) {
        this.jdbc = jdbc;
        this.types = types;
    }

    /** 201 for a new node, 200 when the same node was registered before, 409 when the name belongs to another deployment. */
    public Map<String, Object> register(Map<String, Object> body) {
        String name = id(body, "node_name", true);
        String deployment = id(body, "deployment_id", true);
        String status = text(body, "deployment_status", text(body, "status", "provisioning"));
        if (!INITIAL_STATUSES.contains(status)) {
            throw Problem.badRequest("deployment_status must be one of " + INITIAL_STATUSES);
        }
        Integer created = jdbc.inTransaction(tx -> {
            tx.update(ADD_DEPLOYMENT, deployment, deployment);
            return tx.one(ADD_NODE, rs -> rs.getInt(1), name, deployment, status, id(body, "bare_metal_id", false),
                    id(body, "management_vnic_id", false), id(body, "workload_vnic_id", false), ip(body, "management_ip"),
                    ip(body, "workload_ip"), id(body, "zone", false)).orElse(null);
        });
        Map<String, Object> node = jdbc.rows(FIND, name).get(0);
        if (created == null && !deployment.equals(node.get("deployment_id"))) {
            throw Problem.conflict("node " + name + " is already registered in deployment " + node.get("deployment_id"), null);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", created != null ? "Node " + name + " registered" : "Node " + name + " was already registered");
        answer.put("created", created != null);
        answer.put("node_id", node.get("id"));
        answer.put("node_name", name);
        answer.put("deployment_id", node.get("deployment_id"));
        answer.put("deployment_status", node.get("deployment_status"));
        answer.put("timestamp", Instant.now().toString());
        return answer;
    }

    /** Records one created resource for a node (or, with {@code nodeName} null, for a deployment). */
    public Map<String, Object> track(String nodeName, String deploymentId, Map<String, Object> body) {
        String typeName = text(body, "type", text(body, "resource_type", null));
        if (typeName == null || !types.has(typeName)) {
            throw Problem.badRequest("type must be one of " + types.names());
        }
        ResourceType type = types.get(typeName);
        String ibmId = id(body, "id", false) != null ? id(body, "id", false) : id(body, "resource_id", true);
        Map<String, String> details = new LinkedHashMap<>();
        body.forEach((k, v) -> {
            if (v != null && !(v instanceof Map) && !(v instanceof Iterable)) {
                details.put(k, String.valueOf(v));
            }
        });
        for (String key : new String[] {"subnet_id", "dns_instance_id", "dns_zone_id"}) {
            id(body, key, false); // ids end up in scripts and API paths: validate like every other id
        }
        String deployment = deploymentId;
        if (nodeName != null) {
            Map<String, Object> node = jdbc.rows(FIND, nodeName).stream().findFirst()
                    .orElseThrow(() -> Problem.notFound("Node not found: " + nodeName));
            deployment = (String) node.get("deployment_id");
        } else if (jdbc.rows("SELECT 1 FROM deployments WHERE deployment_id = ?", deploymentId).isEmpty()) {
            throw Problem.notFound("Deployment not found: " + deploymentId);
        }
        String owner = deployment;
        boolean created;
        try {
            created = jdbc.inTransaction(tx -> type.track(tx, nodeName, owner, ibmId, details));
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw Problem.conflict(e.getMessage(), null);
        } catch (Jdbc.DataAccessException e) {
            throw Problem.badRequest("resource could not be recorded: " + e.getCause().getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", (created ? "Tracking " : "Already tracking ") + typeName + " " + ibmId);
        answer.put("created", created);
        answer.put("resource_type", typeName);
        answer.put("resource_id", ibmId);
        answer.put("node_name", nodeName);
        answer.put("deployment_id", owner);
        answer.put("timestamp", Instant.now().toString());
        return answer;
    }

    /** Marks the node failed (provisioning gave up); the caller then starts its cleanup. Returns the node's name. */
    public String fail(String nodeName, Map<String, Object> body) {
        String status = text(body, "status", "failed");
        if (!FAILURE_STATUSES.contains(status)) {
            throw Problem.badRequest("status must be one of " + FAILURE_STATUSES);
        }
        String reason = text(body, "reason", null);
        if (reason != null && reason.length() > 2000) {
            reason = reason.substring(0, 2000);
        }
        if (jdbc.one(MARK_FAILED, rs -> rs.getInt(1), status, reason, nodeName).isPresent()) {
            return nodeName;
        }
        Map<String, Object> node = jdbc.rows(FIND, nodeName).stream().findFirst()
                .orElseThrow(() -> Problem.notFound("Node not found: " + nodeName));
        throw Problem.conflict("node " + nodeName + " is " + node.get("deployment_status") + "; it cannot be marked failed now", null);
    }

    private static String id(Map<String, Object> body, String key, boolean required) {
        Object v = body.get(key);
        if (v == null || v.toString().isBlank()) {
            if (required) {
                throw Problem.badRequest(key + " is required");
            }
            return null;
        }
        String s = v.toString();
        if (!Api.ID.matcher(s).matches()) {
            throw Problem.badRequest(key + " is not a valid id: letters, digits, '.', '_', ':' or '-' (at most 255)");
        }
        return s;
    }

    private static String ip(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null) {
            return null;
        }
        if (!v.toString().matches("[0-9A-Fa-f:.]{2,45}")) {
            throw Problem.badRequest(key + " is not an IP address");
        }
        return v.toString();
    }

    private static String text(Map<String, Object> body, String key, String fallback) {
        Object v = body.get(key);
        return v == null ? fallback : v.toString();
    }
}
