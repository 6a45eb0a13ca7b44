package com.cleanupservice.script;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): the cleanup scripts' routes
 * ({@code ScriptRoutes}, {@code routes/script.camel.yaml}).
 */
public final class ScriptEndpoints {
    public static final String GENERATE_CLEANUP_SCRIPT = "direct:generate-cleanup-script";
    public static final String API_CLEANUP_DEPLOYMENT_SCRIPT = "direct:api-cleanup-deployment-script";
    public static final String API_CLEANUP_NODE_SCRIPT = "direct:api-cleanup-node-script";

    private ScriptEndpoints() {
    }
}
