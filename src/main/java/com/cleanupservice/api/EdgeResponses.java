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
            text = json.writerWithDefaultPrettyPrinter().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            text = "{\"error\":\"response could not be written as JSON\",\"status\":500}";
            status = 500;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(text);
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
