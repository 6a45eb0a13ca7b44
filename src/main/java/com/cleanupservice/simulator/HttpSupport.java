package com.cleanupservice.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/** Answering requests: JSON replies, IBM error bodies, and running state work off the event loop. */
final class HttpSupport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSupport.class);
    /**
     * Every JSON the simulator writes or reads: records are written with IBM's snake_case names (a record that
     * needs other names says so with {@code @JsonNaming}), timestamps as RFC 3339 in UTC ({@code Instant}).
     */
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };
    static final String MORE_INFO = "https://cloud.ibm.com/docs/vpc?topic=vpc-rias-error-messages";

    private HttpSupport() {
    }

    /** An answer: status, a JSON-able body ({@code null} for none) and extra headers. */
    record Reply(int status, Object body, Map<String, String> headers) {
        static Reply of(int status, Object body) {
            return new Reply(status, body, Map.of());
        }
    }

    /** Work on the simulator state; runs on a worker thread because it may wait for a kind's lock or the database. */
    @FunctionalInterface
    interface Action {
        Reply run();
    }

    /** Reads what it needs from the request on the event loop and returns the work to do off it. */
    @FunctionalInterface
    interface Endpoint {
        Action prepare(RoutingContext ctx);
    }

    static Handler<RoutingContext> blocking(Vertx vertx, Endpoint endpoint) {
        return ctx -> {
            Action action;
            try {
                action = endpoint.prepare(ctx);
            } catch (RuntimeException e) {
                sendError(ctx, e);
                return;
            }
            vertx.executeBlocking(action::run, false).onComplete(result -> {
                if (result.succeeded()) {
                    send(ctx, result.result());
                } else {
                    sendError(ctx, result.cause());
                }
            });
        };
    }

    static void send(RoutingContext ctx, Reply reply) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return; // the client gave up meanwhile
        }
        response.setStatusCode(reply.status());
        if (!response.headers().contains("X-Request-Id")) {
            response.putHeader("X-Request-Id", UUID.randomUUID().toString());
        }
        reply.headers().forEach(response::putHeader);
        if (reply.body() == null) {
            response.end();
        } else {
            response.putHeader("Content-Type", "application/json; charset=utf-8");
            response.end(toJson(reply.body()));
        }
    }

    /**
     * Answers a failure: {@link ApiException} as its IBM error, bad admin input as 400, unknown admin ids as 404,
     * anything else as a logged 500.
     */
    static void sendError(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ApiException e) {
            sendError(ctx, e.status(), e.code(), e.getMessage(), Map.of());
        } else if (failure instanceof IllegalArgumentException) {
            sendError(ctx, 400, "bad_request", failure.getMessage(), Map.of());
        } else if (failure instanceof NoSuchElementException) {
            sendError(ctx, 404, "not_found", failure.getMessage(), Map.of());
        } else {
            LOG.error("simulator failed to serve {} {}", ctx.request().method(), ctx.request().uri(), failure);
            sendError(ctx, 500, "internal_error", "Internal error: " + failure, Map.of());
        }
    }

    /** IBM's VPC and DNS error body. */
    record ErrorBody(List<Error> errors, String trace, int statusCode) {
        record Error(String code, String message, String moreInfo) {
        }
    }

    /** Answers with the VPC error body, whose trace is also sent as {@code X-Request-Id}. */
    static void sendError(RoutingContext ctx, int status, String code, String message, Map<String, String> headers) {
        String trace = UUID.randomUUID().toString();
        ErrorBody body = new ErrorBody(List.of(new ErrorBody.Error(code, message, MORE_INFO)), trace, status);
        ctx.response().putHeader("X-Request-Id", trace);
        send(ctx, new Reply(status, body, headers));
    }

    /** A JSON-able value (a record, usually) as a JSON object in a map, numbers and all as Jackson reads them. */
    static Map<String, Object> toMap(Object value) {
        return JSON.convertValue(value, OBJECT);
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serializable as JSON: " + value, e);
        }
    }
}
