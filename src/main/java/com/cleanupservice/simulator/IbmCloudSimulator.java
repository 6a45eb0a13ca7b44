package com.cleanupservice.simulator;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A sandbox IBM Cloud on loopback: it speaks the IAM token, VPC v1 and DNS Services v1 wire protocols for the
 * resource kinds in {@link Kinds} (bare metal servers, virtual network interfaces, subnet reserved IPs, DNS resource
 * records, …), enforces IBM's deletion rules, and lets tests inject faults and read request counts. Serves the product's sandbox mode, tests and
 * benchmarks.
 *
 * <p>Point IAM at {@link #iamUrl()} and the VPC and DNS clients at {@link #vpcUrl()} / {@link #dnsUrl()}. The
 * admin surface under {@code /sim/} mirrors the Java admin methods over HTTP.
 *
 * <p>Accounts and regions ({@link SimulatorOptions#accounts()}, {@link SimulatorOptions#regions()}; by default
 * {@code sandbox} and {@code sandbox-2}, {@code us-south} and {@code eu-de}): IAM mints a token for the account its
 * API key belongs to, a JWT whose payload names the account ({@code account.bss}); every VPC and DNS request is its
 * token's account's. VPC is regional: {@link #vpcUrl(String)} is {@code http://host:port/regions/{region}/v1}, and
 * {@link #vpcUrl()}, {@code http://host:port/v1}, the default region's (the same as
 * {@code /regions/us-south/v1}). DNS Services is global ({@link #dnsUrl()}). Every resource lives in one account and
 * (but DNS records) one region, those {@code account} and {@code region} of its creation name (the defaults when
 * absent): elsewhere it is not found (404), lists show only the caller's, and resources refer only to resources of
 * their own account and region. Ids are unique across all of them, as IBM's are.
 *
 * <p>The one simulated VPC, its default security group and resource group are built in: every account and region
 * sees them (the constants below; zones are {@code <region>-1}).
 */
public final class IbmCloudSimulator implements AutoCloseable {
    public static final String ACCOUNT_ID = "sandbox0account0000000000000000";
    public static final String REGION = "us-south";
    public static final String ZONE = "us-south-1";
    public static final String RESOURCE_GROUP_ID = "sandbox0resource0group0000000000";
    public static final String RESOURCE_GROUP_NAME = "sandbox";
    public static final String VPC_ID = "r006-00000000-5a4d-4b0c-8000-000000000001";
    public static final String VPC_NAME = "sandbox-vpc";

    private static final Logger LOG = LoggerFactory.getLogger(IbmCloudSimulator.class);
    private static final long TIMEOUT_SECONDS = 30;
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final CloudModel model;
    private final SimulatorStats stats = new SimulatorStats();
    private final FaultInjector faults = new FaultInjector();
    private final RateLimiter rateLimiter;
    private final RateLimit initialRateLimit;
    private final Accounts accounts;
    private final HttpServer server;
    private final String baseUrl;
    private boolean closed;

    private IbmCloudSimulator(SimulatorOptions options, Vertx vertx, CloudModel model, LongSupplier nanoTime) {
        this.vertx = vertx;
        this.model = model;
        this.accounts = model.accounts();
        this.rateLimiter = new RateLimiter(nanoTime);
        this.initialRateLimit = checkAccount(options.rateLimit());
        rateLimiter.set(initialRateLimit);
        Router router = Router.router(vertx);
        Handler<RoutingContext> bodyHandler = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        TokenStore tokens = new TokenStore(Clock.systemUTC(), options.tokenLifetimeSeconds());
        // hrefs are built only while serving, by which time the field below is set
        new CloudApi(vertx, router, model, tokens, stats, faults, rateLimiter, this::baseUrl, accounts,
                Clock.systemUTC())
                .register(bodyHandler);
        new AdminApi(vertx, router, this).register(bodyHandler);
        router.errorHandler(404, ctx -> HttpSupport.sendError(ctx, 404, "not_found",
                "No such path: " + ctx.request().method() + " " + ctx.request().path(), Map.of()));
        router.errorHandler(405, ctx -> HttpSupport.sendError(ctx, 405, "method_not_allowed",
                "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path(), Map.of()));
        router.errorHandler(500, ctx -> HttpSupport.sendError(ctx, ctx.failure() == null
                ? new IllegalStateException("request failed") : ctx.failure()));

        // HTTP/1.1 only, like IBM's SDK clients (OkHttp) on cleartext: one request per connection at a time keeps
        // the hang and reset faults aimed at a single request
        HttpServerOptions serverOptions = new HttpServerOptions()
                .setHost(options.host())
                .setPort(options.port())
                .setHttp2ClearTextEnabled(false);
        server = await(vertx.createHttpServer(serverOptions)
                .requestHandler(router)
                .listen(), "listen on " + options.host() + ":" + options.port());
        String host = options.host().equals("0.0.0.0") || options.host().equals("::") ? "127.0.0.1" : options.host();
        baseUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.actualPort();
    }

    /**
     * Starts a simulator and returns once it is listening. With a DataSource, schema {@code ibmsim} is migrated and
     * the persisted resources are loaded first.
     */
    public static IbmCloudSimulator start(SimulatorOptions options) {
        return start(options, System::nanoTime);
    }

    /** As {@link #start(SimulatorOptions)}, with the monotonic clock the rate limit refills by (tests). */
    static IbmCloudSimulator start(SimulatorOptions options, LongSupplier nanoTime) {
        Kinds kinds = Kinds.ALL;
        Accounts accounts = Accounts.of(options);
        StatePersistence persistence = options.dataSource() == null
                ? StatePersistence.NONE : JdbcStatePersistence.open(options.dataSource(), kinds, accounts.defaultPlace());
        CloudModel model = new CloudModel(kinds, new Store(kinds, persistence), accounts, Clock.systemUTC(),
                new CloudTx.Settings(options.bareMetalDeleteDelay(), options.providerReservedIps(),
                        options.networkDeleteDelay()));
        Vertx vertx = Vertx.vertx();
        try {
            IbmCloudSimulator simulator = new IbmCloudSimulator(options, vertx, model, nanoTime);
            LOG.info("IBM Cloud simulator listening on {} ({})", simulator.baseUrl(), options);
            return simulator;
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://host:port}; also the IAM URL. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The default region's VPC API, {@code http://host:port/v1}. */
    public String vpcUrl() {
        return baseUrl + "/v1";
    }

    /**
     * A region's VPC API, {@code http://host:port/regions/{region}/v1} (for the default region the same as
     * {@link #vpcUrl()}).
     *
     * @throws IllegalArgumentException for a region this simulator does not serve
     */
    public String vpcUrl(String region) {
        if (!accounts.servesRegion(region)) {
            throw new IllegalArgumentException("unknown region '" + region + "' (expected one of "
                    + accounts.regions() + ")");
        }
        return baseUrl + "/regions/" + region + "/v1";
    }

    /** The accounts IAM mints tokens for, the default one first. */
    public List<SimulatorAccount> accounts() {
        return accounts.all();
    }

    /** The VPC regions served, the default one first. */
    public List<String> regions() {
        return accounts.regions();
    }

    public String dnsUrl() {
        return baseUrl + "/v1";
    }

    public String iamUrl() {
        return baseUrl;
    }

    // ---------------------------------------------------------------- admin

    /**
     * Creates a resource as {@code POST /sim/resources} does: {@code kind} is a kind's wire name (e.g.
     * {@code bare_metal_server}), {@code fields} the admin fields that kind accepts, and optionally {@code account}
     * (a name) and {@code region} where it lives (absent: the defaults).
     *
     * @return the resource as the API renders it
     * @throws IllegalArgumentException for an unknown kind, field, account or region, bad values, an id in use or a
     *                                  missing related resource (of the same account and region)
     */
    public Map<String, Object> create(String kind, Map<String, Object> fields) {
        return model.create(baseUrl, kind, new Fields(fields));
    }

    /**
     * Reserves an IP in a subnet. {@code id}, {@code name} and {@code address} may be null to have them generated.
     *
     * @return the reserved IP as the API renders it
     * @throws IllegalArgumentException when the id exists, the address is taken or the subnet is missing
     */
    public Map<String, Object> createReservedIp(String subnetId, String id, String name, String address,
                                                boolean autoDelete) {
        return model.create(baseUrl, "subnet_reserved_ip", Fields.of("subnet_id", subnetId, "id", id, "name", name,
                "address", address, "auto_delete", autoDelete));
    }

    /**
     * Creates a VNI bound to reserved IP {@code primaryIpId} (its target becomes this VNI). Without a primary IP a
     * new auto_delete one is reserved in {@code subnetId}, as IBM does.
     */
    public Map<String, Object> createVirtualNetworkInterface(String id, String name, String subnetId,
                                                             String primaryIpId, boolean autoDelete) {
        return model.create(baseUrl, "virtual_network_interface", Fields.of("id", id, "name", name,
                "subnet_id", subnetId, "primary_ip_id", primaryIpId, "auto_delete", autoDelete));
    }

    /**
     * Creates a bare metal server attached to the given free VNIs, the first one as primary network attachment;
     * each VNI's target becomes its attachment. {@code status} null means {@code running}.
     */
    public Map<String, Object> createBareMetalServer(String id, String name, String status, List<String> vniIds) {
        return model.create(baseUrl, "bare_metal_server", Fields.of("id", id, "name", name, "status", status,
                "vni_ids", vniIds));
    }

    /**
     * Creates a DNS record of type A, AAAA, CNAME or PTR; {@code rdata} is the address (A, AAAA), the ptrdname
     * (PTR) or the cname (CNAME).
     */
    public Map<String, Object> createDnsRecord(String instanceId, String zoneId, String id, String name, String type,
                                               String rdata) {
        return model.create(baseUrl, "dns_record", Fields.of("instance_id", instanceId, "zone_id", zoneId, "id", id,
                "name", name, "type", type, "rdata", rdata));
    }

    /**
     * Whether a resource exists, after completing deletions whose delay has passed.
     *
     * @param kind a kind's wire name, e.g. {@code bare_metal_server}, {@code virtual_network_interface},
     *             {@code subnet_reserved_ip} or {@code dns_record}
     */
    public boolean exists(String kind, String id) {
        return model.exists(kind, id);
    }

    /** The resource as the API would return it, if it exists. */
    public Optional<Map<String, Object>> find(String kind, String id) {
        return model.find(baseUrl, kind, id);
    }

    /**
     * Forces a bare metal server's status, e.g. {@code failed}, {@code pending} or {@code suspended}. Setting
     * {@code deleting} starts the delete countdown; any other status cancels a pending deletion.
     *
     * @throws java.util.NoSuchElementException when there is no such server
     */
    public void setBareMetalServerStatus(String id, String status) {
        patch(model.kinds().byWireName("bare_metal_server"), id, Fields.of("status", status));
    }

    public Duration bareMetalDeleteDelay() {
        return model.settings().bareMetalDeleteDelay();
    }

    /** Applies to deletions requested from now on; pending ones keep their deadline. */
    public void setBareMetalDeleteDelay(Duration delay) {
        CloudTx.Settings current = model.settings();
        model.settings(new CloudTx.Settings(delay, current.providerReservedIps(), current.networkDeleteDelay()));
    }

    /** See {@link SimulatorOptions#networkDeleteDelay(Duration)}. */
    public Duration networkDeleteDelay() {
        return model.settings().networkDeleteDelay();
    }

    /** Applies to deletions requested from now on; pending ones keep their deadline. */
    public void setNetworkDeleteDelay(Duration delay) {
        CloudTx.Settings current = model.settings();
        model.settings(new CloudTx.Settings(current.bareMetalDeleteDelay(), current.providerReservedIps(), delay));
    }

    /** See {@link SimulatorOptions#providerReservedIps(boolean)}. */
    public boolean providerReservedIps() {
        return model.settings().providerReservedIps();
    }

    public void setProviderReservedIps(boolean enabled) {
        CloudTx.Settings current = model.settings();
        model.settings(new CloudTx.Settings(current.bareMetalDeleteDelay(), enabled, current.networkDeleteDelay()));
    }

    /** The current rate limit, {@code null} when requests are not limited. */
    public RateLimit rateLimit() {
        return rateLimiter.limit();
    }

    /**
     * Limits the VPC and DNS APIs from now on, each API starting with a full bucket; {@code null} turns the limit off.
     * See {@link RateLimit}.
     */
    public void setRateLimit(RateLimit limit) {
        rateLimiter.set(checkAccount(limit));
    }

    /** @throws IllegalArgumentException when the limit names an account this simulator does not know */
    private RateLimit checkAccount(RateLimit limit) {
        if (limit != null && limit.account() != null) {
            accounts.named(limit.account());
        }
        return limit;
    }

    public SimulatorStats stats() {
        return stats;
    }

    public FaultInjector faults() {
        return faults;
    }

    /**
     * Removes every resource (persisted ones too), the stats and the fault rules, and puts the rate limit back to the
     * one the simulator started with ({@link SimulatorOptions#rateLimit()}, off by default), with full buckets. Issued
     * tokens stay valid, and so do the bare metal delete delay and {@code provider_reserved_ips}.
     */
    public void reset() {
        model.reset();
        stats.reset();
        faults.clear();
        rateLimiter.set(initialRateLimit);
    }

    /** All resources grouped by kind, as {@code GET /sim/resources} answers. */
    Map<String, Object> resources() {
        return resources(null, null);
    }

    /**
     * All resources grouped by kind, as {@code GET /sim/resources?account=&region=} answers: those of {@code account}
     * and {@code region} where given ({@code null}: any).
     */
    Map<String, Object> resources(String account, String region) {
        return model.snapshot(baseUrl, account, region);
    }

    Kinds kinds() {
        return model.kinds();
    }

    <R extends Resource> Map<String, Object> patch(SimKind<R> kind, String id, Fields fields) {
        return model.patch(baseUrl, kind, id, fields);
    }

    /** Stops listening (open connections, hung ones included, are closed) and frees the threads. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            await(server.close(), "stop listening");
        } finally {
            await(vertx.close(), "stop Vert.x");
        }
        LOG.info("IBM Cloud simulator on {} stopped", baseUrl);
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("simulator could not " + what, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("simulator did not " + what + " within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
