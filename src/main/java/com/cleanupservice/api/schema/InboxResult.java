package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code <outbox>/<name>.result.json}, the seed's result file of a batch file in the watched directory: the batch's
 * answer and, after it, where it came from, its status and when it was processed.
 */
public record InboxResult(@JsonUnwrapped BatchResult batch, String source_file, int http_status, String processed_at) {
}
