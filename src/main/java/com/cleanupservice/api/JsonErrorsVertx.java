package com.cleanupservice.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;

import java.util.Map;

/**
 * The Vert.x instance the HTTP server runs on. Requests the HTTP decoder cannot even parse (a request line longer
 * than the server accepts, oversized headers, garbage) never reach a router; Vert.x answers them itself with an empty
 * body. This instance gives every server it creates a handler that answers them in the API's JSON instead
 * ({@link VertxWrapper} is Vert.x's own way of adjusting an instance), and watches its connections
 * ({@link SlowConnections}: body and idle timeouts, slow connections per client). Its servers speak HTTP/1.1 only: after
 * an h2c upgrade an overlong URL is an oversized HTTP/2 header block, refused by the codec with an empty 431.
 */
public final class JsonErrorsVertx extends VertxWrapper {
    private final EdgeResponses responses;
    private final SlowConnections.Limits limits;

    private JsonErrorsVertx(VertxInternal delegate, ObjectMapper json, SlowConnections.Limits limits) {
        super(delegate);
        this.responses = new EdgeResponses(json);
        this.limits = limits;
    }

    public static JsonErrorsVertx create(ObjectMapper json, SlowConnections.Limits limits) {
        return new JsonErrorsVertx((VertxInternal) Vertx.vertx(), json, limits);
    }

    @Override
    public HttpServer createHttpServer(HttpServerOptions options) {
        HttpServerOptions http11 = new HttpServerOptions(options).setHttp2ClearTextEnabled(false);
        SlowConnections connections = new SlowConnections(limits, responses);
        HttpServer server = delegate.createHttpServer(http11).invalidRequestHandler(this::invalid).connectionHandler(connections::admit);
        connections.start(delegate);
        return server;
    }

    @Override
    public HttpServer createHttpServer() {
        return createHttpServer(new HttpServerOptions());
    }

    private void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "Request line too long: the URL is longer than the server accepts";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "Request headers too large";
        } else {
            status = 400;
            message = "Malformed HTTP request";
        }
        // the decoder gave up on this connection: answer, then close it as Vert.x's own handler does
        responses.write(request.response(), status, Api.errorBody(status, message, Map.of()));
        request.response().close();
    }
}
