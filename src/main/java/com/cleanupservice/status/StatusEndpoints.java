package com.cleanupservice.status;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): status' routes ({@code
 * StatusRoutes}, {@code routes/status.camel.yaml}).
 */
public final class StatusEndpoints {
    public static final String API_CLEANUP_STATUS = "direct:api-cleanup-status";
    public static final String API_DEPLOYMENTS = "direct:api-deployments";
    public static final String API_RESOURCES = "direct:api-resources";
    public static final String API_ACCOUNTS = "direct:api-accounts";

    private StatusEndpoints() {
    }
}
