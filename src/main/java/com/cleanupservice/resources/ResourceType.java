package com.cleanupservice.resources;

import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.persistence.Jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the product knows about one kind of IBM resource. An implementation in this package with a public
 * constructor taking {@link com.cleanupservice.config.Settings} is registered by being there (see
 * {@link ResourceTypes}); the routes are generic and never ask which type they hold.
 */
public interface ResourceType {

    /** The values that place this type among the others: names, API, dependencies, report order. */
    Declaration declaration();

    /** As stored in the audit and dead-letter tables: {@code bare_metal_server}, {@code dns_record}, ... */
    default String name() {
        return declaration().name();
    }

    /** The seed's {@code details[].resource_type} group, e.g. {@code virtual_network_interfaces}. */
    default String reportGroup() {
        return declaration().reportGroup();
    }

    /** The seed's operation type, e.g. {@code vni_deletion}. */
    default String operationType() {
        return declaration().operationType();
    }

    /** What messages call this type's resources, plural ("virtual network interfaces"). */
    default String label() {
        return declaration().label();
    }

    /**
     * How this type's resources are listed by container with their identities, for a run that must look at many of one
     * container before deleting them; null when they are looked at one by one.
     */
    default Listing listing() {
        return null;
    }

    /** How drift discovery finds this type's resources in IBM Cloud; null when it does not. */
    default Discoverable discovery() {
        return null;
    }

    default IbmApi api() {
        return declaration().api();
    }

    /** Types whose resources of the same node must be gone before this one's are deleted. */
    default Set<String> deleteAfter() {
        return declaration().deleteAfter();
    }

    /** See {@link Declaration#reportOrder}. */
    default int reportOrder() {
        return declaration().reportOrder();
    }

    /** See {@link Declaration#alwaysChecked}. */
    default boolean alwaysChecked() {
        return declaration().alwaysChecked();
    }

    /** The seed's validation check name ({@code validation_results[].check}). */
    default String validationCheck() {
        return reportGroup();
    }

    /** Order among resources of this type on one node; lower goes first (PTR records before A records). */
    default int orderWithinType(TrackedResource resource) {
        return 0;
    }

    /**
     * Which resources of a lane can wait for each other: resources in different groups never do, so each group runs
     * as a lane of its own. Null (the default): unknown, the lane stays whole.
     */
    default String dependencyGroup(TrackedResource resource) {
        return null;
    }

    /**
     * Where this type's rows are tracked, when the table has the common shape ({@link TrackedTable}): the SQL methods
     * below then come from it. A type with a table of its own shape (the server, kept on the node row) returns null
     * and writes them itself.
     */
    TrackedTable table();

    /**
     * Loads a node's tracked rows. Named parameters: {@code :?node_name}, {@code :?include_gone}. Columns:
     * tracked_id, ibm_id, resource_name, node_name, deployment_id, parent_id, scope_id, kind, detail, state, attempts.
     */
    default String loadForNodeSql() {
        return table().loadForNode();
    }

    /** Loads a deployment's own rows that belong to no node ({@code :?deployment_id}, {@code :?include_gone}); null if none exist. */
    default String loadForDeploymentSql() {
        return table().loadForDeployment();
    }

    /**
     * Every tracked row of this type, whatever its owner or state, as columns {@code tracked_id, ibm_id, node_name,
     * deployment_id, state} ({@code deployment_id} the owner's deployment). The registry unions these into one ledger
     * for status, ownership and "is anything of this node left" questions ({@link ResourceTypes#ledgerSql()}).
     */
    default String ledgerSql() {
        return table().ledger();
    }

    /**
     * The rows as an operator reads them, every ledger state included: a node's ({@code node} true) or a deployment's
     * own, by one positional parameter (the node's name or the deployment's id); null when the type keeps none of them.
     * Columns: resource_id, resource_name, state, attempts, last_error, last_http_status, state_changed_at.
     */
    default String inventorySql(boolean node) {
        return table().inventory(node);
    }

    /** Fills what a row may leave to configuration (default subnet, DNS zone, ...). */
    default TrackedResource withDefaults(TrackedResource resource) {
        return resource;
    }

    /** Updates the row's ledger. Positional parameters: state, attempts to add, last error, last HTTP status, tracked id. */
    default String markSql() {
        return table().mark();
    }

    /**
     * Puts many rows into one state at once, clearing their last error (a plan's rows DELETING before its first call,
     * in one statement). Positional parameters: state, tracked ids (an array).
     */
    default String markManySql() {
        return table().markMany();
    }

    /**
     * Whether every delete of this type is preceded by a look at the resource ({@link #inspect}), whatever was
     * recorded (the server's state, a security group's VPC).
     */
    default boolean inspectsFirst() {
        return false;
    }

    /**
     * Whether this resource's delete is preceded by a look ({@link #inspect}), a call of its own with its own retries:
     * always for a type that {@link #inspectsFirst}, and whenever the provisioner recorded something the live resource
     * must still show ({@link TrackedResource#recorded}: its name, address, zone — see {@link Identity}).
     */
    default boolean looksFirst(TrackedResource resource) {
        return inspectsFirst() || !resource.recorded().isEmpty();
    }

    /**
     * The look before the delete, for resources that {@link #looksFirst}: null to go on with the delete, or what settles
     * the resource without one — gone (404), not the resource recorded ({@link Identity#verify}: BLOCKED), blocked by
     * its state, already being deleted. What the live resource shows of others of the node (a server's VNIs) goes into
     * {@code seen}, so their looks need no call. Throws like {@link #delete}. The default reads nothing: a type whose
     * rows record an identity overrides it.
     */
    default Attempt inspect(IbmClients ibm, TrackedResource resource, Sightings seen) {
        return null;
    }

    /** One delete attempt. Throws sdk-core exceptions for failures other than 404. */
    Attempt delete(IbmClients ibm, TrackedResource resource);

    /** Whether the resource still exists: ALREADY_GONE on 404, STILL_PRESENT or DELETE_FAILED otherwise; throws on errors. */
    Attempt probe(IbmClients ibm, TrackedResource resource);

    /** The {@code ibmcloud} command that shows the resource (exit status 0 while it exists); the declared one by default. */
    default List<CliArg> cliShow(TrackedResource resource) {
        return Declaration.Template.command(declaration().cliShow(), resource);
    }

    /** The {@code ibmcloud} command that deletes the resource without prompting; the declared one by default. */
    default List<CliArg> cliDelete(TrackedResource resource) {
        return Declaration.Template.command(declaration().cliDelete(), resource);
    }

    /**
     * The script variables ({@link CliArg#var}) this type's commands use, with their configured values (null when
     * unset); generated scripts define them at the top, overridable from the environment.
     */
    default Map<String, String> scriptVariables() {
        return Map.of();
    }

    /** The HTTP request a delete sends, for dry-run plans; the declared one by default. */
    default String describeDelete(TrackedResource resource) {
        return Declaration.Template.fill(declaration().request(), resource);
    }

    /** The keys a provisioner's record of this type may carry and what each holds: the declared ones. */
    default Map<String, RecordField> recordFields() {
        return declaration().recordFields();
    }

    /**
     * Records a resource the provisioner created (its tracked row). {@code nodeName} is null for a deployment's own
     * resource. Returns false when it was already tracked; throws {@link IllegalArgumentException} for missing or bad
     * details and {@link IllegalStateException} when it conflicts with what is tracked.
     */
    boolean track(Jdbc.Tx tx, String nodeName, String deploymentId, String ibmId, Map<String, String> details) throws SQLException;
}
