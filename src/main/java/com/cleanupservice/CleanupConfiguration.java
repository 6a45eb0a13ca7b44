package com.cleanupservice;

import com.cleanupservice.api.Api;
import com.cleanupservice.api.BuildInfo;
import com.cleanupservice.api.HttpEdge;
import com.cleanupservice.api.SlowConnections;
import com.cleanupservice.ibm.Account;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmCalls;
import com.cleanupservice.ownership.Ownership;
import com.cleanupservice.cleanup.AutoRetries;
import com.cleanupservice.cleanup.CleanupFlow;
import com.cleanupservice.cleanup.Ledger;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.Planner;
import com.cleanupservice.cleanup.RetryPolicy;
import com.cleanupservice.cleanup.WaitPolicy;
import com.cleanupservice.guard.BlastRadius;
import com.cleanupservice.guard.ProtectedPlaces;
import com.cleanupservice.guard.GuardLimits;
import com.cleanupservice.guard.GuardRefusals;
import com.cleanupservice.config.Settings;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.notify.Notifications;
import com.cleanupservice.persistence.Database;
import com.cleanupservice.persistence.DatabaseHealthCheck;
import com.cleanupservice.persistence.DatabaseWatch;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.DefaultPlace;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.runs.RunQueue;
import com.cleanupservice.runs.store.RunRecords;
import com.cleanupservice.shutdown.Drain;
import com.cleanupservice.shutdown.DrainingHealthCheck;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorOptions;
import com.cleanupservice.support.Input;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Wires the service the way camel-main does: each bean is a {@link BindToRegistry} method whose parameters come from the
 * registry (by type, or by name with {@link BeanInject}) and from the settings ({@link PropertyInject}, defaults in
 * {@code config/application.properties} only). The beans are lazy: each is made when first asked for, after the ones
 * it takes, so the database comes first, then the simulator (sandbox mode), the IBM clients, and so on. Everything
 * started here is stopped with the Camel context, in reverse order, after the {@link Drain} handed back what the
 * instance holds.
 */
public final class CleanupConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupConfiguration.class);
    static final String SANDBOX_API_KEY = "sandbox-api-key";
    /** The simulator's API keys of its accounts (not secrets: nothing real is behind them); any other account's is the first's. */
    static final Map<String, String> SANDBOX_API_KEYS = Map.of("sandbox", SANDBOX_API_KEY, "sandbox-2", "sandbox-2-api-key");

    @PropertyInject("cleanup.http.host")
    String host;
    @PropertyInject("cleanup.http.port")
    int port;
    @PropertyInject("cleanup.api.token")
    String token;
    @PropertyInject("cleanup.instance-id")
    String instanceId;

    /**
     * What the beans cannot say by themselves: the refusal to listen off loopback without a token (before any bean is
     * made), the HTTP edge and the drain, and the start's announcement. The beans the start reports on are asked for
     * here, in the order they used to be made, so they stop in the reverse one.
     */
    @Override
    public void configure(CamelContext context) throws Exception {
        String token = token();
        if (token == null && !loopback(host)) {
            // in every mode: a sandbox on the network would let anyone drive it, and its habits travel to production
            throw new IllegalStateException("refusing to listen on " + host + " without an API token: set CLEANUP_API_TOKEN, "
                    + "or bind to loopback with CLEANUP_HTTP_HOST=127.0.0.1");
        }
        Registry registry = context.getRegistry();
        Settings settings = registry.lookupByNameAndType("settings", Settings.class);
        Database database = registry.lookupByNameAndType("database", Database.class);
        IbmClients clients = registry.lookupByNameAndType("ibmClients", IbmClients.class);
        // every account's credential must belong to its configured IBM account before anything is deleted with it
        clients.checkAccounts();
        ResourceTypes types = registry.lookupByNameAndType("resourceTypes", ResourceTypes.class);
        // before anything reads a row without a place: a changed default leaves the rows recorded before where they are
        DefaultPlace.settle(registry.lookupByNameAndType("jdbc", Jdbc.class),
                new DefaultPlace.Place(clients.accounts().defaultAccount().name(), clients.accounts().defaultRegion()), types)
                .ifPresent(moved -> {
                    try {
                        clients.accounts().allowed(moved.from().account(), moved.from().region());
                    } catch (IllegalArgumentException e) {
                        LOG.warn("The rows recorded without a place before live in {}, which is not configured: they cannot be "
                                + "cleaned until it is ({})", moved.from(), e.getMessage());
                    }
                });
        Leases leases = registry.lookupByNameAndType("leases", Leases.class);
        registry.lookupByNameAndType("nodeClaims", NodeClaims.class);
        registry.lookupByNameAndType("ibmCalls", IbmCalls.class);
        registry.lookupByNameAndType("cleanupFlow", CleanupFlow.class);
        // started early like the HTTP server, and after it: before any route consumer
        context.addService(new HttpEdge(context, port, token, registry.lookupByNameAndType("json", ObjectMapper.class),
                BuildInfo.facts(settings.mode()), database.watch(), leases::closing), true, true);
        registry.lookupByNameAndType("runQueue", RunQueue.class);
        // the first thing a stop does, before any route, pool, the HTTP server or the database stops: see Drain
        context.addLifecycleStrategy(new Drain(leases, Drain.bound(settings)));

        announce(settings.mode(), host, port, clients, database, types, token != null, owner());
    }

    @BindToRegistry(value = "settings", lazy = true)
    public Settings settings(CamelContext context) {
        return new Settings(context);
    }

    @BindToRegistry(value = "database", lazy = true)
    public Database database(CamelContext context, Settings settings) throws Exception {
        Database database = Database.open(settings);
        closeWith(context, "database", database);
        return database;
    }

    @BindToRegistry(value = "cleanupDataSource", lazy = true)
    public DataSource cleanupDataSource(Database database) {
        return database.dataSource();
    }

    @BindToRegistry(value = "databaseWatch", lazy = true)
    public DatabaseWatch databaseWatch(Database database) {
        return database.watch();
    }

    @BindToRegistry(value = "jdbc", lazy = true)
    public Jdbc jdbc(Database database) {
        return new Jdbc(database.dataSource());
    }

    @BindToRegistry(value = "json", lazy = true)
    public ObjectMapper json() {
        return objectMapper();
    }

    /**
     * IBM Cloud's clients: in sandbox mode (with the simulator enabled) the built-in simulator's, started here on the
     * service's database, bound as {@code ibmCloudSimulator} and seeded once with the demo deployment; else the
     * configured endpoints'.
     */
    @BindToRegistry(value = "ibmClients", lazy = true)
    public IbmClients ibmClients(CamelContext context, Settings settings, Database database, Jdbc jdbc,
                                 @PropertyInject("cleanup.simulator.enabled") boolean simulatorEnabled,
                                 @PropertyInject("cleanup.demo.enabled") boolean demoEnabled) throws Exception {
        CleanupMetrics metrics = CleanupMetrics.of(context);
        Function<String, String> sandboxKeys = name -> SANDBOX_API_KEYS.getOrDefault(name, SANDBOX_API_KEY);
        if (!settings.sandbox() || !simulatorEnabled) {
            return IbmClients.create(settings, IbmClients.configuredEndpoints(settings), settings.sandbox() ? sandboxKeys : null, metrics);
        }
        IbmCloudSimulator simulator = IbmCloudSimulator.start(SimulatorOptions.defaults()
                .host(settings.string("cleanup.simulator.host"))
                .port(settings.integer("cleanup.simulator.port"))
                .bareMetalDeleteDelay(settings.millis("cleanup.simulator.bare-metal-delete-ms"))
                .dataSource(database.dataSource()));
        closeWith(context, "simulator", simulator);
        context.getRegistry().bind("ibmCloudSimulator", simulator);
        // the simulator's VPC API serves its default region at /v1 and every region at /regions/{region}/v1
        // (the default region's is the configured one: a sandbox started with another cleanup.ibm.region calls it there)
        String region = IbmClients.region(settings);
        IbmClients.Endpoints endpoints = new IbmClients.Endpoints(
                region.equals(simulator.regions().get(0)) ? simulator.vpcUrl() : simulator.vpcUrl(region),
                simulator.dnsUrl(), simulator.iamUrl(), region, "apikey", simulator.baseUrl() + "/regions/{region}/v1");
        IbmClients clients = IbmClients.create(settings, endpoints, sandboxKeys, metrics);
        if (demoEnabled) {
            DemoData.seedOnce(jdbc, simulator);
        }
        return clients;
    }

    @BindToRegistry(value = "resourceTypes", lazy = true)
    public ResourceTypes resourceTypes(CamelContext context, Settings settings) {
        return ResourceTypes.discover(context, settings);
    }

    @BindToRegistry(value = "leases", lazy = true)
    public Leases leases(@PropertyInject("cleanup.lease.ms") long leaseMillis) {
        return new Leases(Duration.ofMillis(leaseMillis));
    }

    @BindToRegistry(value = "nodeClaims", lazy = true)
    public NodeClaims nodeClaims(Jdbc jdbc, Leases leases, ResourceTypes types,
                                 @PropertyInject("cleanup.followup.auto-retry-intervals") String autoRetryIntervals,
                                 @PropertyInject("cleanup.followup.auto-retry-max") int autoRetryMax) {
        NodeClaims claims = new NodeClaims(jdbc, owner(), leases, types, AutoRetries.parse(autoRetryIntervals, autoRetryMax));
        claims.reportNumericNames();
        return claims;
    }

    /** The outbox writer: webhooks from the settings (a bad one, or one without the secret, stops the start). */
    @BindToRegistry(value = "notifications", lazy = true)
    public Notifications notifications(Settings settings, @BeanInject("json") ObjectMapper json) {
        return Notifications.configured(settings, json);
    }

    @BindToRegistry(value = "runs", lazy = true)
    public RunRecords runs(CamelContext context, Jdbc jdbc, @BeanInject("json") ObjectMapper json, Leases leases, Notifications notifications) {
        return new RunRecords(jdbc, json, leases, CleanupMetrics.of(context), notifications);
    }

    @BindToRegistry(value = "waitPolicy", lazy = true)
    public WaitPolicy waitPolicy(Settings settings,
                                 @PropertyInject("cleanup.wait.budget-ms") long budgetMillis,
                                 @PropertyInject("cleanup.wait.redelete-limit") int redeleteLimit,
                                 @PropertyInject("cleanup.run.deadline-ms") long deadlineMillis) {
        return new WaitPolicy(settings.byModeMillis("cleanup.wait.poll-interval-ms"), Duration.ofMillis(budgetMillis), redeleteLimit, Duration.ofMillis(deadlineMillis));
    }

    @BindToRegistry(value = "retryPolicy", lazy = true)
    public RetryPolicy retryPolicy(CamelContext context,
                                   @PropertyInject("cleanup.retry.budget-ms") long budgetMillis,
                                   @PropertyInject("cleanup.retry.initial-delay-ms") long initialDelayMillis,
                                   @PropertyInject("cleanup.retry.max-delay-ms") long maxDelayMillis,
                                   @PropertyInject("cleanup.retry.multiplier") double multiplier,
                                   @PropertyInject("cleanup.retry.max-retry-after-ms") long maxRetryAfterMillis) {
        return new RetryPolicy(Duration.ofMillis(budgetMillis), Duration.ofMillis(initialDelayMillis), Duration.ofMillis(maxDelayMillis),
                multiplier, Duration.ofMillis(maxRetryAfterMillis), CleanupMetrics.of(context));
    }

    @BindToRegistry(value = "ibmCalls", lazy = true)
    public IbmCalls ibmCalls(CamelContext context, IbmClients clients,
                             @PropertyInject("cleanup.concurrency.workers") int workers) throws Exception {
        // the default account's bounds: its own cleanup.ibm.account.<name>.concurrency.*, else cleanup.concurrency.*
        Account account = clients.accounts().defaultAccount();
        IbmCalls calls = new IbmCalls(context, clients, Map.of(IbmApi.VPC, account.concurrency(IbmApi.VPC), IbmApi.DNS,
                account.concurrency(IbmApi.DNS)), workers, CleanupMetrics.of(context));
        closeWith(context, "ibm-calls", calls);
        return calls;
    }

    @BindToRegistry(value = "ledger", lazy = true)
    public Ledger ledger(CamelContext context, Jdbc jdbc, RunRecords runs, NodeClaims claims, ResourceTypes types, Notifications notifications) {
        return new Ledger(jdbc, runs, claims, types, CleanupMetrics.of(context), notifications);
    }

    @BindToRegistry(value = "ownership", lazy = true)
    public Ownership ownership(Jdbc jdbc, ResourceTypes types, @BeanInject("json") ObjectMapper json, Notifications notifications) {
        Ownership ownership = new Ownership(jdbc, types, json, notifications);
        ownership.reportDisputes();
        return ownership;
    }

    @BindToRegistry(value = "cleanupFlow", lazy = true)
    public CleanupFlow cleanupFlow(NodeClaims claims, RunRecords runs, ResourceTypes types, WaitPolicy waitPolicy, Ownership ownership, Ledger ledger,
                                   BlastRadius blastRadius, Jdbc jdbc, IbmClients clients) {
        return new CleanupFlow(claims, runs, new Planner(types), waitPolicy, ownership, ledger, blastRadius,
                new ProtectedPlaces(jdbc, types, clients.accounts()), clients.accounts());
    }

    @BindToRegistry(value = "blastRadius", lazy = true)
    public BlastRadius blastRadius(Jdbc jdbc, ResourceTypes types,
                                   @PropertyInject("cleanup.guard.max-resources") int maxResources,
                                   @PropertyInject("cleanup.guard.max-percent") int maxPercent,
                                   @PropertyInject("cleanup.guard.percent-min-resources") int percentMinResources) {
        return new BlastRadius(jdbc, types, new GuardLimits(maxResources, maxPercent, percentMinResources));
    }

    /** Where a scheduled run's guard refusal is handed on: a guard_refused notification. */
    @BindToRegistry(value = "guardRefusals", lazy = true)
    public GuardRefusals guardRefusals(Notifications notifications) {
        return new GuardRefusals(notifications);
    }

    @BindToRegistry(value = "input", lazy = true)
    public Input input(@BeanInject("json") ObjectMapper json) {
        return new Input(json);
    }

    @BindToRegistry(value = "api", lazy = true)
    public Api api(@BeanInject("json") ObjectMapper json, Input input) {
        return new Api(json, input);
    }

    @BindToRegistry(value = "runQueue", lazy = true)
    public RunQueue runQueue(CamelContext context, Jdbc jdbc, RunRecords runs, @BeanInject("json") ObjectMapper json, Leases leases,
                               @PropertyInject("cleanup.async.workers") int workers) {
        return new RunQueue(jdbc, runs, json, context.createProducerTemplate(), owner(), leases, workers);
    }

    @BindToRegistry(value = "databaseHealthCheck", lazy = true)
    public DatabaseHealthCheck databaseHealthCheck(DatabaseWatch watch) {
        return new DatabaseHealthCheck(watch);
    }

    @BindToRegistry(value = "drainingHealthCheck", lazy = true)
    public DrainingHealthCheck drainingHealthCheck(Leases leases) {
        return new DrainingHealthCheck(leases);
    }

    @BindToRegistry(value = "cleanupSplitPool", lazy = true)
    public ExecutorService cleanupSplitPool(CamelContext context, @PropertyInject("cleanup.concurrency.split-threads") int threads) {
        return context.getExecutorServiceManager().newFixedThreadPool(this, "cleanup-split", threads);
    }

    /** This instance in leases: {@code cleanup.instance-id}, else hostname:port. */
    private String owner() {
        return blank(instanceId) ? hostname() + ":" + port : instanceId.trim();
    }

    private String token() {
        return blank(token) ? null : token.trim();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void announce(Settings.Mode mode, String host, int port, IbmClients clients, Database database,
                                 ResourceTypes types, boolean tokenRequired, String owner) {
        IbmClients.Endpoints endpoints = clients.endpoints();
        if (mode == Settings.Mode.SANDBOX) {
            LOG.warn("=====================================================================================");
            LOG.warn(" SANDBOX MODE: nothing here touches IBM Cloud. IBM Cloud is SIMULATED at {}", endpoints.iamUrl());
            LOG.warn(" Database: {}", database.embedded() ? "embedded PostgreSQL (data under ./data)" : "external PostgreSQL");
            LOG.warn(" Set CLEANUP_MODE=ibmcloud (with IBM credentials) to clean real resources.");
            LOG.warn("=====================================================================================");
        } else {
            LOG.info("IBM CLOUD MODE: region {}, VPC {}, DNS {}, auth {}", endpoints.region(), endpoints.vpcUrl(), endpoints.dnsUrl(), endpoints.auth());
        }
        // names, ids, regions and bounds: an Account never shows its key
        LOG.info("IBM accounts: {}", clients.accounts().all());
        LOG.info("Cleanup API on http://{}:{}/api/cleanup ({}), instance {}, resource types {}", host, port,
                tokenRequired ? "bearer token required" : "no token required", owner, types.names());
    }

    /** Read by {@link App} before anything is configured: the HTTP server is built with them. */
    static SlowConnections.Limits httpLimits(Settings settings) {
        return new SlowConnections.Limits(settings.positiveMillis("cleanup.http.body-timeout-ms"),
                settings.positiveMillis("cleanup.http.idle-timeout-ms"),
                settings.positiveInteger("cleanup.http.max-slow-connections-per-client"));
    }

    static ObjectMapper objectMapper() {
        SimpleModule asText = new SimpleModule("as-text")
                .addSerializer(Instant.class, ToStringSerializer.instance)
                .addSerializer(UUID.class, ToStringSerializer.instance);
        return new ObjectMapper().registerModule(asText).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    /** Stops {@code resource} when the context stops (services stop in reverse order of registration). */
    private static void closeWith(CamelContext context, String name, AutoCloseable resource) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }

            @Override
            public String toString() {
                return name;
            }
        }, true, true);
    }
}
