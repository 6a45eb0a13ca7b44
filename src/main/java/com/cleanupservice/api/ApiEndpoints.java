package com.cleanupservice.api;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): the {@code api} package's own
 * route: the OpenAPI document ({@code routes/openapi.camel.yaml}).
 */
public final class ApiEndpoints {
    /** GET /api/openapi.json. */
    public static final String API_OPENAPI = "direct:api-openapi";

    private ApiEndpoints() {
    }
}
