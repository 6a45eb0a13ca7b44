package com.cleanupservice.simulator;

import com.cleanupservice.simulator.HttpSupport.Reply;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static com.cleanupservice.simulator.HttpSupport.blocking;
import static com.cleanupservice.simulator.HttpSupport.sendError;
import static com.cleanupservice.simulator.SimulatorOperations.CREATE_IAM_TOKEN;
import static com.cleanupservice.simulator.SimulatorOperations.GET_VPC;

/**
 * The IBM wire protocols: IAM token issue, and the VPC v1 and DNS Services v1 routes of every {@link SimKind}.
 * Every operation first counts the request, then applies the API's rate limit (VPC and DNS, per account; a refused
 * request is answered 429 at once and goes no further), then fault rules, then checks the bearer token (and, for VPC,
 * {@code version}/{@code generation}), then does the work on a worker thread.
 *
 * <p>VPC is regional: every VPC route is served at {@code /regions/{region}/v1/...} for each configured region, and
 * the default region's also at {@code /v1/...}; a region not configured is answered 404 before anything else. DNS
 * Services is global ({@code /v1/instances/...}). The work looks from the token's account and the endpoint's region
 * ({@link Place}): a resource of another account or region is not found.
 */
final class CloudApi {
    private static final String DECISION = "simulator.faults";
    private static final String REGION = "simulator.region";
    private static final String ACCOUNT = "simulator.account";
    private static final String REGIONAL = "/regions/:region";
    private static final Pattern VERSION_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final LocalDate FIRST_VERSION = LocalDate.of(2019, 1, 1);
    private static final ZoneOffset LATEST_ZONE = ZoneOffset.ofHours(14);
    private static final String APIKEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey";

    private final Vertx vertx;
    private final Router router;
    private final CloudModel model;
    private final TokenStore tokens;
    private final SimulatorStats stats;
    private final FaultInjector faults;
    private final RateLimiter rateLimiter;
    private final Supplier<String> baseUrl;
    private final Accounts accounts;
    private final Clock clock;

    CloudApi(Vertx vertx, Router router, CloudModel model, TokenStore tokens, SimulatorStats stats,
             FaultInjector faults, RateLimiter rateLimiter, Supplier<String> baseUrl, Accounts accounts, Clock clock) {
        this.vertx = vertx;
        this.router = router;
        this.model = model;
        this.tokens = tokens;
        this.stats = stats;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.baseUrl = baseUrl;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Adds the IAM route, for every kind its list, get and delete routes, and the VPC's own GET. */
    void register(Handler<RoutingContext> bodyHandler) {
        router.post("/identity/token").handler(bodyHandler)
                .handler(countLimitAndInjectFaults(null, CREATE_IAM_TOKEN, null))
                .handler(this::issueToken);
        for (SimKind<?> kind : model.kinds().all()) {
            register(kind, bodyHandler);
        }
        for (String prefix : List.of("", REGIONAL)) {
            router.route(HttpMethod.GET, prefix + "/v1/vpcs/:id")
                    .handler(ctx -> region(ctx, SimKind.Api.VPC))
                    .handler(countLimitAndInjectFaults(SimKind.Api.VPC, GET_VPC, "id"))
                    .handler(this::requireToken)
                    .handler(this::requireVersionAndGeneration)
                    .handler(blocking(vertx, ctx -> {
                        String id = ctx.pathParam("id");
                        Place place = place(ctx);
                        return () -> Reply.of(200, model.vpc(baseUrl.get(), place, id));
                    }));
            // what resources' zone and profile hrefs point at: answered from any region's endpoint, as at IBM
            fixedGet(prefix + "/v1/regions/:name", "get_region", ctx -> {
                IbmJson region = regionJson(ctx, ctx.pathParam("name"));
                return region.region();
            });
            fixedGet(prefix + "/v1/regions/:name/zones/:zone", "get_region_zone", ctx -> {
                IbmJson.ZoneDetail zone = regionJson(ctx, ctx.pathParam("name")).zoneDetail();
                if (!zone.name().equals(ctx.pathParam("zone"))) {
                    throw ApiException.notFound("zone_not_found", "Zone not found: " + ctx.pathParam("zone"));
                }
                return zone;
            });
            for (SimKind<?> kind : model.kinds().all()) {
                for (SimKind.Catalog catalog : kind.catalog()) {
                    fixedGet(prefix + catalog.path() + "/:name", catalog.operation(), ctx -> {
                        Object json = catalog.json().apply(accounts.json(baseUrl.get(), place(ctx)),
                                ctx.pathParam("name"));
                        if (json == null) {
                            throw ApiException.notFound(catalog.notFoundCode(),
                                    catalog.title() + " not found: " + ctx.pathParam("name"));
                        }
                        return json;
                    });
                }
            }
        }
    }

    /** A VPC GET whose answer needs no state: checked, counted and limited as every VPC request. */
    private void fixedGet(String path, String operation, Function<RoutingContext, Object> answer) {
        router.route(HttpMethod.GET, path)
                .handler(ctx -> region(ctx, SimKind.Api.VPC))
                .handler(countLimitAndInjectFaults(SimKind.Api.VPC, operation, "name"))
                .handler(this::requireToken)
                .handler(this::requireVersionAndGeneration)
                .handler(blocking(vertx, ctx -> {
                    Object json = answer.apply(ctx);
                    return () -> Reply.of(200, json);
                }));
    }

    /** The JSON pieces of a region this simulator serves, seen by the caller's account; 404 for any other. */
    private IbmJson regionJson(RoutingContext ctx, String region) {
        if (!accounts.servesRegion(region)) {
            throw ApiException.notFound("region_not_found", "Region not found: " + region);
        }
        return accounts.json(baseUrl.get(), new Place(ctx.get(ACCOUNT), region));
    }

    private <R extends Resource> void register(SimKind<R> kind, Handler<RoutingContext> bodyHandler) {
        // VPC is regional: the default region's at /v1 and every region's at /regions/{region}/v1; DNS is global
        List<String> prefixes = kind.api() == SimKind.Api.VPC ? List.of("", REGIONAL) : List.of("");
        for (String prefix : prefixes) {
            String all = prefix + kind.path();
            String one = all + "/:id";
            route(kind, HttpMethod.GET, all, kind.listOperation(), null, ctx -> list(kind, ctx));
            route(kind, HttpMethod.GET, one, kind.getOperation(), "id", ctx -> {
                Map<String, String> parent = parent(ctx);
                String id = ctx.pathParam("id");
                Place place = place(ctx);
                return () -> Reply.of(200, model.get(baseUrl.get(), place, kind, parent, id));
            });
            route(kind, HttpMethod.DELETE, one, kind.deleteOperation(), "id", ctx -> {
                Map<String, String> parent = parent(ctx);
                String id = ctx.pathParam("id");
                Place place = place(ctx);
                boolean deleteFails = ctx.<FaultInjector.Decision>get(DECISION).deleteFails();
                return () -> model.delete(baseUrl.get(), place, kind, parent, id, deleteFails);
            });
            for (SimKind.Action<R> action : kind.actions()) {
                HttpMethod method = HttpMethod.valueOf(action.method());
                if (method == HttpMethod.PUT) {
                    router.route(method, one + action.suffix()).handler(bodyHandler);
                }
                route(kind, method, one + action.suffix(), action.operation(), "id", ctx -> {
                    Map<String, String> parent = parent(ctx);
                    String id = ctx.pathParam("id");
                    Place place = place(ctx);
                    Fields body = method == HttpMethod.PUT ? jsonBody(ctx) : new Fields(Map.of());
                    return () -> model.act(baseUrl.get(), place, kind, parent, id, action, body);
                });
            }
            for (SimKind.Nested<R> nested : kind.nested()) {
                register(kind, nested, one + "/" + nested.path());
            }
        }
    }

    /** A collection under one resource: its list, its members' GET and, where they can be removed, DELETE. */
    private <R extends Resource> void register(SimKind<R> kind, SimKind.Nested<R> nested, String all) {
        String one = all + "/:member_id";
        route(kind, HttpMethod.GET, all, nested.listOperation(kind), "id", ctx -> {
            Map<String, String> parent = parent(ctx);
            String id = ctx.pathParam("id");
            Place place = place(ctx);
            String path = regionalBaseUrl(ctx) + kind.collectionPath(parent) + "/" + id + "/" + nested.path();
            if (!nested.paged()) {
                return () -> Reply.of(200, Map.of(nested.path(),
                        model.nestedList(baseUrl.get(), place, kind, parent, id, nested)));
            }
            int limit = limit(ctx, "limit", kind.api().defaultLimit, kind.api().maxLimit);
            int start = nestedStart(ctx);
            Map<String, String> query = pageQuery(ctx, limit);
            return () -> nestedPage(nested.path(), path, start, limit, query,
                    model.nestedList(baseUrl.get(), place, kind, parent, id, nested));
        });
        route(kind, HttpMethod.GET, one, nested.getOperation(kind), "member_id", ctx -> {
            Map<String, String> parent = parent(ctx);
            String id = ctx.pathParam("id");
            String memberId = ctx.pathParam("member_id");
            Place place = place(ctx);
            return () -> Reply.of(200, model.nestedGet(baseUrl.get(), place, kind, parent, id, nested, memberId));
        });
        if (nested.removal() != null) {
            route(kind, HttpMethod.DELETE, one, nested.deleteOperation(), "member_id", ctx -> {
                Map<String, String> parent = parent(ctx);
                String id = ctx.pathParam("id");
                String memberId = ctx.pathParam("member_id");
                Place place = place(ctx);
                return () -> model.nestedDelete(baseUrl.get(), place, kind, parent, id, nested, memberId);
            });
        }
    }

    /** A request's JSON object body, as IBM answers what is not one: 400. */
    @SuppressWarnings("unchecked")
    private static Fields jsonBody(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        try {
            Object value = text == null || text.isBlank() ? null : HttpSupport.JSON.readValue(text, Object.class);
            if (value instanceof Map<?, ?> map) {
                return new Fields((Map<String, Object>) map);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // answered below
        }
        throw ApiException.badRequest("The request body must be a JSON object.");
    }

    private void route(SimKind<?> kind, HttpMethod method, String path, String operation, String idParam,
                       HttpSupport.Endpoint endpoint) {
        Route route = router.route(method, path)
                .handler(ctx -> region(ctx, kind.api()))
                .handler(countLimitAndInjectFaults(kind.api(), operation, idParam))
                .handler(this::requireToken);
        if (kind.api() == SimKind.Api.VPC) {
            route.handler(this::requireVersionAndGeneration);
        }
        route.handler(blocking(vertx, countAccepted(operation, idParam, endpoint)));
    }

    /**
     * Which region the request is for: the path's {@code {region}}, or the default one at {@code /v1}; none for DNS.
     * A region this simulator does not serve is answered as IBM answers a path it does not know: 404, and the request
     * goes no further (not counted).
     */
    private void region(RoutingContext ctx, SimKind.Api api) {
        if (api != SimKind.Api.VPC) {
            ctx.next();
            return;
        }
        String region = ctx.pathParam("region");
        if (region == null) {
            region = accounts.defaultRegion();
        } else if (!accounts.servesRegion(region)) {
            sendError(ctx, 404, "not_found", "No such region: " + region + " (this endpoint serves "
                    + String.join(", ", accounts.regions()) + ").", Map.of());
            return;
        }
        ctx.put(REGION, region);
        ctx.next();
    }

    /** Where the request's work looks from: the token's account (checked by then), the endpoint's region. */
    private static Place place(RoutingContext ctx) {
        return new Place(ctx.get(ACCOUNT), ctx.get(REGION));
    }

    /** The base of hrefs in the request's answers: its region's API ({@code /regions/{region}} but the default's). */
    private String regionalBaseUrl(RoutingContext ctx) {
        String region = ctx.get(REGION);
        return region == null || region.equals(accounts.defaultRegion())
                ? baseUrl.get() : baseUrl.get() + "/regions/" + region;
    }

    /**
     * The operation's work, counted as accepted when it succeeds: in the state, whether or not the client is still
     * there for the answer (a DELETE carried out is one, even if its caller gave up).
     */
    private HttpSupport.Endpoint countAccepted(String operation, String idParam, HttpSupport.Endpoint endpoint) {
        return ctx -> {
            String resourceId = idParam == null ? null : ctx.pathParam(idParam);
            HttpSupport.Action action = endpoint.prepare(ctx);
            return () -> {
                HttpSupport.Reply reply = action.run();
                if (reply.status() >= 200 && reply.status() < 300) {
                    stats.recordAccepted(operation, resourceId);
                }
                return reply;
            };
        };
    }

    private <R extends Resource> HttpSupport.Action list(SimKind<R> kind, RoutingContext ctx) {
        Map<String, String> parent = parent(ctx);
        Place place = place(ctx);
        String base = regionalBaseUrl(ctx);
        String path = kind.collectionPath(parent);
        int limit = limit(ctx, "limit", kind.api().defaultLimit, kind.api().maxLimit);
        Map<String, String> filters = new LinkedHashMap<>();
        List<String> declared = new ArrayList<>(kind.filters().keySet());
        declared.addAll(kind.jsonFilters());
        for (String param : declared) {
            String value = query(ctx, param);
            if (value != null) {
                filters.put(param, value);
            }
        }
        if (kind.api() == SimKind.Api.DNS) {
            int offset = offset(ctx);
            return () -> dnsPage(kind.listKey(), base + path, offset, limit, filters,
                    model.offsetPage(baseUrl.get(), place, kind, parent, filters, offset, limit));
        }
        String start = query(ctx, "start");
        ListOrder.Position startAt = start == null ? null : ListOrder.Position.parse(start);
        ListOrder<R> order = ListOrder.parse(kind, query(ctx, "sort"));
        Map<String, String> query = pageQuery(ctx, limit);
        return () -> vpcPage(kind.listKey(), base + path, limit, query,
                model.vpcPage(baseUrl.get(), place, kind, parent, filters, order, startAt, limit));
    }

    /** The path parameters that place a resource (its subnet, its DNS zone), without its own id. */
    private static Map<String, String> parent(RoutingContext ctx) {
        Map<String, String> parent = new LinkedHashMap<>(ctx.pathParams());
        parent.remove("id");
        parent.remove("member_id");
        parent.remove("region");
        return parent;
    }

    // ---------------------------------------------------------------- stats, rate limit and faults

    /** @param api whose rate limit applies; {@code null} (IAM) is never limited */
    private Handler<RoutingContext> countLimitAndInjectFaults(SimKind.Api api, String operation, String idParam) {
        return ctx -> {
            String resourceId = idParam == null ? null : ctx.pathParam(idParam);
            String account = api == null ? keyAccount(ctx) : tokens.account(bearer(ctx));
            String region = ctx.get(REGION);
            stats.record(operation, resourceId, account == null ? null : new Place(account, region).key());
            // a request without a valid token is limited as the default account's, as all were before accounts
            long retryAfter = rateLimiter.acquire(api, account == null ? accounts.defaultPlace().account() : account);
            if (retryAfter > 0) {
                // the gateway refuses before anything else: no fault rule, token check or work; the answer is the
                // one an injected 429 with retry_after gives
                stats.recordRateLimited(operation);
                sendStatus(ctx, operation, 429, retryAfter, "Rate limit exceeded: too many requests to the "
                        + api.name() + " API; retry after " + retryAfter + " s.");
                return;
            }
            FaultInjector.Decision decision = faults.decide(operation, resourceId, account);
            ctx.put(DECISION, decision);
            if (decision.latencyMs() > 0) {
                vertx.setTimer(decision.latencyMs(), timer -> applyFault(ctx, operation, decision.action()));
            } else {
                applyFault(ctx, operation, decision.action());
            }
        };
    }

    private void applyFault(RoutingContext ctx, String operation, FaultRule action) {
        if (ctx.response().closed()) {
            return; // the client gave up during the injected latency
        }
        if (action == null || action.type() == FaultRule.Type.DELETE_FAILS) {
            ctx.next(); // delete_fails is carried out by the DELETE itself
            return;
        }
        switch (action.type()) {
            case HANG -> {
                // never answer: the connection stays open until the client gives up or the simulator closes
            }
            case RESET -> resetConnection(ctx.request().connection());
            case STATUS -> sendStatus(ctx, operation, action.status(), action.retryAfter(),
                    "Injected fault: the simulator answers HTTP " + action.status() + ".");
            default -> throw new IllegalStateException("unhandled fault type " + action.type());
        }
    }

    /**
     * An error answer instead of the operation, in the operation's API's error format (IAM's or the VPC/DNS one,
     * with {@code X-Request-Id}), plus {@code Retry-After} when {@code retryAfter} is not {@code null}: what a status
     * fault and the rate limit answer alike.
     */
    private static void sendStatus(RoutingContext ctx, String operation, int status, Number retryAfter,
                                   String message) {
        Map<String, String> headers = retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter.toString());
        if (CREATE_IAM_TOKEN.equals(operation)) {
            sendIamError(ctx, status, injectedCode(status), message, headers);
        } else {
            sendError(ctx, status, injectedCode(status), message, headers);
        }
    }

    private static String injectedCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "not_authorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 429 -> "too_many_requests";
            case 500 -> "internal_error";
            case 502 -> "bad_gateway";
            case 503 -> "service_unavailable";
            case 504 -> "gateway_timeout";
            default -> "injected_fault";
        };
    }

    /**
     * Aborts the TCP connection with an RST. Vert.x only offers an orderly close (FIN), so this reaches the Netty
     * channel beneath: SO_LINGER 0 makes the close discard the connection instead.
     */
    private static void resetConnection(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        } else {
            connection.close();
        }
    }

    // ---------------------------------------------------------------- IAM

    record IamToken(String accessToken, String refreshToken, String tokenType, long expiresIn, long expiration,
                    String scope) {
    }

    /** IAM's error body: camelCase, unlike the VPC and DNS ones. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    record IamError(String errorCode, String errorMessage, Context context) {
        @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
        record Context(String requestId, String requestType, String url, String locale) {
        }
    }

    private void issueToken(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        String grantType = form.get("grant_type");
        String key = form.get("apikey");
        if (grantType == null || grantType.isEmpty()) {
            sendIamError(ctx, 400, "BXNIM0109E", "Property missing or empty: grant_type.", Map.of());
        } else if (!grantType.equals(APIKEY_GRANT)) {
            sendIamError(ctx, 400, "BXNIM0109E", "Unsupported grant_type: " + grantType
                    + ". Only " + APIKEY_GRANT + " is supported.", Map.of());
        } else if (key == null || key.isEmpty()) {
            sendIamError(ctx, 400, "BXNIM0109E", "Property missing or empty: apikey.", Map.of());
        } else if (accounts.forKey(key) == null) {
            sendIamError(ctx, 400, "BXNIM0415E", "Provided API key could not be found.", Map.of());
        } else {
            TokenStore.Token token = tokens.issue(accounts.forKey(key));
            HttpSupport.send(ctx, Reply.of(200, new IamToken(token.accessToken(), token.refreshToken(), "Bearer",
                    token.expiresIn(), token.expiration(), "ibm openid")));
        }
    }

    /** IAM answers errors in its own format, not VPC's. */
    private static void sendIamError(RoutingContext ctx, int status, String errorCode, String message,
                                     Map<String, String> headers) {
        String requestId = UUID.randomUUID().toString();
        IamError body = new IamError(errorCode, message, new IamError.Context(requestId, "incoming.Identity_Token",
                ctx.request().absoluteURI(), "en_US"));
        ctx.response().putHeader("X-Request-Id", requestId);
        HttpSupport.send(ctx, new Reply(status, body, headers));
    }

    // ---------------------------------------------------------------- request checks

    /** The account of the IAM request's API key, {@code null} when there is none or no account has it. */
    private String keyAccount(RoutingContext ctx) {
        String key = ctx.request().getFormAttribute("apikey");
        SimulatorAccount account = key == null || key.isEmpty() ? null : accounts.forKey(key);
        return account == null ? null : account.name();
    }

    private static String bearer(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
    }

    /** Checks the bearer token, and keeps its account: every VPC and DNS request is the token's account's. */
    private void requireToken(RoutingContext ctx) {
        String token = bearer(ctx);
        String account = tokens.account(token);
        if (account == null) {
            sendError(ctx, 401, "not_authorized", "The request is not authorized: "
                    + (token == null ? "no bearer token was sent." : "the token is invalid or expired."), Map.of());
            return;
        }
        ctx.put(ACCOUNT, account);
        ctx.next();
    }

    private void requireVersionAndGeneration(RoutingContext ctx) {
        String version = ctx.queryParams().get("version");
        String generation = ctx.queryParams().get("generation");
        if (version == null || version.isEmpty()) {
            sendError(ctx, 400, "bad_request", "The required query parameter 'version' is missing.", Map.of());
        } else if (!isDate(version)) {
            sendError(ctx, 400, "bad_request", "The query parameter 'version' must be a date of the form "
                    + "YYYY-MM-DD, was '" + version + "'.", Map.of());
        } else if (!isApiVersion(LocalDate.parse(version))) {
            sendError(ctx, 400, "bad_request", "The query parameter 'version' must be a date between "
                    + FIRST_VERSION + " and today, was '" + version + "'.", Map.of());
        } else if (generation == null || generation.isEmpty()) {
            sendError(ctx, 400, "bad_request", "The required query parameter 'generation' is missing.", Map.of());
        } else if (!generation.equals("2")) {
            sendError(ctx, 400, "bad_request", "The query parameter 'generation' must be 2, was '"
                    + generation + "'.", Map.of());
        } else {
            ctx.next();
        }
    }

    /**
     * IBM accepts any date from the first VPC API version up to today. Which time zone "today" is in is not
     * documented, so the latest date anywhere on Earth counts: a client whose local date is already tomorrow is
     * not refused.
     */
    private boolean isApiVersion(LocalDate version) {
        return !version.isBefore(FIRST_VERSION) && !version.isAfter(LocalDate.now(clock.withZone(LATEST_ZONE)));
    }

    private static boolean isDate(String value) {
        if (!VERSION_DATE.matcher(value).matches()) {
            return false;
        }
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String query(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private static int limit(RoutingContext ctx, String name, int defaultValue, int max) {
        String value = query(ctx, name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("The query parameter '" + name + "' must be an integer between 1 and " + max
                + ", was '" + value + "'.");
    }

    /** A nested collection's page token: the index of the page's first member (the members of one resource are few). */
    private static int nestedStart(RoutingContext ctx) {
        String value = query(ctx, "start");
        if (value == null) {
            return 0;
        }
        try {
            int start = Integer.parseInt(value);
            if (start >= 0) {
                return start;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("The query parameter 'start' is not a valid page token: '" + value + "'.");
    }

    private static int offset(RoutingContext ctx) {
        String value = query(ctx, "offset");
        if (value == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(value);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("The query parameter 'offset' must be a non-negative integer, was '"
                + value + "'.");
    }

    // ---------------------------------------------------------------- list bodies

    /**
     * The query of a list's page hrefs: the request's own parameters (filters, version, generation) with its limit,
     * so that following {@code next} yields the next page of the same listing.
     */
    private static Map<String, String> pageQuery(RoutingContext ctx, int limit) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        params.add(Map.entry("limit", Integer.toString(limit)));
        for (Map.Entry<String, String> param : ctx.queryParams()) {
            if (!param.getKey().equals("start") && !param.getKey().equals("limit")) {
                params.add(param);
            }
        }
        return inOrder(params);
    }

    /** Query parameters in the order given; a name given twice keeps its first place and its last value. */
    private static Map<String, String> inOrder(List<Map.Entry<String, String>> params) {
        Map<String, String> query = new LinkedHashMap<>();
        params.forEach(param -> query.put(param.getKey(), param.getValue()));
        return query;
    }

    /** A link of a list body: {@code first}, {@code next}, {@code last}. */
    record Link(String href) {
    }

    /** A VPC list body, after the list itself (whose key is the kind's {@link SimKind.Declaration#listKey}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VpcPage(Link first, int limit, Link next, int totalCount) {
    }

    /**
     * A DNS Services list body (offset paging), after the list itself: {@code previous} (IBM's name, as in the DNS
     * SDKs' {@code ListResourceRecords}) on every page but the first, {@code next} on every page but the last.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DnsPage(int offset, int limit, int count, int totalCount, Link first, Link previous, Link next, Link last) {
    }

    private Reply vpcPage(String listKey, String path, int limit, Map<String, String> query,
                          CloudModel.Page page) {
        Link next = null;
        if (page.next() != null) {
            List<Map.Entry<String, String>> nextQuery = new ArrayList<>(query.entrySet());
            nextQuery.add(Map.entry("start", page.next().token()));
            next = new Link(href(path, inOrder(nextQuery)));
        }
        return Reply.of(200, CloudTx.merge(Map.of(listKey, page.items()),
                new VpcPage(new Link(href(path, query)), limit, next, page.totalCount())));
    }

    private Reply nestedPage(String listKey, String path, int start, int limit, Map<String, String> query,
                             List<Object> members) {
        Link next = null;
        if (start + limit < members.size()) {
            List<Map.Entry<String, String>> nextQuery = new ArrayList<>(query.entrySet());
            nextQuery.add(Map.entry("start", Integer.toString(start + limit)));
            next = new Link(href(path, inOrder(nextQuery)));
        }
        List<Object> page = members.subList(Math.min(start, members.size()), Math.min(start + limit, members.size()));
        return Reply.of(200, CloudTx.merge(Map.of(listKey, page),
                new VpcPage(new Link(href(path, query)), limit, next, members.size())));
    }

    private Reply dnsPage(String listKey, String path, int offset, int limit, Map<String, String> filters,
                          CloudModel.Page page) {
        int total = page.totalCount();
        int lastOffset = total == 0 ? 0 : ((total - 1) / limit) * limit;
        Link next = offset + limit < total ? new Link(href(path, dnsQuery(offset + limit, limit, filters))) : null;
        Link previous = offset > 0
                ? new Link(href(path, dnsQuery(Math.max(0, offset - limit), limit, filters))) : null;
        return Reply.of(200, CloudTx.merge(Map.of(listKey, page.items()),
                new DnsPage(offset, limit, page.items().size(), total, new Link(href(path, dnsQuery(0, limit, filters))),
                        previous, next, new Link(href(path, dnsQuery(lastOffset, limit, filters))))));
    }

    private static Map<String, String> dnsQuery(int offset, int limit, Map<String, String> filters) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        params.add(Map.entry("offset", Integer.toString(offset)));
        params.add(Map.entry("limit", Integer.toString(limit)));
        params.addAll(filters.entrySet());
        return inOrder(params);
    }

    /** @param path the page's URL without query: the regional base URL and the collection path */
    private String href(String path, Map<String, String> query) {
        StringBuilder href = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, String> param : query.entrySet()) {
            href.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        return href.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
