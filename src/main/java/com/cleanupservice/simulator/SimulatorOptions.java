package com.cleanupservice.simulator;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of an {@link IbmCloudSimulator}. Immutable: every setter returns a modified copy, so
 * {@link #defaults()} can be shared and refined freely.
 */
public final class SimulatorOptions {
    private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z0-9]+)+");

    // not final only so that the setters can change a fresh copy
    private String host;
    private int port;
    private Duration bareMetalDeleteDelay;
    private DataSource dataSource;
    private List<SimulatorAccount> accounts;
    private List<String> regions;
    private long tokenLifetimeSeconds;
    private boolean providerReservedIps;
    private RateLimit rateLimit;
    private Duration networkDeleteDelay;

    private SimulatorOptions(String host, int port, Duration bareMetalDeleteDelay, DataSource dataSource,
                             List<SimulatorAccount> accounts, List<String> regions, long tokenLifetimeSeconds,
                             boolean providerReservedIps, RateLimit rateLimit, Duration networkDeleteDelay) {
        this.host = host;
        this.port = port;
        this.bareMetalDeleteDelay = bareMetalDeleteDelay;
        this.dataSource = dataSource;
        this.accounts = accounts;
        this.regions = regions;
        this.tokenLifetimeSeconds = tokenLifetimeSeconds;
        this.providerReservedIps = providerReservedIps;
        this.rateLimit = rateLimit;
        this.networkDeleteDelay = networkDeleteDelay;
    }

    private SimulatorOptions copy() {
        return new SimulatorOptions(host, port, bareMetalDeleteDelay, dataSource, accounts, regions,
                tokenLifetimeSeconds, providerReservedIps, rateLimit, networkDeleteDelay);
    }

    /**
     * 127.0.0.1:8089, 5 s bare metal and network (subnet, load balancer, endpoint gateway) delete delays, in
     * memory only, the accounts {@code sandbox} (the default: any API
     * key but {@code sandbox-2}'s) and {@code sandbox-2} (key {@code sandbox-2-api-key}), the regions
     * {@code us-south} (the default) and {@code eu-de}, one-hour tokens, no provider-owned reserved IPs, no rate
     * limit.
     */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions("127.0.0.1", 8089, Duration.ofSeconds(5), null,
                List.of(SimulatorAccount.SANDBOX, SimulatorAccount.SANDBOX_2), List.of(IbmCloudSimulator.REGION, "eu-de"),
                3600, false, null, Duration.ofSeconds(5));
    }

    public String host() {
        return host;
    }

    public SimulatorOptions host(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        SimulatorOptions copy = copy();
        copy.host = host;
        return copy;
    }

    public int port() {
        return port;
    }

    /** The port to listen on; 0 picks a free one ({@link IbmCloudSimulator#port()} tells which). */
    public SimulatorOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        SimulatorOptions copy = copy();
        copy.port = port;
        return copy;
    }

    public Duration bareMetalDeleteDelay() {
        return bareMetalDeleteDelay;
    }

    /** How long a deleted bare metal server stays in status {@code deleting} before it disappears. */
    public SimulatorOptions bareMetalDeleteDelay(Duration delay) {
        SimulatorOptions copy = copy();
        copy.bareMetalDeleteDelay = checkDelay(delay);
        return copy;
    }

    public Duration networkDeleteDelay() {
        return networkDeleteDelay;
    }

    /**
     * How long a deleted subnet or endpoint gateway stays {@code deleting}, and a deleted load balancer
     * {@code delete_pending}, before it disappears.
     */
    public SimulatorOptions networkDeleteDelay(Duration delay) {
        SimulatorOptions copy = copy();
        copy.networkDeleteDelay = checkDelay(delay);
        return copy;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Where resources are persisted (schema {@code ibmsim}); {@code null} keeps them in memory only. */
    public SimulatorOptions dataSource(DataSource dataSource) {
        SimulatorOptions copy = copy();
        copy.dataSource = dataSource;
        return copy;
    }

    /** The default account's only API key, {@code null} when it takes any key no other account has. */
    public String apiKey() {
        List<String> keys = accounts.get(0).apiKeys();
        return keys.isEmpty() ? null : keys.get(0);
    }

    /**
     * The only API key of the default account ({@link #accounts()}' first); {@code null}: it takes any non-empty key
     * no other account has. The other accounts' keys stay theirs.
     */
    public SimulatorOptions apiKey(String apiKey) {
        List<SimulatorAccount> changed = new ArrayList<>(accounts);
        changed.set(0, accounts.get(0).withApiKey(apiKey));
        return accounts(changed);
    }

    /** The accounts IAM mints tokens for, the default one first. */
    public List<SimulatorAccount> accounts() {
        return accounts;
    }

    /**
     * Replaces the accounts; the first is the default one (resources created without {@code account}, documents
     * stored before accounts existed). Names, ids and keys must be unique.
     */
    public SimulatorOptions accounts(List<SimulatorAccount> accounts) {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("the simulator needs at least one account");
        }
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (SimulatorAccount account : accounts) {
            if (!names.add(account.name())) {
                throw new IllegalArgumentException("two accounts are named " + account.name());
            }
            if (!ids.add(account.id())) {
                throw new IllegalArgumentException("two accounts have the id " + account.id());
            }
            for (String key : account.apiKeys()) {
                if (!keys.add(key)) {
                    throw new IllegalArgumentException("an API key belongs to two accounts (" + account.name() + ")");
                }
            }
        }
        if (accounts.stream().skip(1).anyMatch(a -> a.apiKeys().isEmpty())) {
            throw new IllegalArgumentException("only the default (first) account may be without an API key");
        }
        SimulatorOptions copy = copy();
        copy.accounts = List.copyOf(accounts);
        return copy;
    }

    /** Adds an account, or replaces the one of the same name (in its place: {@code sandbox} stays the default). */
    public SimulatorOptions account(SimulatorAccount account) {
        List<SimulatorAccount> changed = new ArrayList<>(accounts);
        int at = changed.stream().map(SimulatorAccount::name).toList().indexOf(account.name());
        if (at < 0) {
            changed.add(account);
        } else {
            changed.set(at, account);
        }
        return accounts(changed);
    }

    /** The VPC regions served, the default one ({@code /v1/...}) first. */
    public List<String> regions() {
        return regions;
    }

    /**
     * The VPC regions served, e.g. {@code us-south, eu-de}: the first is the default region, served at
     * {@code /v1/...} as well as {@code /regions/{region}/v1/...}; every other one only at the latter.
     */
    public SimulatorOptions regions(List<String> regions) {
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("the simulator needs at least one region");
        }
        for (String region : regions) {
            if (region == null || !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("a region must look like us-south or eu-de, was '" + region + "'");
            }
        }
        if (new HashSet<>(regions).size() != regions.size()) {
            throw new IllegalArgumentException("a region is listed twice: " + regions);
        }
        SimulatorOptions copy = copy();
        copy.regions = List.copyOf(regions);
        return copy;
    }

    public long tokenLifetimeSeconds() {
        return tokenLifetimeSeconds;
    }

    public SimulatorOptions tokenLifetimeSeconds(long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("token lifetime must be positive, was " + seconds);
        }
        SimulatorOptions copy = copy();
        copy.tokenLifetimeSeconds = seconds;
        return copy;
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
        SimulatorOptions copy = copy();
        copy.providerReservedIps = enabled;
        return copy;
    }

    public RateLimit rateLimit() {
        return rateLimit;
    }

    /**
     * Requests per second the VPC and DNS APIs accept before answering 429 ({@code null}, the default: unlimited).
     * {@link IbmCloudSimulator#reset()} comes back to this limit.
     */
    public SimulatorOptions rateLimit(RateLimit limit) {
        SimulatorOptions copy = copy();
        copy.rateLimit = limit;
        return copy;
    }

    static Duration checkDelay(Duration delay) {
        Objects.requireNonNull(delay, "delete delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delete delay must not be negative, was " + delay);
        }
        return delay;
    }

    @Override
    public String toString() {
        return "SimulatorOptions[host=" + host + ", port=" + port + ", bareMetalDeleteDelay=" + bareMetalDeleteDelay
                + ", networkDeleteDelay=" + networkDeleteDelay
                + ", persistent=" + (dataSource != null) + ", apiKey=" + (apiKey() == null ? "any" : "fixed")
                + ", accounts=" + accounts + ", regions=" + regions
                + ", tokenLifetimeSeconds=" + tokenLifetimeSeconds + ", providerReservedIps=" + providerReservedIps
                + ", rateLimit=" + (rateLimit == null ? "off" : rateLimit.toJson()) + "]";
    }
}
