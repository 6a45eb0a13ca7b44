package com.cleanupservice.discovery;

/**
 * Discovery's routes ({@code DriftRoutes}). Packages below the provisioner that adoption records through reach drift reports and adoption by these names (a constant, so a dependency {@code PackageDependenciesTest} sees), never by discovery's classes.
 * The {@code direct:} endpoints this package consumes; see docs/ARCHITECTURE.md, Routes.
 */
public final class DiscoveryEndpoints {
    /** Body {@code {"kind": "node"|"deployment", "id": ...}} -> {@code Response(200, drift report)}; 404 for an unknown target. */
    public static final String DRIFT_REPORT = "direct:drift-report";
    /** Body {@code {"kind": "node"|"deployment", "id": ...}} -> {@code Response(200, adoption)} of every untracked resource. */
    public static final String ADOPT_UNTRACKED = "direct:adopt-untracked";
    public static final String API_DRIFT_NODE = "direct:api-drift-node";
    public static final String API_DRIFT_DEPLOYMENT = "direct:api-drift-deployment";
    public static final String API_DRIFT_NODE_ADOPT = "direct:api-drift-node-adopt";
    public static final String API_DRIFT_DEPLOYMENT_ADOPT = "direct:api-drift-deployment-adopt";

    private DiscoveryEndpoints() {
    }
}
