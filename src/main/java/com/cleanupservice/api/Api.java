package com.cleanupservice.api;

import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.cleanup.Response;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.cleanupservice.support.Incident;
import com.cleanupservice.support.Printable;
import com.cleanupservice.support.Refusal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What every API route does at its edges: read and validate the request, and write the JSON answer (or the JSON
 * error). The bearer token, the path, the method and the query parameters' names were checked before the request
 * reached a route ({@link ApiGuard}). Incoming headers never reach the pipeline: what it needs is read here, the rest
 * dropped.
 */
public final class Api {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    /** Ids as IBM and the provisioner make them; anything else is refused before it reaches SQL or a script. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,254}");

    private final ObjectMapper json;
    /** "{...} trailing garbage" is a damaged body, not a request. */
    private final ObjectReader strictReader;

    public Api(ObjectMapper json) {
        this.json = json;
        this.strictReader = json.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The path's {@code id} and the flags of a cleanup request. */
    public CleanupRequest cleanupRequest(Exchange exchange, String trigger) {
        String id = pathId(exchange);
        boolean force = flag(exchange, "force");
        boolean dryRun = flag(exchange, "dry_run");
        return CleanupRequest.of(id, force, dryRun, trigger);
    }

    public String pathId(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        if (id == null || !ID.matcher(id).matches()) {
            throw Refusal.badRequest("invalid id '" + abbreviate(id) + "': expected a number or a name of letters, digits, '.', '_', ':' or '-' (at most 255)");
        }
        return id;
    }

    public boolean flag(Exchange exchange, String name) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw Refusal.badRequest("query parameter " + name + " must be true or false, not '" + abbreviate(value) + "'");
        };
    }

    /** An optional id in a JSON body: null when absent; 400 unless it is a string (or whole number) in {@link #ID} form. */
    public static String idField(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null || (v instanceof String s && s.isBlank())) {
            return null;
        }
        if (!(v instanceof String) && !(v instanceof Integer) && !(v instanceof Long)) {
            throw Refusal.badRequest(key + " must be a string");
        }
        String s = v.toString();
        if (!ID.matcher(s).matches()) {
            throw Refusal.badRequest(key + " is not a valid id: letters, digits, '.', '_', ':' or '-' (at most 255), not '" + abbreviate(s) + "'");
        }
        return s;
    }

    /** A query parameter, trimmed; null when absent or blank. */
    public String query(Exchange exchange, String name) {
        String value = exchange.getIn().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Drops every incoming header so nothing from the request can steer the pipeline. */
    public void isolate(Exchange exchange, Object body) {
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setBody(body);
    }

    /** Writes a {@link Response} body (or any JSON-able value with 200); a 202 also gets the run's Location. */
    public void respond(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof Response r) {
            write(exchange, r.status(), r.body());
            if (r.status() == 202 && r.body().get("status_url") != null) {
                exchange.getIn().setHeader("Location", r.body().get("status_url"));
            }
        } else {
            write(exchange, 200, body);
        }
    }

    /**
     * A JSON object request body; 400 when it is missing (unless {@code optional}), not JSON, not an object, or has a
     * key outside {@code accepted}.
     */
    public Map<String, Object> jsonObject(Exchange exchange, boolean optional, Collection<String> accepted) {
        Map<String, Object> body = parseObject(exchange.getIn().getBody(byte[].class), optional ? null : "a JSON object body is required",
                "request body must be a JSON object");
        requireKnownKeys(body, accepted, "the request body");
        return body;
    }

    /** 400 naming every key of {@code object} that is not in {@code accepted}, and listing the accepted ones. */
    public static void requireKnownKeys(Map<String, ?> object, Collection<String> accepted, String where) {
        Set<String> unknown = new TreeSet<>(object.keySet());
        unknown.removeAll(accepted);
        if (unknown.isEmpty()) {
            return;
        }
        Set<String> known = new TreeSet<>(accepted);
        String names = unknown.stream().map(k -> "'" + abbreviate(k) + "'").collect(Collectors.joining(", "));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("unknown_keys", unknown.stream().map(Api::abbreviate).toList());
        details.put("accepted_keys", known);
        throw Refusal.badRequest((unknown.size() == 1 ? "Unknown key " : "Unknown keys ") + names + " in " + where
                + "; accepted: " + (known.isEmpty() ? "none" : String.join(", ", known)), details);
    }

    /**
     * Parses a JSON object (a request body, a batch file): 400 with {@code whenMissing} when empty (or an empty map if
     * that is null), "Invalid JSON: ..." with the kind of problem and its position (never the text found there) when it
     * does not parse or has trailing garbage, and {@code whenNotObject} when it is JSON but not an object.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> parseObject(byte[] content, String whenMissing, String whenNotObject) {
        if (content == null || new String(content, StandardCharsets.UTF_8).isBlank()) {
            if (whenMissing == null) {
                return new LinkedHashMap<>();
            }
            throw Refusal.badRequest(whenMissing);
        }
        Object parsed;
        try {
            parsed = strictReader.readValue(content);
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest("Invalid JSON: " + jsonProblem(e));
        } catch (java.io.IOException e) {
            throw Refusal.badRequest("Invalid JSON: the content could not be read");
        }
        if (!(parsed instanceof Map)) {
            throw Refusal.badRequest(whenNotObject);
        }
        return (Map<String, Object>) parsed;
    }

    /**
     * The kind of problem and where, never the text found there: the parser's own message quotes the offending token,
     * and these messages are answered, logged and written to inbox error files, so they must not carry the content.
     * Jackson's message is only looked at to tell the kinds apart.
     */
    private static String jsonProblem(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        String kind;
        if (original.startsWith("Trailing token")) {
            kind = "trailing content after the JSON value";
        } else if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException || original.startsWith("No content")) {
            kind = "unexpected end of input";
        } else if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            kind = "a number, string or nesting depth beyond the parser's limits";
        } else if (e instanceof com.fasterxml.jackson.core.JsonParseException) {
            kind = "unexpected character";
        } else {
            kind = "not a JSON value";
        }
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return at == null ? kind : kind + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** The JSON of every API error: {@code {"error", "status", ...details, "timestamp"}}. */
    public static Map<String, Object> errorBody(int status, String message, Map<String, ?> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        body.putAll(details);
        body.put("timestamp", Instant.now().toString());
        return body;
    }

    /** A refusal's answer: the HTTP status of its reason, and its message and details as the error body. */
    public void refused(Exchange exchange) {
        Refusal refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Refusal.class);
        write(exchange, refusal.status(), errorBody(refusal.status(), refusal.getMessage(), refusal.details()));
    }

    /**
     * Whatever went wrong is logged with a trace id; the answer carries only the trace id, never the exception. The
     * database gone away mid-request is 503 (try again), not a 500.
     */
    public void unexpected(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (databaseUnavailable(e)) {
            Incident incident = Incident.report(LOG, "Database unavailable", e);
            exchange.getIn().removeHeaders("*");
            exchange.getIn().setHeader("Retry-After", "5");
            writeKeeping(exchange, 503, errorBody(503, incident.message() + "; try again shortly", Map.of("trace_id", incident.traceId())));
            return;
        }
        Incident incident = Incident.report(LOG, "Internal server error", e);
        write(exchange, 500, errorBody(500, incident.message(), Map.of("trace_id", incident.traceId())));
    }

    /** No connection to be had (the pool timed out), or the connection broke (SQLSTATE class 08). */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLTransientConnectionException
                    || c instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    public void write(Exchange exchange, int status, Object body) {
        exchange.getIn().removeHeaders("*");
        writeKeeping(exchange, status, body);
    }

    private void writeKeeping(Exchange exchange, int status, Object body) {
        Message m = exchange.getIn();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            m.setBody(json.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            m.setBody("{\"error\":\"response could not be written as JSON\"}");
        }
    }

    /** A value quoted back in an error: at most 60 characters, control characters escaped. */
    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return Printable.escape(s.length() > 60 ? s.substring(0, 60) + "..." : s);
    }
}
