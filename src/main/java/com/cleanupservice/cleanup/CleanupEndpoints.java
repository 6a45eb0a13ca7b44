package com.cleanupservice.cleanup;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): the cleanup pipeline's routes
 * ({@code CleanupRoutes}): what other packages hand a cleanup to.
 */
public final class CleanupEndpoints {
    /** Body a {@code CleanupRequest} of a node -> {@code Response}: the node's cleanup, its run opened and closed. */
    public static final String CLEANUP_NODE = "direct:cleanup-node";
    /** Body a {@code CleanupRequest} of a deployment -> {@code Response}: every node of it, then its own rows. */
    public static final String CLEANUP_DEPLOYMENT = "direct:cleanup-deployment";
    /** One node's job inside a run: load, plan, execute. */
    public static final String CLEAN_NODE = "direct:clean-node";
    /** The tracked rows of a node or deployment (header {@code CleanupRoutes.LOAD_SCOPE}), one query per type. */
    public static final String LOAD_RESOURCES = "direct:load-resources";
    /** A plan's lanes, in parallel. */
    public static final String EXECUTE_PLAN = "direct:execute-plan";
    /** A lane's steps in order, each step's resources in parallel. */
    public static final String RUN_LANE = "direct:run-lane";
    /** One resource's delete, redelivered by the {@code ibm-calls} route configuration. */
    public static final String DELETE_RESOURCE = "direct:delete-resource";
    /** Where a delete that cannot succeed ends: the dead letter recorded. */
    public static final String RECORD_DEAD_LETTER = "direct:record-dead-letter";

    private CleanupEndpoints() {
    }
}
