package com.cleanupservice.resources;

/**
 * Where a type's rows are tracked, as the SQL the pipeline, status, validation and ownership run on them. Written
 * once, by {@link TrackedTable}, for every table in the common shape (the shared ledger and the seed's tables); the
 * server, kept on the node row, writes its own.
 */
public interface Rows {

    /**
     * Loads a node's tracked rows. Named parameters: {@code :?node_name}, {@code :?include_gone}. Columns:
     * tracked_id, ibm_id, resource_name, node_name, deployment_id, parent_id, scope_id, kind, detail, state, attempts,
     * identity.
     */
    String loadForNode();

    /** Loads a deployment's own rows that belong to no node ({@code :?deployment_id}, {@code :?include_gone}); null if none exist. */
    String loadForDeployment();

    /**
     * Every tracked row, whatever its owner or state, as columns {@code tracked_id, ibm_id, node_name, deployment_id,
     * state} ({@code deployment_id} the owner's deployment). The registry unions these into one ledger for status,
     * ownership and "is anything of this node left" questions ({@link ResourceTypes#ledgerSql()}).
     */
    String ledger();

    /**
     * The rows as an operator reads them, every ledger state included: a node's ({@code node} true) or a deployment's
     * own, by one positional parameter (the node's name or the deployment's id); null when the type keeps none of them.
     * Columns: resource_id, resource_name, state, attempts, last_error, last_http_status, state_changed_at.
     */
    String inventory(boolean node);

    /** Updates a row's ledger. Positional parameters: state, attempts to add, last error, last HTTP status, tracked id. */
    String mark();

    /**
     * Puts many rows into one state at once, clearing their last error (a plan's rows DELETING before its first call,
     * in one statement). Positional parameters: state, tracked ids (an array).
     */
    String markMany();
}
