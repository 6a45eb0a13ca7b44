package com.cleanupservice;

import com.cleanupservice.api.Api;
import com.cleanupservice.api.BuildInfo;
import com.cleanupservice.api.HttpEdge;
import com.cleanupservice.api.SlowConnections;
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
import com.cleanupservice.config.Settings;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.persistence.Database;
import com.cleanupservice.persistence.DatabaseHealthCheck;
import com.cleanupservice.persistence.Jdbc;
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
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Wires the service from its settings: database (embedded in sandbox mode), IBM clients (pointed at the built-in
 * simulator in sandbox mode), resource types, and the beans the routes use. Everything started here is stopped with
 * the Camel context, in reverse order, after the {@link Drain} handed back what the instance holds.
 */
public final class CleanupConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupConfiguration.class);
    static final String SANDBOX_API_KEY = "sandbox-api-key";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Settings.Mode mode = settings.mode();
        String host = settings.string("cleanup.http.host", "127.0.0.1");
        int port = settings.integer("cleanup.http.port", 8080);
        String token = settings.optional("cleanup.api.token").orElse(null);
        if (token == null && !loopback(host)) {
            // in every mode: a sandbox on the network would let anyone drive it, and its habits travel to production
            throw new IllegalStateException("refusing to listen on " + host + " without an API token: set CLEANUP_API_TOKEN, "
                    + "or bind to loopback with CLEANUP_HTTP_HOST=127.0.0.1");
        }
        Registry registry = context.getRegistry();
        // the registry Camel serves on /observe/metrics: one scrape has its route meters and the service's own
        CleanupMetrics metrics = CleanupMetrics.of(context);

        Database database = Database.open(settings);
        closeWith(context, "database", database);
        Jdbc jdbc = new Jdbc(database.dataSource());

        IbmCloudSimulator simulator = null;
        IbmClients.Endpoints endpoints;
        String fallbackApiKey = null;
        if (mode == Settings.Mode.SANDBOX && settings.bool("cleanup.simulator.enabled", true)) {
            simulator = IbmCloudSimulator.start(SimulatorOptions.defaults()
                    .host(settings.string("cleanup.simulator.host", "127.0.0.1"))
                    .port(settings.integer("cleanup.simulator.port", 8089))
                    .bareMetalDeleteDelay(settings.millis("cleanup.simulator.bare-metal-delete-ms", 5_000))
                    .dataSource(database.dataSource()));
            closeWith(context, "simulator", simulator);
            registry.bind("ibmCloudSimulator", simulator);
            endpoints = new IbmClients.Endpoints(simulator.vpcUrl(), simulator.dnsUrl(), simulator.iamUrl(), "sandbox", "apikey");
            fallbackApiKey = SANDBOX_API_KEY;
        } else {
            endpoints = IbmClients.configuredEndpoints(settings);
        }
        IbmClients clients = IbmClients.create(settings, endpoints, fallbackApiKey, metrics);

        if (simulator != null && settings.bool("cleanup.demo.enabled", true)) {
            DemoData.seedOnce(jdbc, simulator);
        }

        ObjectMapper json = objectMapper();
        ResourceTypes types = ResourceTypes.discover(context, settings);
        String owner = settings.optional("cleanup.instance-id").orElse(hostname() + ":" + port);
        Leases leases = new Leases(settings.millis("cleanup.lease.ms", Duration.ofSeconds(90).toMillis()));
        registry.bind("leases", leases);
        NodeClaims claims = new NodeClaims(jdbc, owner, leases, types,
                AutoRetries.parse(settings.string("cleanup.followup.auto-retry-intervals", "2m, 10m, 30m"),
                        settings.integer("cleanup.followup.auto-retry-max", 8)));
        RunRecords runs = new RunRecords(jdbc, json, leases, metrics);
        WaitPolicy waitPolicy = new WaitPolicy(
                settings.millis("cleanup.wait.poll-interval-ms", mode == Settings.Mode.SANDBOX ? 1_000 : 10_000),
                settings.millis("cleanup.wait.budget-ms", Duration.ofMinutes(30).toMillis()),
                settings.integer("cleanup.wait.redelete-limit", 2),
                settings.millis("cleanup.run.deadline-ms", Duration.ofHours(3).toMillis()));
        RetryPolicy retryPolicy = new RetryPolicy(
                settings.millis("cleanup.retry.budget-ms", Duration.ofMinutes(25).toMillis()),
                settings.millis("cleanup.retry.initial-delay-ms", 1_000),
                settings.millis("cleanup.retry.max-delay-ms", 60_000),
                settings.decimal("cleanup.retry.multiplier", 2.0),
                settings.millis("cleanup.retry.max-retry-after-ms", 600_000), metrics);
        IbmCalls ibmCalls = new IbmCalls(context, clients,
                Map.of(IbmApi.VPC, settings.integer("cleanup.concurrency.vpc", 8), IbmApi.DNS, settings.integer("cleanup.concurrency.dns", 8)),
                settings.integer("cleanup.concurrency.workers", 8), metrics);
        closeWith(context, "ibm-calls", ibmCalls);

        registry.bind("cleanupDataSource", database.dataSource());
        registry.bind("settings", settings);
        registry.bind("jdbc", jdbc);
        registry.bind("json", json);
        registry.bind("ibmClients", clients);
        registry.bind("resourceTypes", types);
        registry.bind("nodeClaims", claims);
        claims.reportNumericNames();
        registry.bind("runs", runs);
        Ledger ledger = new Ledger(jdbc, runs, claims, types, metrics);
        registry.bind("ledger", ledger);
        registry.bind("waitPolicy", waitPolicy);
        registry.bind("retryPolicy", retryPolicy);
        registry.bind("ibmCalls", ibmCalls);
        Ownership ownership = new Ownership(jdbc, types, json);
        registry.bind("ownership", ownership);
        ownership.reportDisputes();
        registry.bind("cleanupFlow", new CleanupFlow(claims, runs, new Planner(types), waitPolicy, ownership, ledger));
        Input input = new Input(json);
        registry.bind("input", input);
        registry.bind("api", new Api(json, input));
        // started early like the HTTP server, and after it: before any route consumer
        context.addService(new HttpEdge(context, port, token, json, BuildInfo.facts(mode), database.watch(), leases::closing), true, true);
        registry.bind("runQueue", new RunQueue(jdbc, runs, json, context.createProducerTemplate(), owner, leases,
                settings.integer("cleanup.async.workers", 4)));
        registry.bind("databaseHealthCheck", new DatabaseHealthCheck(database.watch()));
        registry.bind("drainingHealthCheck", new DrainingHealthCheck(leases));
        // the first thing a stop does, before any route, pool, the HTTP server or the database stops: see Drain
        context.addLifecycleStrategy(new Drain(leases, Drain.bound(settings)));
        registry.bind("databaseWatch", database.watch());
        registry.bind("cleanupSplitPool", context.getExecutorServiceManager()
                .newFixedThreadPool(this, "cleanup-split", settings.integer("cleanup.concurrency.split-threads", 8)));

        announce(mode, host, port, endpoints, database, types, token != null, owner);
    }

    private static void announce(Settings.Mode mode, String host, int port, IbmClients.Endpoints endpoints, Database database,
                                 ResourceTypes types, boolean tokenRequired, String owner) {
        if (mode == Settings.Mode.SANDBOX) {
            LOG.warn("=====================================================================================");
            LOG.warn(" SANDBOX MODE: nothing here touches IBM Cloud. IBM Cloud is SIMULATED at {}", endpoints.iamUrl());
            LOG.warn(" Database: {}", database.embedded() ? "embedded PostgreSQL (data under ./data)" : "external PostgreSQL");
            LOG.warn(" Set CLEANUP_MODE=ibmcloud (with IBM credentials) to clean real resources.");
            LOG.warn("=====================================================================================");
        } else {
            LOG.info("IBM CLOUD MODE: region {}, VPC {}, DNS {}, auth {}", endpoints.region(), endpoints.vpcUrl(), endpoints.dnsUrl(), endpoints.auth());
        }
        LOG.info("Cleanup API on http://{}:{}/api/cleanup ({}), instance {}, resource types {}", host, port,
                tokenRequired ? "bearer token required" : "no token required", owner, types.names());
    }

    /** Read by {@link App} before anything is configured: the HTTP server is built with them. */
    static SlowConnections.Limits httpLimits(Settings settings) {
        return new SlowConnections.Limits(settings.positiveMillis("cleanup.http.body-timeout-ms", 10_000),
                settings.positiveMillis("cleanup.http.idle-timeout-ms", 20_000),
                settings.positiveInteger("cleanup.http.max-slow-connections-per-client", 64));
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
