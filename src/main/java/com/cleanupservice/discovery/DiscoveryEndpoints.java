package com.cleanupservice.discovery;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): discovery's routes ({@code
 * DriftRoutes}). Validation and the orphan sweep reach drift reports and adoption by these constants, a dependency on
 * discovery as an import is; the run queue and the cleanup API, below discovery, never name them (see {@code
 * DriftRoutes}).
 */
public final class DiscoveryEndpoints {
    /**
     * Body {@code {"kind": "node"|"deployment", "id": ...}} -> {@code Response(200, drift report)}; 404 for an unknown
     * target.
     */
    public static final String DRIFT_REPORT = "direct:drift-report";
    /**
     * Body {@code {"kind": "node"|"deployment", "id": ...}} -> {@code Response(200, adoption)} of every untracked
     * resource.
     */
    public static final String ADOPT_UNTRACKED = "direct:adopt-untracked";
    public static final String API_DRIFT_NODE = "direct:api-drift-node";
    public static final String API_DRIFT_DEPLOYMENT = "direct:api-drift-deployment";
    public static final String API_DRIFT_NODE_ADOPT = "direct:api-drift-node-adopt";
    public static final String API_DRIFT_DEPLOYMENT_ADOPT = "direct:api-drift-deployment-adopt";

    private DiscoveryEndpoints() {
    }
}
