package com.cleanupservice.validation;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): validation's and
 * reconciliation's routes ({@code ValidationRoutes}, {@code ValidationApiRoutes}).
 */
public final class ValidationEndpoints {
    /** Body a node (path id or name) -> the node's validation; a batch's {@code validate_cleanup} too. */
    public static final String VALIDATE_NODE = "direct:validate-node";
    public static final String VALIDATE_DEPLOYMENT = "direct:validate-deployment";
    public static final String LOAD_NODE_FOR_VALIDATION = "direct:load-node-for-validation";
    public static final String RECONCILE = "direct:reconcile";
    public static final String API_VALIDATE_NODE = "direct:api-validate-node";
    public static final String API_VALIDATE_DEPLOYMENT = "direct:api-validate-deployment";
    public static final String API_RECONCILE_NODE = "direct:api-reconcile-node";
    public static final String API_RECONCILE_DEPLOYMENT = "direct:api-reconcile-deployment";

    private ValidationEndpoints() {
    }
}
