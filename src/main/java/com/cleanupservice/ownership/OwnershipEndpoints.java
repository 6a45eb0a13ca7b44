package com.cleanupservice.ownership;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): ownership's routes ({@code
 * OwnershipRoutes}, {@code routes/ownership.camel.yaml}).
 */
public final class OwnershipEndpoints {
    public static final String API_OWNERSHIP_DISPUTES = "direct:api-ownership-disputes";
    public static final String API_OWNERSHIP_RESOLVE = "direct:api-ownership-resolve";

    private OwnershipEndpoints() {
    }
}
