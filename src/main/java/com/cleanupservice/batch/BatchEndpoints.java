package com.cleanupservice.batch;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): batch's routes ({@code
 * BatchRoutes}, {@code InboxRoutes}, {@code routes/batch.camel.yaml}, {@code routes/inbox.camel.yaml}).
 */
public final class BatchEndpoints {
    /** Body a batch request ({@code Map}) -> {@code Response}: every target, each isolated. */
    public static final String RUN_BATCH = "direct:run-batch";
    public static final String RUN_BATCH_TARGET = "direct:run-batch-target";
    /** A file of the watched directory ({@code routes/inbox.camel.yaml}). */
    public static final String PROCESS_INBOX_FILE = "direct:process-inbox-file";
    public static final String API_CLEANUP_BATCH = "direct:api-cleanup-batch";

    private BatchEndpoints() {
    }
}
