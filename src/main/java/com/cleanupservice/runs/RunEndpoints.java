package com.cleanupservice.runs;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): the run queue's routes
 * ({@code RunRoutes}) and the node and deployment cleanup API ({@code CleanupApiRoutes}, {@code
 * routes/api.camel.yaml}).
 */
public final class RunEndpoints {
    /**
     * Every entry point's one choice: run the request now, or accept it as a run that survives a restart (the exchange
     * property {@code RunQueue.ENTRY} says which).
     */
    public static final String ACCEPT_OR_RUN = "direct:accept-or-run";
    /** Claims due runs and starts them; polled by a timer and nudged by every acceptance. */
    public static final String POLL_RUNS = "direct:poll-runs";
    /** Body a claimed run's id: carries it out through its kind's endpoint. */
    public static final String EXECUTE_RUN = "direct:execute-run";
    public static final String API_CLEANUP_NODE = "direct:api-cleanup-node";
    public static final String API_CLEANUP_DEPLOYMENT = "direct:api-cleanup-deployment";
    public static final String API_RUNS = "direct:api-runs";
    public static final String API_RUN = "direct:api-run";
    public static final String API_RUN_OPERATIONS = "direct:api-run-operations";
    /** A run's report, streamed as CSV or JSON ({@link RunReport}). */
    public static final String API_RUN_REPORT = "direct:api-run-report";

    private RunEndpoints() {
    }
}
