package com.cleanupservice.provisioner;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): the provisioner hooks' routes
 * ({@code ProvisionerRoutes}, {@code routes/provisioner.camel.yaml}).
 */
public final class ProvisionerEndpoints {
    public static final String API_REGISTER_NODE = "direct:api-register-node";
    public static final String API_TRACK_NODE_RESOURCE = "direct:api-track-node-resource";
    public static final String API_TRACK_DEPLOYMENT_RESOURCE = "direct:api-track-deployment-resource";
    public static final String API_NODE_FAILED = "direct:api-node-failed";

    private ProvisionerEndpoints() {
    }
}
