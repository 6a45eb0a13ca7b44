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
     * identity, account, region (the row's place, V22: NULL for the default account or region; region NULL for a
     * global API's rows).
     */
    String loadForNode();

    /** Loads a deployment's own rows that belong to no node ({@code :?deployment_id}, {@code :?include_gone}); null if none exist. */
    String loadForDeployment();

    /**
     * Every tracked row, whatever its owner or state, as columns {@code tracked_id, ibm_id, node_name, deployment_id,
     * state, account, region, regional} ({@code deployment_id} the owner's deployment; the place as {@link #loadForNode}
     * reads it, {@code regional} whether a NULL region means the default one or none). The registry unions these into one ledger for status,
     * ownership and "is anything of this node left" questions ({@link ResourceTypes#ledgerSql()}).
     */
    String ledger();

    /**
     * The rows as an operator reads them, every ledger state included: a node's ({@code node} true) or a deployment's
     * own, by one positional parameter (the node's name or the deployment's id); null when the type keeps none of them.
     * Columns: resource_id, resource_name, state, attempts, last_error, last_http_status, state_changed_at, account, region.
     */
    String inventory(boolean node);

    /**
     * Records where a row lives, right after the provisioner's record ({@link ResourceType#track}) in the same
     * transaction. Positional parameters: account, region (only when {@link #regional}), IBM id. Null when the type's
     * rows take their place from elsewhere (the server: its node's).
     */
    default String place() {
        return null;
    }

    /** Whether the rows carry a region (a VPC resource) or only an account (a global API's: DNS Services). */
    default boolean regional() {
        return true;
    }

    /** Updates a row's ledger. Positional parameters: state, attempts to add, last error, last HTTP status, tracked id. */
    String mark();

    /**
     * Puts many rows into one state at once, clearing their last error (a plan's rows DELETING before its first call,
     * in one statement). Positional parameters: state, tracked ids (an array).
     */
    String markMany();
}
