package com.cleanupservice.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;
import java.util.Set;

/**
 * How many requests per second the simulator accepts on each API before it answers 429, as IBM's API gateway does:
 * one token bucket per API, refilled continuously at the API's rate and holding at most {@code burst} tokens. The IAM
 * token endpoint is never limited. Each account has buckets of its own: one account's throttling never slows another's.
 * Immutable; e.g. {@code RateLimit.vpc(5).burst(5)}, {@code RateLimit.vpc(5).forAccount("sandbox-2")}.
 *
 * @param vpcPerSecond requests per second on the VPC API; {@code null} leaves that API unlimited
 * @param dnsPerSecond requests per second on the DNS Services API; {@code null} leaves that API unlimited
 * @param burst        how many requests an API accepts at once after a pause (its bucket's capacity); {@code null}
 *                     means each API's own per-second value, at least 1
 * @param account      the one account (by name) limited; {@code null}: every account, each with buckets of its own
 */
public record RateLimit(Double vpcPerSecond, Double dnsPerSecond, Integer burst, String account) {
    private static final Set<String> JSON_FIELDS = Set.of("vpc_per_second", "dns_per_second", "burst", "account");

    public RateLimit {
        checkRate("vpc_per_second", vpcPerSecond);
        checkRate("dns_per_second", dnsPerSecond);
        if (burst != null && burst < 1) {
            throw new IllegalArgumentException("rate limit field 'burst' must be a whole number of at least 1, was "
                    + burst);
        }
        if (account != null && account.isBlank()) {
            throw new IllegalArgumentException("rate limit field 'account' must name an account");
        }
    }

    /** Every account limited alike. */
    public RateLimit(Double vpcPerSecond, Double dnsPerSecond, Integer burst) {
        this(vpcPerSecond, dnsPerSecond, burst, null);
    }

    /** The VPC API limited to {@code perSecond}, DNS unlimited. */
    public static RateLimit vpc(double perSecond) {
        return new RateLimit(perSecond, null, null);
    }

    /** The DNS Services API limited to {@code perSecond}, VPC unlimited. */
    public static RateLimit dns(double perSecond) {
        return new RateLimit(null, perSecond, null);
    }

    public RateLimit withVpc(double perSecond) {
        return new RateLimit(perSecond, dnsPerSecond, burst, account);
    }

    public RateLimit withDns(double perSecond) {
        return new RateLimit(vpcPerSecond, perSecond, burst, account);
    }

    public RateLimit burst(int requests) {
        return new RateLimit(vpcPerSecond, dnsPerSecond, requests, account);
    }

    /** The same limit on {@code account} alone ({@code null}: on every account, each with buckets of its own). */
    public RateLimit forAccount(String account) {
        return new RateLimit(vpcPerSecond, dnsPerSecond, burst, account);
    }

    /** Whether requests of {@code account} are limited. */
    boolean limits(String account) {
        return this.account == null || this.account.equals(account);
    }

    /** The requests per second on {@code api}, {@code null} when unlimited. */
    Double perSecond(SimKind.Api api) {
        return api == SimKind.Api.VPC ? vpcPerSecond : dnsPerSecond;
    }

    /** The bucket capacity for an API limited to {@code perSecond}. */
    double capacity(double perSecond) {
        return burst != null ? burst : Math.max(1, perSecond);
    }

    /** The JSON form: every field, {@code null} when not set, but {@code account}, absent then; whole rates as integers. */
    record Json(Number vpcPerSecond, Number dnsPerSecond, Integer burst,
                @JsonInclude(JsonInclude.Include.NON_NULL) String account) {
    }

    /** {@code {vpc_per_second, dns_per_second, burst}}, each {@code null} when not set, and {@code account} if set. */
    public Map<String, Object> toJson() {
        return HttpSupport.toMap(json());
    }

    Json json() {
        return new Json(number(vpcPerSecond), number(dnsPerSecond), burst, account);
    }

    /**
     * Parses the JSON form of {@link #toJson()}; absent and {@code null} fields are not set. Unknown fields,
     * non-numbers and non-positive values are refused.
     */
    public static RateLimit fromJson(Map<String, ?> json) {
        for (String key : json.keySet()) {
            if (!JSON_FIELDS.contains(key)) {
                throw new IllegalArgumentException("unknown rate limit field '" + key + "' (allowed: "
                        + JSON_FIELDS.stream().sorted().toList() + ")");
            }
        }
        Number burst = number(json, "burst");
        if (burst != null && (burst.doubleValue() != Math.rint(burst.doubleValue())
                || burst.doubleValue() < 1 || burst.doubleValue() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("rate limit field 'burst' must be a whole number of at least 1, was "
                    + burst);
        }
        Number vpc = number(json, "vpc_per_second");
        Number dns = number(json, "dns_per_second");
        Object account = json.get("account");
        if (account != null && !(account instanceof String)) {
            throw new IllegalArgumentException("rate limit field 'account' must be an account's name");
        }
        return new RateLimit(vpc == null ? null : vpc.doubleValue(), dns == null ? null : dns.doubleValue(),
                burst == null ? null : burst.intValue(), (String) account);
    }

    private static Number number(Map<String, ?> json, String key) {
        Object value = json.get(key);
        if (value != null && !(value instanceof Number)) {
            throw new IllegalArgumentException("rate limit field '" + key + "' must be a positive number");
        }
        return (Number) value;
    }

    private static void checkRate(String name, Double perSecond) {
        if (perSecond != null && !(perSecond > 0 && Double.isFinite(perSecond))) {
            throw new IllegalArgumentException("rate limit field '" + name + "' must be a positive number, was "
                    + perSecond);
        }
    }

    /** Whole rates as integers ({@code 5}, not {@code 5.0}). */
    private static Number number(Double value) {
        if (value == null) {
            return null;
        }
        return value == Math.rint(value) && Math.abs(value) < Long.MAX_VALUE ? (Number) value.longValue() : value;
    }
}
