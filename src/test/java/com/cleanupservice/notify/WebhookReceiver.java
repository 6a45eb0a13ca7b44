package com.cleanupservice.notify;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver for webhook tests (the JDK's server on a port of its own): records every request with the
 * status it answered, answers {@link #answer} (200 unless told otherwise), and can stop listening and come back on
 * the same port.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived, and what it was answered. */
    record Request(String path, String query, Map<String, List<String>> headers, byte[] body, int answered) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private HttpServer server;

    WebhookReceiver() {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        listen();
    }

    String url(String pathAndMore) {
        return "http://127.0.0.1:" + port + pathAndMore;
    }

    void answer(int status) {
        answer.set(status);
    }

    synchronized void listen() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = answer.get();
            requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Not listening any more: a connection is refused until {@link #listen()}. */
    synchronized void down() {
        server.stop(0);
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    List<Request> delivered() {
        return requests.stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    @Override
    public synchronized void close() {
        server.stop(0);
    }
}
