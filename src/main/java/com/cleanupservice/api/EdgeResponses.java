package com.cleanupservice.api;

import com.cleanupservice.support.Printable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** JSON answers written at the HTTP edge (no Camel route involved), shaped like every other API error. */
final class EdgeResponses {
    private final ObjectMapper json;

    EdgeResponses(ObjectMapper json) {
        this.json = json;
    }

    void error(RoutingContext ctx, int status, String message, Map<String, Object> details) {
        write(ctx.response(), status, Api.errorBody(status, message, details));
    }

    void write(HttpServerResponse response, int status, Object body) {
        if (response.ended()) {
            return;
        }
        String text;
        try {
            text = text(body);
        } catch (JsonProcessingException e) {
            text = "{\"error\":\"response could not be written as JSON\",\"status\":500}";
            status = 500;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(text);
    }

    /** An error body as text, for an answer written on the connection itself (no Vert.x response to write it on). */
    String errorText(int status, String message) {
        try {
            return text(Api.errorBody(status, message, Map.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body could not be written as JSON", e);
        }
    }

    private String text(Object body) throws JsonProcessingException {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(body);
    }

    /** A request's path or parameter name as it may appear in a message: escaped, and not endless. */
    static String printable(String s) {
        String shown = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return Printable.escape(shown);
    }

    static String quoted(Collection<String> names) {
        return names.stream().map(n -> "'" + printable(n) + "'").collect(Collectors.joining(", "));
    }
}
