package com.cleanupservice.api;

import com.cleanupservice.api.schema.BuildFacts;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import com.cleanupservice.persistence.DatabaseWatch;
import com.cleanupservice.support.Incident;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Installs what every HTTP request passes before (or instead of) a Camel route: the {@link ApiGuard} in front of
 * {@code /api/*}, a JSON 404 behind it, a JSON answer for failures the HTTP layer itself raises (a body over the size
 * limit is 413), and {@code /observe/info} with build facts only. A service the context starts right after the HTTP
 * server (camel-main adds that one first, and both start early, before any route consumer), so no API route is ever
 * reachable without the guard.
 */
public final class HttpEdge extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);
    static final int FIRST = Integer.MIN_VALUE;
    static final int LAST = Integer.MAX_VALUE;

    private final CamelContext context;
    private final int port;
    private final String token;
    private final EdgeResponses responses;
    private final BuildFacts info;
    private final DatabaseWatch database;
    private final BooleanSupplier shuttingDown;

    /** {@code shuttingDown}: whether this instance is shutting down (its API then answers reads only). */
    public HttpEdge(CamelContext context, int port, String token, ObjectMapper json, BuildFacts info, DatabaseWatch database,
                    BooleanSupplier shuttingDown) {
        this.database = database;
        this.shuttingDown = shuttingDown;
        this.context = context;
        this.port = port;
        this.token = token;
        this.responses = new EdgeResponses(json);
        this.info = info;
    }

    @Override
    protected void doStart() {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("the HTTP server on port " + port + " is not running; refusing to start with an unguarded API");
        }
        ApiContract contract = ApiContract.of(context);
        router.route("/api/*").order(FIRST).handler(new ApiGuard(contract, token, responses, database, shuttingDown));
        // the guard found the endpoint but no route took the request (a route that is stopped, say)
        router.route("/api/*").order(LAST).handler(ctx -> responses.error(ctx, 404,
                "No such API endpoint: " + ctx.request().method().name() + " " + EdgeResponses.printable(ctx.normalizedPath()), Map.of()));
        router.route().order(LAST).failureHandler(this::failure);
        router.route(HttpMethod.GET, "/observe/info").order(FIRST).handler(ctx -> responses.write(ctx.response(), 200, info));
        LOG.info("HTTP edge: {} API endpoints guarded{}", contract.endpoints().size(), token == null ? "" : " (bearer token required)");
    }

    /** A failure the HTTP layer raised (413 from the body limit) or an exception no route handled. */
    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            Incident incident = Incident.report(LOG, "HTTP request " + ctx.request().method() + " "
                    + EdgeResponses.printable(ctx.normalizedPath()) + " failed", ctx.failure());
            responses.error(ctx, status, incident.message(), Map.of("trace_id", incident.traceId()));
        } else if (status == 413) {
            responses.error(ctx, 413, "Request body too large (setting cleanup.http.max-body-bytes)", Map.of());
        } else {
            responses.error(ctx, status, "Request refused by the HTTP layer (" + status + ")", Map.of());
        }
    }
}
