package com.cleanupservice.api;

import com.cleanupservice.persistence.DatabaseWatch;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The one check in front of every {@code /api} request, before any route sees it: without a token, a browser's
 * request from elsewhere ({@link #foreign}); the bearer token (when one is configured), then the request against the {@link ApiContract} — an unknown path is 404, a known path with another
 * method 405 with {@code Allow}, an undeclared or repeated query parameter 400, a number without a value 400, a flag without a value or with one that
 * is not true or false 400 (never read as false), a body that is not JSON 415, a body
 * where the endpoint takes none 400; while this instance shuts down, 503 for every request but a read (GET, HEAD),
 * so that nothing new starts here; and while the database does not answer, 503 at once. A route added to the YAML
 * later is behind the same check without asking.
 */
final class ApiGuard implements Handler<RoutingContext> {
    private final ApiContract contract;
    private final byte[] token;
    private final EdgeResponses responses;
    private final DatabaseWatch database;
    private final BooleanSupplier shuttingDown;

    ApiGuard(ApiContract contract, String token, EdgeResponses responses, DatabaseWatch database, BooleanSupplier shuttingDown) {
        this.contract = contract;
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.responses = responses;
        this.database = database;
        this.shuttingDown = shuttingDown;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String foreign = token == null ? foreign(request) : null;
        if (foreign != null) {
            responses.error(ctx, 403, foreign, Map.of());
            return;
        }
        if (!authorized(request)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            responses.error(ctx, 401, "Missing or invalid bearer token (send Authorization: Bearer <CLEANUP_API_TOKEN>)", Map.of());
            return;
        }
        String method = request.method().name();
        ApiContract.Match match = contract.match(method, ctx.normalizedPath());
        if (!match.found()) {
            if (!match.pathKnown()) {
                responses.error(ctx, 404, "No such API endpoint: " + method + " " + EdgeResponses.printable(ctx.normalizedPath()), Map.of());
            } else {
                ctx.response().putHeader(HttpHeaders.ALLOW, String.join(", ", match.allowedMethods()));
                responses.error(ctx, 405, "Method " + method + " is not allowed here; allowed: " + String.join(", ", match.allowedMethods()),
                        Map.of("allowed_methods", match.allowedMethods()));
            }
            return;
        }
        ApiContract.Endpoint endpoint = match.endpoint();
        String refusal = queryRefusal(ctx.queryParams(), endpoint);
        if (refusal != null) {
            responses.error(ctx, 400, refusal, Map.of("accepted_parameters", endpoint.queryParameters()));
            return;
        }
        for (String flag : endpoint.flags()) {
            try {
                Input.flag(flag, ctx.queryParams().get(flag));
            } catch (Refusal bad) {
                responses.error(ctx, 400, bad.getMessage(), bad.details());
                return;
            }
        }
        for (String number : endpoint.numbers()) {
            String value = ctx.queryParams().get(number);
            if (value != null && value.isBlank()) {
                // as a flag: a number given without a value is never read as "not given" (?confirm_count= is no count)
                responses.error(ctx, 400, "Query parameter " + number + " needs a value: a whole number (" + number + "=N)",
                        Map.of("parameter", number));
                return;
            }
        }
        if (hasBody(request)) {
            if (!endpoint.takesBody()) {
                responses.error(ctx, 400, endpoint.method() + " " + endpoint.template() + " takes no request body"
                        + (endpoint.queryParameters().isEmpty() ? "" : "; its options are query parameters: "
                        + String.join(", ", endpoint.queryParameters())), Map.of("accepted_parameters", endpoint.queryParameters()));
                return;
            }
            if (!json(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
                responses.error(ctx, 415, "Request bodies must be JSON: send Content-Type: application/json", Map.of());
                return;
            }
        }
        if (shuttingDown.getAsBoolean() && !safe(request)) {
            // readiness is DOWN already: a client that asks again (Retry-After) reaches another instance
            ctx.response().putHeader("Retry-After", "1");
            responses.error(ctx, 503, "This instance is shutting down and starts nothing new; send the request again "
                    + "(another instance takes it)", Map.of("shutting_down", true));
            return;
        }
        String unavailable = database.problem();
        if (unavailable != null) {
            // every endpoint needs the database: say so now rather than queue on the pool until it times out
            ctx.response().putHeader("Retry-After", "5");
            responses.error(ctx, 503, "Database unavailable: " + unavailable + "; try again shortly", Map.of());
            return;
        }
        ctx.next();
    }

    /**
     * Without a token the API trusts whoever reaches its loopback address, which includes any web page the operator's
     * browser opens: a page elsewhere may send a POST here (a cross-site request forgery), or reach this port under a
     * host name of its own that it points at 127.0.0.1 (DNS rebinding). So, tokenless, only loopback host names are
     * answered, and a browser's request that changes something must come from a page of this service (its
     * {@code Origin}, which browsers send with every such request, names this host). curl and scripts send no Origin.
     * With a token neither can happen: a page elsewhere cannot know it, and the console keeps it per tab and origin.
     * Null when the request may go on; else why not.
     */
    static String foreign(HttpServerRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null || !loopbackName(host)) {
            return "Host " + (host == null ? "missing" : "'" + EdgeResponses.printable(host) + "'")
                    + " refused: without an API token (CLEANUP_API_TOKEN) the API answers loopback addresses only "
                    + "(localhost, 127.0.0.1, [::1])";
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (!safe(request) && origin != null && !origin.equalsIgnoreCase("http://" + host) && !origin.equalsIgnoreCase("https://" + host)) {
            return "Cross-site request refused: a page from " + EdgeResponses.printable(origin)
                    + " may not change anything here (only this service's own console may)";
        }
        return null;
    }

    /** A read: it changes nothing and starts nothing. */
    private static boolean safe(HttpServerRequest request) {
        return request.method().name().equals("GET") || request.method().name().equals("HEAD");
    }

    private static boolean loopbackName(String hostHeader) {
        String name = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            return name.startsWith("[::1]") && (name.length() == 5 || name.charAt(5) == ':');
        }
        int colon = name.indexOf(':');
        String hostName = colon < 0 ? name : name.substring(0, colon);
        return hostName.equals("localhost") || hostName.matches("127(\\.\\d{1,3}){3}");
    }

    private boolean authorized(HttpServerRequest request) {
        if (token == null) {
            return true;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        return MessageDigest.isEqual(presented, token);
    }

    /** Null when every query parameter is declared once; else what is wrong, naming the parameters. */
    static String queryRefusal(MultiMap query, ApiContract.Endpoint endpoint) {
        Set<String> unknown = new TreeSet<>();
        Set<String> repeated = new TreeSet<>();
        for (String name : query.names()) {
            if (!endpoint.queryParameters().contains(name)) {
                unknown.add(name);
            } else if (query.getAll(name).size() > 1) {
                repeated.add(name);
            }
        }
        String accepted = endpoint.queryParameters().isEmpty() ? "none"
                : String.join(", ", endpoint.queryParameters());
        if (!unknown.isEmpty()) {
            return (unknown.size() == 1 ? "Unknown query parameter " : "Unknown query parameters ")
                    + EdgeResponses.quoted(unknown) + " for " + endpoint.method() + " " + endpoint.template()
                    + "; accepted: " + accepted;
        }
        if (!repeated.isEmpty()) {
            return "Query parameter " + EdgeResponses.quoted(repeated) + " given more than once";
        }
        return null;
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
