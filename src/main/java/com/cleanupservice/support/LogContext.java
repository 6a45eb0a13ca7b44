package com.cleanupservice.support;

import org.slf4j.MDC;

/**
 * What a log line is about, as MDC entries ({@code run_id}, {@code node}, {@code resource_type}, {@code resource_id},
 * {@code trace_id}): the JSON log format writes them as fields of each line. Opened around a piece of work on the
 * thread doing it and closed in the same thread (try-with-resources), which puts back what was there before: Camel
 * moves an exchange between pooled threads, so nothing may stay behind on a thread for the next exchange to inherit.
 * Entries with a null value are left as they were.
 */
public final class LogContext implements AutoCloseable {
    public static final String RUN_ID = "run_id";
    public static final String NODE = "node";
    public static final String RESOURCE_TYPE = "resource_type";
    public static final String RESOURCE_ID = "resource_id";
    /** IBM's trace of a failed call ({@code trace} in its error body, {@code X-Request-Id}), or an incident's id. */
    public static final String TRACE_ID = "trace_id";

    private final String[] keys;
    private final String[] previous;

    private LogContext(String[] keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        keys = new String[keysAndValues.length / 2];
        previous = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            String value = keysAndValues[2 * i + 1];
            if (value != null) {
                keys[i] = keysAndValues[2 * i];
                previous[i] = MDC.get(keys[i]);
                MDC.put(keys[i], value);
            }
        }
    }

    /** {@code with(RUN_ID, id, NODE, name, ...)}: set until {@link #close()}. */
    public static LogContext with(String... keysAndValues) {
        return new LogContext(keysAndValues);
    }

    @Override
    public void close() {
        for (int i = keys.length - 1; i >= 0; i--) {
            if (keys[i] == null) {
                continue;
            }
            if (previous[i] == null) {
                MDC.remove(keys[i]);
            } else {
                MDC.put(keys[i], previous[i]);
            }
        }
    }
}
