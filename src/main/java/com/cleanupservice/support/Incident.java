package com.cleanupservice.support;

import org.slf4j.Logger;

import java.util.UUID;

/**
 * A failure nobody planned for. Its exception (class, message, stack, SQL text) goes to the log once, under a trace
 * id; what API answers, run records and inbox error files get is a sentence and that id — never the exception.
 */
public final class Incident {
    private final String traceId;
    private final String message;

    private Incident(String traceId, String message) {
        this.traceId = traceId;
        this.message = message;
    }

    public static Incident report(Logger log, String what, Throwable error) {
        String traceId = UUID.randomUUID().toString();
        try (LogContext ignored = LogContext.with(LogContext.TRACE_ID, traceId)) {
            log.error("{} (trace id {})", what, traceId, error);
        }
        return new Incident(traceId, what + "; the service log has the details under trace id " + traceId);
    }

    public String traceId() {
        return traceId;
    }

    public String message() {
        return message;
    }
}
