package com.cleanupservice.provisioner;

import com.cleanupservice.api.schema.NodeRegistered;
import com.cleanupservice.api.schema.ResourceTracked;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.ibm.Accounts;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.ownership.Ownership;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Printable;
import com.cleanupservice.support.Refusal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The provisioner's side of tracking (the seed's NodeProvisioner integration, for a provisioner in any language):
 * register a node, record each resource as it is created, report a failure. What a resource record means is the
 * resource type's business ({@link ResourceType#track}); that an IBM id has one owner is the database's
 * ({@link Ownership}). Everything recorded here ends up in scripts, logs and terminals, so values are checked first:
 * known keys only, scalars only, no control characters, at most 255 characters.
 */
public final class Provisioner {
    /** What a node may be registered as: live, or already given up. */
    static final Set<NodeStatus> INITIAL_STATUSES = Collections.unmodifiableSet(EnumSet.of(NodeStatus.PROVISIONING,
            NodeStatus.DEPLOYED, NodeStatus.FAILED, NodeStatus.ERROR, NodeStatus.TIMEOUT));
    static final Set<NodeStatus> FAILURE_STATUSES = NodeStatus.PROVISIONING_FAILED;
    /**
     * What the provisioner may mark failed, and so have cleaned: provisioning that gave up (the seed's automatic
     * cleanup), or a node failed before or whose cleanup did not finish. A deployed node only with force: it is live.
     */
    private static final String[] MAY_FAIL = NodeStatus.valuesOf(EnumSet.of(NodeStatus.PROVISIONING,
            NodeStatus.FAILED, NodeStatus.ERROR, NodeStatus.TIMEOUT, NodeStatus.CLEANUP_FAILED)).toArray(String[]::new);
    private static final String[] MAY_FAIL_FORCED = NodeStatus.valuesOf(EnumSet.of(NodeStatus.PROVISIONING, NodeStatus.DEPLOYED,
            NodeStatus.FAILED, NodeStatus.ERROR, NodeStatus.TIMEOUT, NodeStatus.CLEANUP_FAILED)).toArray(String[]::new);
    static final List<String> REGISTER_KEYS = List.of("node_name", "deployment_id", "deployment_status", "status", "bare_metal_id",
            "bare_metal_name", "management_vnic_id", "workload_vnic_id", "management_ip", "workload_ip", "zone", "region", "account");
    static final List<String> FAILED_KEYS = List.of("reason", "status");
    private static final List<String> RECORD_KEYS = List.of("type", "resource_type", "id", "resource_id", "region", "account");
    private static final int MAX_TEXT = 255;
    private static final int MAX_REASON = 2000;
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private static final String FIND = "SELECT id, node_name, deployment_id, deployment_status, account, region FROM nodes WHERE node_name = ?";
    private static final String ADD_DEPLOYMENT = "INSERT INTO deployments (deployment_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String ADD_NODE = """
            INSERT INTO nodes (node_name, deployment_id, deployment_status, bare_metal_id, bare_metal_name, management_vnic_id,
                               workload_vnic_id, management_ip, workload_ip, zone, account, region)
            VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS INET), CAST(? AS INET), ?, ?, ?)
            ON CONFLICT (node_name) DO NOTHING
            RETURNING id
            """;
    /** A failure reported on a live node: recorded, the node left deployed (nothing cleans it unforced). */
    private static final String REPORT_ON_LIVE = """
            UPDATE nodes SET failure_reason = ?, reported_failure_status = ?, reported_failure_at = now(), updated_at = now()
             WHERE node_name = ? AND deployment_status = ?
            RETURNING id
            """;
    /** Only a node the provisioner still owns can fail; one being (or already) cleaned cannot. */
    private static final String MARK_FAILED = """
            UPDATE nodes SET deployment_status = ?, failure_reason = ?, updated_at = now()
             WHERE node_name = ? AND deployment_status = ANY(?)
            RETURNING id
            """;

    private final Jdbc jdbc;
    private final ResourceTypes types;
    private final Ownership ownership;
    private final List<String> anyRecordKeys;
    /** The configured accounts a record's place is checked against; null: none checked (every row the default's). */
    private final Accounts accounts;

    public Provisioner(Jdbc jdbc, ResourceTypes types, Ownership ownership) {
        this(jdbc, types, ownership, null);
    }

    /**
     * {@code accounts}: where a node or resource may be recorded; an unknown account, or a region its account does not
     * allow, is refused (400) before anything is written.
     */
    public Provisioner(Jdbc jdbc, ResourceTypes types, Ownership ownership, Accounts accounts) {
        this.jdbc = jdbc;
        this.types = types;
        this.ownership = ownership;
        this.accounts = accounts;
        Set<String> keys = new TreeSet<>(RECORD_KEYS);
        types.all().forEach(t -> keys.addAll(t.declaration().recordFields().keySet()));
        this.anyRecordKeys = List.copyOf(keys);
    }

    /** Every key some resource record may carry; a record's own type narrows it ({@link #track}). */
    public List<String> anyRecordKeys() {
        return anyRecordKeys;
    }

    /** 201 for a new node, 200 when the same node was registered before, 409 when the name belongs to another deployment. */
    public NodeRegistered register(Map<String, Object> body) {
        requireText(body);
        String name = nodeName(body);
        String deployment = required(body, "deployment_id");
        String status = text(body, "deployment_status", text(body, "status", NodeStatus.PROVISIONING.value()));
        if (!NodeStatus.in(INITIAL_STATUSES, status)) {
            throw Refusal.badRequest("deployment_status must be one of " + NodeStatus.valuesOf(INITIAL_STATUSES));
        }
        String server = Input.idField(body, "bare_metal_id");
        // where the node lives (null: the default account or region); its resources inherit it
        String account = Input.idField(body, "account");
        String region = Input.idField(body, "region");
        checkPlace(account, region);
        Integer created;
        try {
            created = jdbc.inTransaction(tx -> {
                tx.update(ADD_DEPLOYMENT, deployment, deployment);
                return tx.one(ADD_NODE, rs -> rs.getInt(1), name, deployment, status, server, serverName(body, server),
                        Input.idField(body, "management_vnic_id"), Input.idField(body, "workload_vnic_id"), ip(body, "management_ip"),
                        ip(body, "workload_ip"), Input.idField(body, "zone"), account, region).orElse(null);
            });
        } catch (Jdbc.DataAccessException e) {
            throw ownership.refusal(server, e);
        }
        Map<String, Object> node = jdbc.rows(FIND, name).get(0);
        if (created == null && !deployment.equals(node.get("deployment_id"))) {
            throw Refusal.conflict("node " + name + " is already registered in deployment " + node.get("deployment_id"), null);
        }
        return new NodeRegistered(created != null ? "Node " + name + " registered" : "Node " + name + " was already registered",
                created != null, ((Number) node.get("id")).longValue(), name, (String) node.get("deployment_id"),
                (String) node.get("deployment_status"), Instant.now().toString());
    }

    /**
     * Records one created resource for a node (or, with {@code nodeName} null, for a deployment). 201 when new, 200 when
     * this owner already tracks it, 409 naming the owner when another node or deployment does.
     */
    public ResourceTracked track(String nodeName, String deploymentId, Map<String, Object> body) {
        requireText(body);
        String typeName = text(body, "type", text(body, "resource_type", null));
        if (typeName == null || !types.has(typeName)) {
            throw Refusal.badRequest("type must be one of " + types.names());
        }
        ResourceType type = types.get(typeName);
        Set<String> accepted = new TreeSet<>(RECORD_KEYS);
        accepted.addAll(type.declaration().recordFields().keySet());
        Input.requireKnownKeys(body, accepted, "a " + typeName + " record");
        String given = Input.idField(body, "id");
        String ibmId = given != null ? given : Input.idField(body, "resource_id");
        if (ibmId == null) {
            throw Refusal.badRequest("id is required");
        }
        Map<String, String> details = new LinkedHashMap<>();
        type.declaration().recordFields().forEach((key, field) -> {
            String value = switch (field) {
                case ID -> Input.idField(body, key); // ids end up in scripts and API paths
                case IP_ADDRESS -> ip(body, key);
                case TEXT -> body.get(key) == null ? null : body.get(key).toString();
            };
            if (value != null) {
                details.put(key, value);
            }
        });
        String account = Input.idField(body, "account");
        String region = Input.idField(body, "region");
        boolean regional = type.rows().regional();
        if (!regional && region != null) {
            throw Refusal.badRequest("a " + typeName + " has no region (its API is global): give its account only", Map.of("field", "region"));
        }
        String deployment = deploymentId;
        if (nodeName != null) {
            Map<String, Object> node = jdbc.rows(FIND, nodeName).stream().findFirst()
                    .orElseThrow(() -> Refusal.notFound("Node not found: " + nodeName));
            deployment = (String) node.get("deployment_id");
            // a node's resource lives where the node does unless its record says otherwise
            account = account != null ? account : (String) node.get("account");
            region = !regional ? null : region != null ? region : (String) node.get("region");
        } else if (jdbc.rows("SELECT 1 FROM deployments WHERE deployment_id = ?", deploymentId).isEmpty()) {
            throw Refusal.notFound("Deployment not found: " + deploymentId);
        }
        checkPlace(account, region);
        String owner = deployment;
        String placeSql = account == null && region == null ? null : type.rows().place();
        Object[] place = regional ? new Object[] {account, region, ibmId} : new Object[] {account, ibmId};
        boolean created;
        try {
            created = jdbc.inTransaction(tx -> {
                boolean added = type.track(tx, nodeName, owner, ibmId, details);
                if (added && placeSql != null) {
                    tx.update(placeSql, place);
                }
                return added;
            });
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw Refusal.conflict(e.getMessage(), null);
        } catch (Jdbc.DataAccessException e) {
            throw ownership.refusal(ibmId, e);
        }
        return new ResourceTracked((created ? "Tracking " : "Already tracking ") + typeName + " " + ibmId
                + (nodeName != null ? " for node " + nodeName : " for deployment " + owner), created, typeName, ibmId, nodeName, owner,
                Instant.now().toString());
    }

    /**
     * What the failure hook did: the node marked failed ({@code cleanupDue}: the caller starts its cleanup), or — a
     * deployed node without force — the failure recorded and the node left deployed, nothing started.
     */
    public record Failure(String nodeName, boolean cleanupDue, String nodeStatus, String reportedStatus, String reason) {
    }

    /**
     * The provisioner reports that a node failed. A node still provisioning (or failed before, or whose cleanup did not
     * finish) is marked failed and is to be cleaned, as the seed's automatic cleanup does. A node that reached
     * {@code deployed} is live: without {@code force} its failure is recorded (status reported, reason, time) and the
     * node stays deployed — nothing deletes it until someone asks with force.
     */
    public Failure fail(String nodeName, Map<String, Object> body, boolean force) {
        String reason = body.get("reason") == null ? null : body.get("reason").toString();
        Map<String, Object> rest = new LinkedHashMap<>(body);
        rest.remove("reason");
        requireText(rest);
        if (body.containsKey("reason") && !(body.get("reason") instanceof String)) {
            throw Refusal.badRequest("reason must be a string");
        }
        if (reason != null && reason.chars().anyMatch(c -> c != '\n' && c != '\t' && c != '\r' && Printable.isControl(c))) {
            throw Refusal.badRequest("reason must not contain control characters (other than line breaks and tabs)");
        }
        String status = text(body, "status", NodeStatus.FAILED.value());
        if (!NodeStatus.in(FAILURE_STATUSES, status)) {
            throw Refusal.badRequest("status must be one of " + NodeStatus.valuesOf(FAILURE_STATUSES));
        }
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON);
        }
        if (!force && jdbc.one(REPORT_ON_LIVE, rs -> rs.getInt(1), reason, status, nodeName, NodeStatus.DEPLOYED.value()).isPresent()) {
            return new Failure(nodeName, false, NodeStatus.DEPLOYED.value(), status, reason);
        }
        if (jdbc.one(MARK_FAILED, rs -> rs.getInt(1), status, reason, nodeName, force ? MAY_FAIL_FORCED : MAY_FAIL).isPresent()) {
            return new Failure(nodeName, true, status, status, reason);
        }
        Map<String, Object> node = jdbc.rows(FIND, nodeName).stream().findFirst()
                .orElseThrow(() -> Refusal.notFound("Node not found: " + nodeName));
        throw Refusal.conflict("node " + nodeName + " is " + node.get("deployment_status") + "; it cannot be marked failed now", null);
    }

    /** A place a row may be recorded in: a configured account, and a region it allows (400 naming them otherwise). */
    private void checkPlace(String account, String region) {
        if (accounts != null) {
            accounts.check(account, region);
        } else if (account != null || region != null) {
            throw Refusal.badRequest("no accounts are configured here: a record names no account or region");
        }
    }

    /** Every value a scalar, and text without control characters, at most 255 characters. */
    private static void requireText(Map<String, Object> body) {
        body.forEach((key, value) -> {
            if (value instanceof Map || value instanceof Iterable) {
                throw Refusal.badRequest(key + " must be a string, not " + (value instanceof Map ? "an object" : "an array"));
            }
            if (value instanceof String s) {
                if (Printable.hasControl(s)) {
                    throw Refusal.badRequest(key + " must not contain control characters (found in '" + abbreviate(s) + "')");
                }
                if (s.length() > MAX_TEXT) {
                    throw Refusal.badRequest(key + " is longer than " + MAX_TEXT + " characters");
                }
            }
        });
    }

    /**
     * A new node's name: a JSON string, never a number, and never all digits — every path reads a number as a node id
     * ({@code /api/cleanup/node/6} is the node whose id is 6), so a node named "6" would be addressed as another node.
     */
    private static String nodeName(Map<String, Object> body) {
        Object given = body.get("node_name");
        if (given != null && !(given instanceof String)) {
            throw Refusal.badRequest("node_name must be a JSON string (a name), not " + (given instanceof Number ? "a number" : "a boolean"));
        }
        String name = required(body, "node_name");
        if (NodeClaims.isNodeId(name)) {
            throw Refusal.badRequest("node_name '" + abbreviate(name) + "' is all digits, which every API path reads as a node id "
                    + "(/api/cleanup/node/" + abbreviate(name) + " is the node whose id is " + abbreviate(name)
                    + "); give the node a name with at least one letter or other character, e.g. node-" + abbreviate(name),
                    Map.of("field", "node_name"));
        }
        return name;
    }

    /** The server's name as created; only with its id. */
    private static String serverName(Map<String, Object> body, String server) {
        String name = text(body, "bare_metal_name", null);
        if (name != null && server == null) {
            throw Refusal.badRequest("bare_metal_name is the name of the server bare_metal_id names: give both, or neither");
        }
        return name;
    }

    private static String required(Map<String, Object> body, String key) {
        String value = Input.idField(body, key);
        if (value == null) {
            throw Refusal.badRequest(key + " is required");
        }
        return value;
    }

    /** An IP address literal, checked here so that a bad one is a 400, not a database error. */
    private static String ip(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null) {
            return null;
        }
        String s = v.toString();
        boolean valid = IPV4.matcher(s).matches();
        if (!valid && s.contains(":") && s.matches("[0-9A-Fa-f:.]{2,45}")) {
            try {
                valid = InetAddress.getByName(s) != null; // with a colon Java parses an IPv6 literal and never looks it up
            } catch (UnknownHostException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw Refusal.badRequest(key + " is not an IP address: '" + abbreviate(s) + "'");
        }
        return s;
    }

    private static String text(Map<String, Object> body, String key, String fallback) {
        Object v = body.get(key);
        return v == null ? fallback : v.toString();
    }

    private static String abbreviate(String s) {
        return Printable.escape(s.length() > 60 ? s.substring(0, 60) + "..." : s);
    }
}
