package com.cleanupservice.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server's connections, watched on the wire: a request whose body has not arrived within the body timeout of
 * its headers is answered 408 and its connection closed; a connection with no request in progress (kept alive, or
 * whose request line or headers never completed) is closed after the idle timeout; a client already holding as many
 * slow connections (either of those) as allowed has a new one closed at once. A request whose body arrived and that
 * the service is still answering is never cut, however long it takes: that is why Vert.x's idle timeouts, which only
 * see that nothing moves, are not used.
 *
 * <p>Each connection gets a handler right behind the HTTP codec, which sees the request heads, the end of each body
 * and the end of each response as the wire has them (a request Vert.x paused, or one no route reads, included). The
 * handler's state changes on the connection's event loop; one periodic timer looks at every connection and acts on an
 * overdue one on that connection's own context.
 */
public final class SlowConnections {
    private static final Logger LOG = LoggerFactory.getLogger(SlowConnections.class);
    /** Vert.x's name for its own handler, the last in an HTTP/1.x pipeline: ours goes right before it. */
    private static final String VERTX_HANDLER = "handler";
    private static final long WARN_EVERY = TimeUnit.MINUTES.toNanos(1);

    /** The settings: {@code cleanup.http.body-timeout-ms}, {@code .idle-timeout-ms}, {@code .max-slow-connections-per-client}. */
    public record Limits(Duration bodyTimeout, Duration idleTimeout, int slowPerClient) {
        public Limits {
            if (bodyTimeout.isNegative() || bodyTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero() || slowPerClient < 1) {
                throw new IllegalArgumentException("HTTP connection limits must be above zero: " + bodyTimeout + ", " + idleTimeout + ", " + slowPerClient);
            }
        }

        /** How often connections are looked at: a quarter of the shorter timeout, between 50 ms and 1 s. */
        long sweepMillis() {
            long shorter = Math.min(bodyTimeout.toMillis(), idleTimeout.toMillis());
            return Math.max(50, Math.min(1_000, shorter / 4));
        }
    }

    private enum State {
        /** No request in progress: kept alive, just opened, or its request line or headers still arriving. */
        IDLE,
        /** A request's body still arriving. */
        BODY,
        /** A request whose body arrived, not yet answered: never cut. */
        BUSY
    }

    private final Limits limits;
    private final EdgeResponses responses;
    private final Map<String, Set<Watched>> byClient = new ConcurrentHashMap<>();
    private final Map<String, Long> warned = new ConcurrentHashMap<>();

    SlowConnections(Limits limits, EdgeResponses responses) {
        this.limits = limits;
        this.responses = responses;
    }

    /** The one timer; it ends with the Vert.x instance. */
    void start(Vertx vertx) {
        vertx.setPeriodic(limits.sweepMillis(), id -> sweep());
    }

    /** A new connection (the server's connection handler, on the connection's event loop, before it reads anything). */
    void admit(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) {
            throw new IllegalStateException("an HTTP connection without a channel of its own: " + connection.getClass().getName());
        }
        String client = client(connection.remoteAddress());
        Watched watched = new Watched(client, base);
        long[] slow = {-1};
        byClient.compute(client, (key, connections) -> {
            Set<Watched> held = connections == null ? ConcurrentHashMap.newKeySet() : connections;
            long count = held.stream().filter(Watched::slow).count();
            if (count >= limits.slowPerClient()) {
                slow[0] = count;
                return connections;
            }
            held.add(watched);
            return held;
        });
        if (slow[0] >= 0) {
            refused(client, slow[0]);
            base.channel().close();
            return;
        }
        base.channel().pipeline().addBefore(VERTX_HANDLER, "slow-connections", watched);
        base.channel().closeFuture().addListener(closed -> byClient.computeIfPresent(client, (key, connections) -> {
            connections.remove(watched);
            return connections.isEmpty() ? null : connections;
        }));
    }

    private static String client(SocketAddress address) {
        return address == null || address.hostAddress() == null ? "unknown" : address.hostAddress();
    }

    private void refused(String client, long slow) {
        long now = System.nanoTime();
        boolean[] log = {false};
        warned.compute(client, (key, last) -> {
            if (last == null || now - last >= WARN_EVERY) {
                log[0] = true;
                return now;
            }
            return last;
        });
        if (log[0]) {
            LOG.warn("Closed a new connection from {} at once: it holds {} slow connections already (idle, or a request "
                    + "body not arrived), the limit (setting cleanup.http.max-slow-connections-per-client); further refusals "
                    + "of this client are not logged for a minute", client, slow);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Set<Watched> connections : byClient.values()) {
            for (Watched watched : connections) {
                if (watched.overdue(now)) {
                    watched.connection.getContext().runOnContext(v -> watched.expire());
                }
            }
        }
        warned.values().removeIf(last -> now - last >= WARN_EVERY);
    }

    /** One connection's requests and responses as they cross the codec; its state is written on its event loop only. */
    private final class Watched extends ChannelDuplexHandler {
        private final String client;
        private final ConnectionBase connection;
        private ChannelHandlerContext ctx;
        private int requests;
        private int bodies;
        private int answered;
        private boolean answering;
        private boolean expired;
        // read by the sweep and by admission on other threads: since is written before state, and read after it
        private volatile long since = System.nanoTime();
        private volatile State state = State.IDLE;

        Watched(String client, ConnectionBase connection) {
            this.client = client;
            this.connection = connection;
        }

        boolean slow() {
            return state != State.BUSY;
        }

        boolean overdue(long now) {
            State current = state;
            long elapsed = now - since;
            return switch (current) {
                case IDLE -> elapsed >= limits.idleTimeout().toNanos();
                case BODY -> elapsed >= limits.bodyTimeout().toNanos();
                case BUSY -> false;
            };
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                requests++;
            }
            if (msg instanceof LastHttpContent) {
                bodies++;
            }
            update();
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ctx.write(msg, promise); // 100 Continue: the request goes on
                return;
            }
            if (msg instanceof HttpResponse) {
                answering = true;
            }
            if (msg instanceof LastHttpContent) {
                // answered once its last byte is on its way, not when it was queued behind a slow reader
                ChannelPromise written = promise.unvoid();
                written.addListener(done -> {
                    answered++;
                    answering = false;
                    update();
                });
                ctx.write(msg, written);
                return;
            }
            ctx.write(msg, promise);
        }

        /**
         * Busy while the oldest unanswered request has its whole body (pipelined requests behind it wait their turn);
         * else a body still arriving (the request's own, even when it was answered before it arrived), else idle. The
         * clock starts when the state does: a body's at its headers, or when its request's turn came.
         */
        private void update() {
            State next = answered < requests && bodies > answered ? State.BUSY : bodies < requests ? State.BODY : State.IDLE;
            if (next != state) {
                since = System.nanoTime();
                state = next;
            }
        }

        /** On the connection's context, once the sweep found it overdue: still so, it is answered if it can be, and closed. */
        void expire() {
            if (expired || !overdue(System.nanoTime())) {
                return;
            }
            expired = true;
            if (state == State.IDLE) {
                LOG.debug("Closed an idle connection from {}", client);
                ctx.channel().close();
                return;
            }
            LOG.debug("Closed a connection from {}: a request body not arrived within {} ms", client, limits.bodyTimeout().toMillis());
            if (answered < requests && !answering) {
                ctx.writeAndFlush(timeout()).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.channel().close();
            }
        }

        private FullHttpResponse timeout() {
            String text = responses.errorText(408, "Request body not received within " + limits.bodyTimeout().toMillis()
                    + " ms of its headers (setting cleanup.http.body-timeout-ms)");
            ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return response;
        }
    }
}
