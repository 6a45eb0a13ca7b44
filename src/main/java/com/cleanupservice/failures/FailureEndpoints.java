package com.cleanupservice.failures;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): the dead letters' routes
 * ({@code FailureRoutes}, {@code routes/failures.camel.yaml}).
 */
public final class FailureEndpoints {
    public static final String API_FAILURES = "direct:api-failures";
    public static final String API_FAILURE_RETRY = "direct:api-failure-retry";

    private FailureEndpoints() {
    }
}
