package com.cleanupservice.ibm;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny IAM token service for tests: {@code POST /identity/token} with an API key it knows answers a JWT whose payload
 * names the key's account ({@code "account": {"bss": ...}}), as IBM's IAM does (a key of account {@code ""}: an opaque
 * token naming none); an unknown key is a 400.
 */
public final class JwtIam implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger minted = new AtomicInteger();

    public JwtIam(Map<String, String> accountByKey) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/identity/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = null;
            for (String pair : form.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals("apikey")) {
                    key = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
                }
            }
            String account = key == null ? null : accountByKey.get(key);
            byte[] body;
            int status;
            if (account == null) {
                status = 400;
                body = "{\"errorCode\":\"BXNIM0415E\",\"errorMessage\":\"Provided API key could not be found.\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                minted.incrementAndGet();
                long now = System.currentTimeMillis() / 1000;
                String token = account.isEmpty() ? "opaque-" + minted.get() : jwt(account, now);
                body = ("{\"access_token\":\"" + token + "\",\"refresh_token\":\"not-used\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                        + "\"expiration\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** A JWT as IAM mints them (header, payload naming the account, signature), unsigned for real. */
    public static String jwt(String account, long issuedAt) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"kid\":\"test\",\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iam_id\":\"iam-ServiceId-test\",\"account\":{\"valid\":true,\"bss\":\"" + account
                + "\"},\"iat\":" + issuedAt + ",\"exp\":" + (issuedAt + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString("signature".getBytes(StandardCharsets.UTF_8));
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int minted() {
        return minted.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
