package com.cleanupservice.resources;

import com.cleanupservice.persistence.Jdbc;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a type's rows are tracked, in the shape every tracking table but {@code nodes} shares: a serial {@code id}, the
 * IBM id in a column of its own, the owner ({@code node_name}; {@code deployment_id} too in tables that also hold a
 * deployment's own rows), and the ledger columns {@code state, attempts, last_error, last_http_status,
 * state_changed_at, updated_at}. Two forms:
 * <ul>
 *   <li>the shared ledger, {@link #sharedLedger()}: the table {@code tracked_resources} (V18) holding every type beyond the
 *   seed's four, a row's type in {@code resource_type}, its name in {@code name} and its other declared fields in the
 *   JSON object {@code fields} ({@link #field}); its rows are written by {@link #track}, so such a type needs no
 *   migration and no SQL of its own;</li>
 *   <li>a table of one type ({@link #of}): the seed's {@code vnic_info}, {@code ip_reservations}, {@code dns_records},
 *   whose columns are the seed's SQL contract.</li>
 * </ul>
 * A type names the expressions for the rest; the SQL the pipeline, status and ownership checks run on it is written
 * here, once. Expressions read the table as {@code t} and the owning node as {@code n}; they are constants of the type
 * classes, never input, and every value is a bound parameter (the type's name, a plain identifier checked by the
 * registry, is written into the shared ledger's filter).
 *
 * @param nameExpr       what messages call a row ({@code t.vnic_name})
 * @param deploymentRows whether the table has a {@code deployment_id} column and may hold rows of no node
 * @param identityExpr   what the live resource must still show before it is deleted, as a JSON object of the row's
 *                       columns under {@link Identity}'s keys ({@code json_build_object('name', t.vnic_name)}), or NULL
 * @param ledgerType     in the shared ledger, the type whose rows these are (set by {@link DeclaredType}); null for a
 *                       table of one type
 * @param regional       whether the rows have a {@code region} column beside {@code account} (V22); false for a global
 *                       API's rows (DNS records), which live in an account only
 */
public record TrackedTable(String table, String idColumn, String nameExpr, String kindExpr, String detailExpr,
                           String parentExpr, String scopeExpr, boolean deploymentRows, String identityExpr,
                           String ledgerType, boolean regional) implements Rows {

    /** The shared ledger of every type beyond the seed's four (V18). */
    public static final String LEDGER_TABLE = "tracked_resources";

    private static final String IDENTIFIER = "[a-z][a-z0-9_]{0,62}";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrackedTable {
        for (String identifier : new String[] {table, idColumn}) {
            if (!identifier.matches(IDENTIFIER)) {
                throw new IllegalArgumentException("not a plain SQL identifier: " + identifier);
            }
        }
        if (ledgerType != null && (!ledgerType.matches(IDENTIFIER) || !LEDGER_TABLE.equals(table))) {
            throw new IllegalArgumentException("not a type of the shared ledger: " + ledgerType);
        }
    }

    /** A node's table of one type: {@code nameColumn} names a row; no kind, detail, parent or scope until set. */
    public static TrackedTable of(String table, String idColumn, String nameColumn) {
        return new TrackedTable(table, idColumn, "t." + nameColumn, "NULL", "NULL", "NULL", "NULL", false, "NULL", null, true);
    }

    /**
     * The shared ledger ({@code tracked_resources}): rows of a node or of a deployment, named by {@code name}, the other
     * declared fields read with {@link #field}. Its type is the declaring type's ({@link DeclaredType} sets it).
     */
    public static TrackedTable sharedLedger() {
        return new TrackedTable(LEDGER_TABLE, "ibm_id", "t.name", "NULL", "NULL", "NULL", "NULL", true, "NULL", null, true);
    }

    /** A declared field of a shared-ledger row as text, e.g. {@code (t.fields ->> 'address')}. */
    public static String field(String key) {
        if (!key.matches(IDENTIFIER)) {
            throw new IllegalArgumentException("not a plain field name: " + key);
        }
        return "(t.fields ->> '" + key + "')";
    }

    /** Whether these rows are in the shared ledger (written by {@link #track}) rather than in a table of their own. */
    public boolean shared() {
        return LEDGER_TABLE.equals(table);
    }

    /** This shared-ledger table for the rows of {@code type}. */
    TrackedTable ofType(String type) {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, detailExpr, parentExpr, scopeExpr, deploymentRows, identityExpr, type, regional);
    }

    public TrackedTable name(String expr) {
        return new TrackedTable(table, idColumn, expr, kindExpr, detailExpr, parentExpr, scopeExpr, deploymentRows, identityExpr, ledgerType, regional);
    }

    /** The provisioner's sub-kind ({@link TrackedResource#kind}). */
    public TrackedTable kind(String expr) {
        return new TrackedTable(table, idColumn, nameExpr, expr, detailExpr, parentExpr, scopeExpr, deploymentRows, identityExpr, ledgerType, regional);
    }

    public TrackedTable detail(String expr) {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, expr, parentExpr, scopeExpr, deploymentRows, identityExpr, ledgerType, regional);
    }

    /** The resource's container in its API path ({@link TrackedResource#parentId}: a subnet, a DNS zone). */
    public TrackedTable parent(String expr) {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, detailExpr, expr, scopeExpr, deploymentRows, identityExpr, ledgerType, regional);
    }

    /** The service instance in its API path ({@link TrackedResource#scopeId}: a DNS Services instance). */
    public TrackedTable scope(String expr) {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, detailExpr, parentExpr, expr, deploymentRows, identityExpr, ledgerType, regional);
    }

    /** The table also holds a deployment's own rows ({@code node_name} NULL, {@code deployment_id} set). */
    public TrackedTable withDeploymentRows() {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, detailExpr, parentExpr, scopeExpr, true, identityExpr, ledgerType, regional);
    }

    /**
     * What the live resource must still show before it is deleted (see {@link Identity}): a JSON object built from the
     * row, e.g. {@code json_build_object('name', t.vnic_name)}; null values are left out when it is read.
     */
    public TrackedTable identity(String expr) {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, detailExpr, parentExpr, scopeExpr, deploymentRows, expr, ledgerType, regional);
    }

    /** Rows of a global API (DNS Services): an {@code account} column, no {@code region}. */
    public TrackedTable global() {
        return new TrackedTable(table, idColumn, nameExpr, kindExpr, detailExpr, parentExpr, scopeExpr, deploymentRows, identityExpr, ledgerType, false);
    }

    /** {@link Rows#place}: the row's account and, when {@link #regional}, its region, by its IBM id. */
    @Override
    public String place() {
        return """
                UPDATE %s SET account = ?%s WHERE %s = ?%s
                """.formatted(table, regional ? ", region = ?" : "", idColumn, andOfThisType(""));
    }

    /** {@link Rows#loadForNode}. */
    @Override
    public String loadForNode() {
        return load("t.node_name = :?node_name");
    }

    /** {@link Rows#loadForDeployment}: null when the table holds no deployment rows. */
    @Override
    public String loadForDeployment() {
        return deploymentRows ? load("t.deployment_id = :?deployment_id AND t.node_name IS NULL") : null;
    }

    /** {@link Rows#ledger}. */
    @Override
    public String ledger() {
        return """
                SELECT t.id AS tracked_id, t.%s AS ibm_id, t.node_name, %s AS deployment_id, t.state,
                       t.account, %s AS region, %s AS regional
                  FROM %s t LEFT JOIN nodes n ON n.node_name = t.node_name%s
                """.formatted(idColumn, deployment(), regional ? "t.region" : "CAST(NULL AS TEXT)", regional ? "TRUE" : "FALSE", table,
                shared() ? "\n WHERE " + ofThisType("t.") : "");
    }

    /** {@link Rows#inventory}: a node's rows ({@code node} true) or a deployment's own; null when it has none. */
    @Override
    public String inventory(boolean node) {
        if (!node && !deploymentRows) {
            return null;
        }
        return """
                SELECT t.%s AS resource_id, CAST(%s AS TEXT) AS resource_name, t.state, t.attempts, t.last_error,
                       t.last_http_status, t.state_changed_at, t.account, %s AS region
                  FROM %s t
                 WHERE %s%s
                 ORDER BY t.id
                """.formatted(idColumn, nameExpr, regional ? "t.region" : "CAST(NULL AS TEXT)", table, node ? "t.node_name = ?" : "t.deployment_id = ? AND t.node_name IS NULL",
                andOfThisType("t."));
    }

    /** {@link Rows#mark}. */
    @Override
    public String mark() {
        return """
                UPDATE %s SET state = ?, attempts = attempts + ?, last_error = ?, last_http_status = ?,
                       state_changed_at = now(), updated_at = now()
                 WHERE id = ?%s
                """.formatted(table, andOfThisType(""));
    }

    /** {@link Rows#markMany}. */
    @Override
    public String markMany() {
        return """
                UPDATE %s SET state = ?, last_error = NULL, last_http_status = NULL, state_changed_at = now(), updated_at = now()
                 WHERE id = ANY(?)%s
                """.formatted(table, andOfThisType(""));
    }

    /**
     * Records a provisioner's record in the shared ledger (see {@link ResourceType#track}): {@code name} in its column,
     * the other declared fields in {@code fields}. Every key must be one of {@code declared} and every value what that
     * field holds ({@link RecordField#check}); anything else is refused before the insert.
     */
    public boolean track(Jdbc.Tx tx, Map<String, RecordField> declared, String nodeName, String deploymentId, String ibmId,
                         Map<String, String> details) throws SQLException {
        if (!shared() || ledgerType == null) {
            throw new IllegalStateException("rows of " + table + " are written by their type, not by the shared ledger");
        }
        RecordField.ID.check("id", ibmId);
        Map<String, String> fields = new TreeMap<>();
        details.forEach((key, value) -> {
            RecordField field = declared.get(key);
            if (field == null) {
                throw new IllegalArgumentException("a " + ledgerType + " record has no field '" + key + "'; known: " + new TreeMap<>(declared).keySet());
            }
            field.check(key, value);
            if (value != null && !"name".equals(key)) {
                fields.put(key, value);
            }
        });
        String json;
        try {
            json = JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return tx.update("""
                INSERT INTO tracked_resources (resource_type, ibm_id, node_name, deployment_id, name, fields)
                VALUES (?, ?, ?, ?, ?, CAST(? AS JSONB))
                ON CONFLICT (ibm_id) DO NOTHING
                """, ledgerType, ibmId, nodeName, deploymentId, details.get("name"), json) == 1;
    }

    private String load(String where) {
        return """
                SELECT t.id AS tracked_id, t.%s AS ibm_id, %s AS resource_name, t.node_name, %s AS deployment_id,
                       %s AS parent_id, %s AS scope_id, %s AS kind, %s AS detail, t.state, t.attempts,
                       CAST(%s AS TEXT) AS identity, t.account, %s AS region
                  FROM %s t LEFT JOIN nodes n ON n.node_name = t.node_name
                 WHERE %s%s
                   AND (CAST(:?include_gone AS BOOLEAN) OR t.state <> 'GONE')
                   AND t.state <> 'RELEASED'
                """.formatted(idColumn, nameExpr, deployment(), parentExpr, scopeExpr, kindExpr, detailExpr, identityExpr,
                regional ? "t.region" : "CAST(NULL AS TEXT)", table, where, andOfThisType("t."));
    }

    /** A node's rows belong to the node's deployment; a deployment's own rows to the one they name. */
    private String deployment() {
        return deploymentRows ? "COALESCE(n.deployment_id, t.deployment_id)" : "n.deployment_id";
    }

    private String andOfThisType(String alias) {
        return shared() ? " AND " + ofThisType(alias) : "";
    }

    private String ofThisType(String alias) {
        if (ledgerType == null) {
            throw new IllegalStateException("the shared ledger's SQL is for one type: give the table to a DeclaredType");
        }
        return alias + "resource_type = '" + ledgerType + "'";
    }
}
