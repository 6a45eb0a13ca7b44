package com.cleanupservice.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the service refuses, with the HTTP status and the explanation the JSON error body carries. Thrown from
 * anywhere below the API; the API's error route turns it into {@code {"error": ..., ...details}}.
 */
public final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, Object> details;

    public Problem(int status, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.details = details == null ? Map.of() : new LinkedHashMap<>(details);
    }

    public static Problem badRequest(String message) {
        return new Problem(400, message, null);
    }

    public static Problem notFound(String message) {
        return new Problem(404, message, null);
    }

    public static Problem conflict(String message, Map<String, Object> details) {
        return new Problem(409, message, details);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> details() {
        return details;
    }
}
