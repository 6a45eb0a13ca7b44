package com.cleanupservice.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One fault to inject into matching requests. Immutable; build it with a static factory and refine it with the
 * {@code with}-style methods, e.g. {@code FaultRule.status("delete_bare_metal_server", 429).retryAfter(1).probability(0.5)}.
 *
 * @param operation   operation name from {@link SimulatorOperations}, or {@code "*"} for any operation except
 *                    {@code create_iam_token} (which only matches when named)
 * @param resourceId  only requests for this resource id match; {@code null} matches any
 * @param type        what happens to a matching request
 * @param status      HTTP status answered by a {@link Type#STATUS} rule
 * @param retryAfter  seconds sent as {@code Retry-After} by a {@link Type#STATUS} rule; {@code null} sends none
 * @param latencyMs   fixed delay added by a {@link Type#LATENCY} rule
 * @param jitterMs    upper bound of a uniformly random extra delay added by a {@link Type#LATENCY} rule
 * @param probability chance (0..1) that a matching request is affected
 * @param remaining   how many more times the rule may apply; {@code null} is unlimited, 0 means spent
 * @param account     only requests of this account (by name: its token's, its API key's for IAM) match;
 *                    {@code null} matches any
 */
public record FaultRule(String operation, String resourceId, Type type, Integer status, Integer retryAfter,
                        long latencyMs, long jitterMs, double probability, Integer remaining, String account) {

    /** Any operation except {@code create_iam_token}. */
    public static final String ANY_OPERATION = "*";

    private static final Set<String> JSON_FIELDS = Set.of("operation", "resource_id", "type", "status",
            "retry_after", "latency_ms", "jitter_ms", "probability", "remaining", "account");

    public enum Type {
        /** Delay the request by {@code latency_ms} plus up to {@code jitter_ms}, then serve it normally. */
        LATENCY,
        /** Answer {@code status} with an IBM error body instead of serving the request. */
        STATUS,
        /** Never answer; the connection stays open until the client gives up. */
        HANG,
        /** Abort the TCP connection with an RST and no HTTP answer. */
        RESET,
        /**
         * Only for DELETEs of kinds that support it ({@code delete_bare_metal_server}): the DELETE is accepted, but
         * when the delete delay elapses the server goes to status {@code failed} instead of disappearing.
         */
        DELETE_FAILS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type fromWireName(String name) {
            for (Type type : values()) {
                if (type.wireName().equals(name)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown fault type '" + name
                    + "' (expected latency, status, hang, reset or delete_fails)");
        }
    }

    public FaultRule {
        operation = operation == null ? ANY_OPERATION : operation;
        if (!ANY_OPERATION.equals(operation) && !SimulatorOperations.ALL.contains(operation)) {
            throw new IllegalArgumentException("unknown operation '" + operation + "'");
        }
        if (type == null) {
            throw new IllegalArgumentException("fault type is required");
        }
        if (type == Type.STATUS) {
            if (status == null || status < 400 || status > 599) {
                throw new IllegalArgumentException("a status fault needs a status within 400..599, was " + status);
            }
        } else if (status != null) {
            throw new IllegalArgumentException("status only applies to status faults");
        }
        if (retryAfter != null && (type != Type.STATUS || retryAfter < 0)) {
            throw new IllegalArgumentException("retry_after must be a non-negative number of seconds on a status fault");
        }
        if (type == Type.LATENCY) {
            if (latencyMs < 0 || jitterMs < 0) {
                throw new IllegalArgumentException("latency_ms and jitter_ms must not be negative");
            }
        } else if (latencyMs != 0 || jitterMs != 0) {
            throw new IllegalArgumentException("latency_ms and jitter_ms only apply to latency faults");
        }
        if (type == Type.DELETE_FAILS && !SimulatorOperations.DELETE_FAILS.contains(operation)) {
            throw new IllegalArgumentException("delete_fails only applies to operation "
                    + String.join(" or ", SimulatorOperations.DELETE_FAILS.stream().sorted().toList()));
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be within 0..1, was " + probability);
        }
        if (remaining != null && remaining < 0) {
            throw new IllegalArgumentException("remaining must not be negative, was " + remaining);
        }
        if (account != null && account.isBlank()) {
            throw new IllegalArgumentException("account must name an account");
        }
    }

    /** A rule for requests of every account. */
    public FaultRule(String operation, String resourceId, Type type, Integer status, Integer retryAfter,
                     long latencyMs, long jitterMs, double probability, Integer remaining) {
        this(operation, resourceId, type, status, retryAfter, latencyMs, jitterMs, probability, remaining, null);
    }

    public static FaultRule latency(String operation, long latencyMs, long jitterMs) {
        return new FaultRule(operation, null, Type.LATENCY, null, null, latencyMs, jitterMs, 1.0, null);
    }

    public static FaultRule status(String operation, int status) {
        return new FaultRule(operation, null, Type.STATUS, status, null, 0, 0, 1.0, null);
    }

    public static FaultRule hang(String operation) {
        return new FaultRule(operation, null, Type.HANG, null, null, 0, 0, 1.0, null);
    }

    public static FaultRule reset(String operation) {
        return new FaultRule(operation, null, Type.RESET, null, null, 0, 0, 1.0, null);
    }

    public static FaultRule deleteFails() {
        return new FaultRule(SimulatorOperations.DELETE_BARE_METAL_SERVER, null, Type.DELETE_FAILS, null, null,
                0, 0, 1.0, null);
    }

    public FaultRule resourceId(String id) {
        return new FaultRule(operation, id, type, status, retryAfter, latencyMs, jitterMs, probability, remaining,
                account);
    }

    public FaultRule retryAfter(int seconds) {
        return new FaultRule(operation, resourceId, type, status, seconds, latencyMs, jitterMs, probability, remaining,
                account);
    }

    public FaultRule probability(double p) {
        return new FaultRule(operation, resourceId, type, status, retryAfter, latencyMs, jitterMs, p, remaining,
                account);
    }

    /** Apply at most {@code n} times, then the rule is spent. */
    public FaultRule times(int n) {
        return new FaultRule(operation, resourceId, type, status, retryAfter, latencyMs, jitterMs, probability, n,
                account);
    }

    /** Only for requests of {@code name} ({@code null}: of every account). */
    public FaultRule account(String name) {
        return new FaultRule(operation, resourceId, type, status, retryAfter, latencyMs, jitterMs, probability,
                remaining, name);
    }

    /** Whether a request of no known account matches. */
    boolean matches(String op, String id) {
        return matches(op, id, null);
    }

    /** @param requestAccount the request's account, {@code null} when unknown (no valid token) */
    boolean matches(String op, String id, String requestAccount) {
        boolean operationMatches = operation.equals(op)
                || (ANY_OPERATION.equals(operation) && !SimulatorOperations.CREATE_IAM_TOKEN.equals(op));
        return operationMatches && (resourceId == null || resourceId.equals(id))
                && (account == null || account.equals(requestAccount));
    }

    /** The rule's JSON form: snake_case names; the fields its type does not use, and absent ones, left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Json(String operation, String resourceId, String type, Integer status, Integer retryAfter, Long latencyMs,
                Long jitterMs, double probability, Integer remaining, String account) {
    }

    /** The rule as JSON with snake_case names; absent optional fields are left out. */
    public Map<String, Object> toJson() {
        boolean isStatus = type == Type.STATUS;
        boolean isLatency = type == Type.LATENCY;
        return HttpSupport.toMap(new Json(operation, resourceId, type.wireName(), isStatus ? status : null,
                isStatus ? retryAfter : null, isLatency ? latencyMs : null, isLatency ? jitterMs : null, probability,
                remaining, account));
    }

    /** Parses the JSON form of {@link #toJson()}; unknown fields are rejected so typos don't pass silently. */
    public static FaultRule fromJson(Map<String, ?> json) {
        for (String key : json.keySet()) {
            if (!JSON_FIELDS.contains(key)) {
                throw new IllegalArgumentException("unknown fault rule field '" + key + "'");
            }
        }
        Object type = json.get("type");
        if (!(type instanceof String typeName)) {
            throw new IllegalArgumentException("fault rule field 'type' is required");
        }
        Number probability = number(json, "probability");
        return new FaultRule(
                string(json, "operation"),
                string(json, "resource_id"),
                Type.fromWireName(typeName),
                integer(json, "status"),
                integer(json, "retry_after"),
                wholeNumber(json, "latency_ms", 0),
                wholeNumber(json, "jitter_ms", 0),
                probability == null ? 1.0 : probability.doubleValue(),
                integer(json, "remaining"),
                string(json, "account"));
    }

    private static String string(Map<String, ?> json, String key) {
        Object value = json.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("fault rule field '" + key + "' must be a string");
        }
        return (String) value;
    }

    private static Number number(Map<String, ?> json, String key) {
        Object value = json.get(key);
        if (value != null && !(value instanceof Number)) {
            throw new IllegalArgumentException("fault rule field '" + key + "' must be a number");
        }
        return (Number) value;
    }

    private static Integer integer(Map<String, ?> json, String key) {
        Number n = number(json, key);
        if (n == null) {
            return null;
        }
        if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fault rule field '" + key + "' must be a whole number");
        }
        return n.intValue();
    }

    private static long wholeNumber(Map<String, ?> json, String key, long defaultValue) {
        Number n = number(json, key);
        if (n == null) {
            return defaultValue;
        }
        if (n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("fault rule field '" + key + "' must be a whole number");
        }
        return n.longValue();
    }
}
