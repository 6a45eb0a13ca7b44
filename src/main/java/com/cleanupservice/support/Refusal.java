package com.cleanupservice.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the service refuses, with why ({@link Reason}) and the explanation its answer carries: the message and
 * any details. Thrown by the code that decides (a node that is not there, a live node without force, a bad batch); the
 * API answers it as {@code {"error": message, "status": ..., ...details}}, and batch results, run records and inbox
 * error files record it the same way.
 */
public final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a request is refused; each has the HTTP status the service answers it with (and records in results). */
    public enum Reason {
        /** The request itself is wrong: a malformed id, an unknown key, a value out of range. */
        BAD_REQUEST(400),
        /** What the request names does not exist. */
        NOT_FOUND(404),
        /** It exists, but its state forbids the request now: a live node, a running cleanup, another owner's id. */
        CONFLICT(409),
        /** It existed, and is no more to be had: a saved plan past its expiry. */
        GONE(410),
        /** The request is larger than a configured limit. */
        TOO_LARGE(413),
        /** Not here, not now: this instance is shutting down; another one takes the request. */
        UNAVAILABLE(503);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;
    private final transient Map<String, Object> details;

    public Refusal(Reason reason, String message, Map<String, Object> details) {
        super(message);
        this.reason = reason;
        this.details = details == null ? Map.of() : new LinkedHashMap<>(details);
    }

    public static Refusal badRequest(String message) {
        return new Refusal(Reason.BAD_REQUEST, message, null);
    }

    public static Refusal badRequest(String message, Map<String, Object> details) {
        return new Refusal(Reason.BAD_REQUEST, message, details);
    }

    public static Refusal notFound(String message) {
        return new Refusal(Reason.NOT_FOUND, message, null);
    }

    public static Refusal conflict(String message, Map<String, Object> details) {
        return new Refusal(Reason.CONFLICT, message, details);
    }

    public static Refusal gone(String message, Map<String, Object> details) {
        return new Refusal(Reason.GONE, message, details);
    }

    public static Refusal tooLarge(String message) {
        return new Refusal(Reason.TOO_LARGE, message, null);
    }

    public static Refusal unavailable(String message) {
        return new Refusal(Reason.UNAVAILABLE, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status of the {@link #reason()}: what the API answers and what results and run records carry. */
    public int status() {
        return reason.status();
    }

    public Map<String, Object> details() {
        return details;
    }
}
