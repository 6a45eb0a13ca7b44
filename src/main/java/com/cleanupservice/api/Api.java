package com.cleanupservice.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.cleanupservice.report.Response;
import com.cleanupservice.support.Incident;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What every API route does at its edges: read and validate the request, and write the JSON answer (or the JSON
 * error). The bearer token, the path, the method and the query parameters' names were checked before the request
 * reached a route ({@link ApiGuard}). Incoming headers never reach the pipeline: what it needs is read here, the rest
 * dropped.
 */
public final class Api {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    private final ObjectMapper json;
    private final Input input;

    public Api(ObjectMapper json, Input input) {
        this.json = json;
        this.input = input;
    }

    public String pathId(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        if (id == null || !Input.ID.matcher(id).matches()) {
            throw Refusal.badRequest("invalid id '" + Input.abbreviate(id) + "': expected a number or a name: " + Input.ID_RULE);
        }
        return id;
    }

    /**
     * A flag ({@code ?force=true}): false when absent; refused (400) when given without a value, with an empty one, or
     * with anything but true or false ({@link Input#flag}). The HTTP edge refuses the same before a route sees the
     * request; this is the same rule for whatever reaches a route by another way.
     */
    public boolean flag(Exchange exchange, String name) {
        return Boolean.TRUE.equals(Input.flag(name, exchange.getIn().getHeader(name, String.class)));
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
            if (r.status() == 202 && r.field("status_url") != null) {
                exchange.getIn().setHeader("Location", r.field("status_url"));
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
        Map<String, Object> body = input.jsonObject(exchange.getIn().getBody(byte[].class),
                optional ? null : "a JSON object body is required", "request body must be a JSON object");
        Input.requireKnownKeys(body, accepted, "the request body");
        return body;
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

    /**
     * A refusal's answer: the HTTP status of its reason, and its message and details as the error body; one that is
     * only "not here, not now" (503) says when to ask again.
     */
    public void refused(Exchange exchange) {
        Refusal refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Refusal.class);
        write(exchange, refusal.status(), errorBody(refusal.status(), refusal.getMessage(), refusal.details()));
        if (refusal.reason() == Refusal.Reason.UNAVAILABLE) {
            exchange.getIn().setHeader("Retry-After", "1");
        }
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
}
