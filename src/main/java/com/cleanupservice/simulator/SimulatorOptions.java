package com.cleanupservice.simulator;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link IbmCloudSimulator}. Immutable: every setter returns a modified copy, so
 * {@link #defaults()} can be shared and refined freely.
 */
public final class SimulatorOptions {
    private final String host;
    private final int port;
    private final Duration bareMetalDeleteDelay;
    private final DataSource dataSource;
    private final String apiKey;
    private final long tokenLifetimeSeconds;
    private final boolean providerReservedIps;
    private final RateLimit rateLimit;

    private SimulatorOptions(String host, int port, Duration bareMetalDeleteDelay, DataSource dataSource,
                             String apiKey, long tokenLifetimeSeconds, boolean providerReservedIps,
                             RateLimit rateLimit) {
        this.host = host;
        this.port = port;
        this.bareMetalDeleteDelay = bareMetalDeleteDelay;
        this.dataSource = dataSource;
        this.apiKey = apiKey;
        this.tokenLifetimeSeconds = tokenLifetimeSeconds;
        this.providerReservedIps = providerReservedIps;
        this.rateLimit = rateLimit;
    }

    /**
     * 127.0.0.1:8089, 5 s bare metal delete delay, in memory only, any API key, one-hour tokens, no provider-owned
     * reserved IPs, no rate limit.
     */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions("127.0.0.1", 8089, Duration.ofSeconds(5), null, null, 3600, false, null);
    }

    public String host() {
        return host;
    }

    public SimulatorOptions host(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        return new SimulatorOptions(host, port, bareMetalDeleteDelay, dataSource, apiKey,
                tokenLifetimeSeconds, providerReservedIps, rateLimit);
    }

    public int port() {
        return port;
    }

    /** The port to listen on; 0 picks a free one ({@link IbmCloudSimulator#port()} tells which). */
    public SimulatorOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        return new SimulatorOptions(host, port, bareMetalDeleteDelay, dataSource, apiKey,
                tokenLifetimeSeconds, providerReservedIps, rateLimit);
    }

    public Duration bareMetalDeleteDelay() {
        return bareMetalDeleteDelay;
    }

    /** How long a deleted bare metal server stays in status {@code deleting} before it disappears. */
    public SimulatorOptions bareMetalDeleteDelay(Duration delay) {
        return new SimulatorOptions(host, port, checkDelay(delay), dataSource, apiKey,
                tokenLifetimeSeconds, providerReservedIps, rateLimit);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Where resources are persisted (schema {@code ibmsim}); {@code null} keeps them in memory only. */
    public SimulatorOptions dataSource(DataSource dataSource) {
        return new SimulatorOptions(host, port, bareMetalDeleteDelay, dataSource, apiKey,
                tokenLifetimeSeconds, providerReservedIps, rateLimit);
    }

    public String apiKey() {
        return apiKey;
    }

    /** The only API key IAM accepts; {@code null} accepts any non-empty key. */
    public SimulatorOptions apiKey(String apiKey) {
        return new SimulatorOptions(host, port, bareMetalDeleteDelay, dataSource, apiKey,
                tokenLifetimeSeconds, providerReservedIps, rateLimit);
    }

    public long tokenLifetimeSeconds() {
        return tokenLifetimeSeconds;
    }

    public SimulatorOptions tokenLifetimeSeconds(long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("token lifetime must be positive, was " + seconds);
        }
        return new SimulatorOptions(host, port, bareMetalDeleteDelay, dataSource, apiKey,
                seconds, providerReservedIps, rateLimit);
    }

    public boolean providerReservedIps() {
        return providerReservedIps;
    }

    /**
     * Whether every subnet also lists the addresses IBM keeps for itself (network, gateway, DNS, reserved and
     * broadcast; {@code owner: provider}, not deletable), as IBM does. Off by default, so a subnet lists exactly the
     * IPs that were reserved in it.
     */
    public SimulatorOptions providerReservedIps(boolean enabled) {
        return new SimulatorOptions(host, port, bareMetalDeleteDelay, dataSource, apiKey,
                tokenLifetimeSeconds, enabled, rateLimit);
    }

    public RateLimit rateLimit() {
        return rateLimit;
    }

    /**
     * Requests per second the VPC and DNS APIs accept before answering 429 ({@code null}, the default: unlimited).
     * {@link IbmCloudSimulator#reset()} comes back to this limit.
     */
    public SimulatorOptions rateLimit(RateLimit limit) {
        return new SimulatorOptions(host, port, bareMetalDeleteDelay, dataSource, apiKey, tokenLifetimeSeconds,
                providerReservedIps, limit);
    }

    static Duration checkDelay(Duration delay) {
        Objects.requireNonNull(delay, "bare metal delete delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("bare metal delete delay must not be negative, was " + delay);
        }
        return delay;
    }

    @Override
    public String toString() {
        return "SimulatorOptions[host=" + host + ", port=" + port + ", bareMetalDeleteDelay=" + bareMetalDeleteDelay
                + ", persistent=" + (dataSource != null) + ", apiKey=" + (apiKey == null ? "any" : "fixed")
                + ", tokenLifetimeSeconds=" + tokenLifetimeSeconds + ", providerReservedIps=" + providerReservedIps
                + ", rateLimit=" + (rateLimit == null ? "off" : rateLimit.toJson()) + "]";
    }
}
