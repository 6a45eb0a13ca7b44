package com.cleanupservice.resources;

/**
 * The shape every tracking table but {@code nodes} shares: a serial {@code id}, the IBM id in a column of its own, the
 * owner ({@code node_name}; {@code deployment_id} too in tables that also hold a deployment's own rows), and the ledger
 * columns {@code state, attempts, last_error, last_http_status, state_changed_at, updated_at}. A type names its table,
 * its id column and the expressions for the rest; the SQL the pipeline, status and ownership checks run on it is written
 * here, once. Expressions read the table as {@code t} and the owning node as {@code n}; they are constants of the type
 * classes, never input, and every value is a bound parameter.
 *
 * @param nameExpr       what messages call a row ({@code t.vnic_name})
 * @param deploymentRows whether the table has a {@code deployment_id} column and may hold rows of no node
 * @param identityExpr   what the live resource must still show before it is deleted, as a JSON object of the row's
 *                       columns under {@link Identity}'s keys ({@code json_build_object('name', t.vnic_name)}), or NULL
 */
public record TrackedTable(String table, String idColumn, String nameExpr, String kindExpr, String detailExpr,
                           String parentExpr, String scopeExpr, boolean deploymentRows, String identityExpr) {

    public TrackedTable {
        for (String identifier : new String[] {table, idColumn}) {
            if (!identifier.matches("[a-z][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("not a plain SQL identifier: " + identifier);
            }
        }
    }

    /** A node's table: {@code nameColumn} names a row; no kind, detail, parent or scope until set. */
    public static TrackedTable of(String table, String idColumn, String nameColumn) {
        return new TrackedTable(table, idColumn, "t." + nameColumn, "NULL", "NULL", "NULL", "NULL", false, "NULL");
    }

    public TrackedTable name(String expr) {
        return new TrackedTable(table, idColumn, expr, kindExpr, detailExpr, parentExpr, scopeExpr, deploymentRows, identityExpr);
    }

    /** The provisioner's sub-kind ({@link TrackedResource#kind}). */
    public TrackedTable kind(String expr) {
        return new TrackedTable(table, idColumn, nameExpr, expr, detailExpr, parentExpr, scopeExpr, deploymentRows, identityExpr);
    }

    public TrackedTable detail(String expr) {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, expr, parentExpr, scopeExpr, deploymentRows, identityExpr);
    }

    /** The resource's container in its API path ({@link TrackedResource#parentId}: a subnet, a DNS zone). */
    public TrackedTable parent(String expr) {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, detailExpr, expr, scopeExpr, deploymentRows, identityExpr);
    }

    /** The service instance in its API path ({@link TrackedResource#scopeId}: a DNS Services instance). */
    public TrackedTable scope(String expr) {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, detailExpr, parentExpr, expr, deploymentRows, identityExpr);
    }

    /** The table also holds a deployment's own rows ({@code node_name} NULL, {@code deployment_id} set). */
    public TrackedTable withDeploymentRows() {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, detailExpr, parentExpr, scopeExpr, true, identityExpr);
    }

    /**
     * What the live resource must still show before it is deleted (see {@link Identity}): a JSON object built from the
     * row, e.g. {@code json_build_object('name', t.vnic_name)}; null values are left out when it is read.
     */
    public TrackedTable identity(String expr) {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, detailExpr, parentExpr, scopeExpr, deploymentRows, expr);
    }

    /** {@link ResourceType#loadForNodeSql}. */
    public String loadForNode() {
        return load("t.node_name = :?node_name");
    }

    /** {@link ResourceType#loadForDeploymentSql}: null when the table holds no deployment rows. */
    public String loadForDeployment() {
        return deploymentRows ? load("t.deployment_id = :?deployment_id AND t.node_name IS NULL") : null;
    }

    /** {@link ResourceType#ledgerSql}. */
    public String ledger() {
        return """
                SELECT t.id AS tracked_id, t.%s AS ibm_id, t.node_name, %s AS deployment_id, t.state
                  FROM %s t LEFT JOIN nodes n ON n.node_name = t.node_name
                """.formatted(idColumn, deployment(), table);
    }

    /** {@link ResourceType#inventorySql}: a node's rows ({@code node} true) or a deployment's own; null when it has none. */
    public String inventory(boolean node) {
        if (!node && !deploymentRows) {
            return null;
        }
        return """
                SELECT t.%s AS resource_id, CAST(%s AS TEXT) AS resource_name, t.state, t.attempts, t.last_error,
                       t.last_http_status, t.state_changed_at
                  FROM %s t
                 WHERE %s
                 ORDER BY t.id
                """.formatted(idColumn, nameExpr, table, node ? "t.node_name = ?" : "t.deployment_id = ? AND t.node_name IS NULL");
    }

    /** {@link ResourceType#markSql}. */
    public String mark() {
        return """
                UPDATE %s SET state = ?, attempts = attempts + ?, last_error = ?, last_http_status = ?,
                       state_changed_at = now(), updated_at = now()
                 WHERE id = ?
                """.formatted(table);
    }

    /** {@link ResourceType#markManySql}. */
    public String markMany() {
        return """
                UPDATE %s SET state = ?, last_error = NULL, last_http_status = NULL, state_changed_at = now(), updated_at = now()
                 WHERE id = ANY(?)
                """.formatted(table);
    }

    private String load(String where) {
        return """
                SELECT t.id AS tracked_id, t.%s AS ibm_id, %s AS resource_name, t.node_name, %s AS deployment_id,
                       %s AS parent_id, %s AS scope_id, %s AS kind, %s AS detail, t.state, t.attempts,
                       CAST(%s AS TEXT) AS identity
                  FROM %s t LEFT JOIN nodes n ON n.node_name = t.node_name
                 WHERE %s
                   AND (CAST(:?include_gone AS BOOLEAN) OR t.state <> 'GONE')
                   AND t.state <> 'RELEASED'
                """.formatted(idColumn, nameExpr, deployment(), parentExpr, scopeExpr, kindExpr, detailExpr, identityExpr, table, where);
    }

    /** A node's rows belong to the node's deployment; a deployment's own rows to the one they name. */
    private String deployment() {
        return deploymentRows ? "COALESCE(n.deployment_id, t.deployment_id)" : "n.deployment_id";
    }
}
