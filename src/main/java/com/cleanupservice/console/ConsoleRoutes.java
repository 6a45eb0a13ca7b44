package com.cleanupservice.console;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator console: a few static files inside the jar ({@code console/} on the classpath), read once at start and
 * served from memory at {@code /console/}; {@code /} leads there. No CDN, no fonts from elsewhere: the page runs on
 * loopback and offline, and its Content-Security-Policy lets it talk to this service only. The console is a client of
 * the API like any other: every call it makes goes through the API's guard and bearer token.
 */
public final class ConsoleRoutes extends RouteBuilder {
    static final String BASE = "/console/";
    /** The files, by the name they are served under; index.html is also the answer for {@code /console/}. */
    static final List<String> FILES = List.of("index.html", "console.css", "console.js");
    static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    record Asset(byte[] content, String contentType, String etag) {
    }

    @Override
    public void configure() {
        for (String name : FILES) {
            assets.put(name, load(name));
        }
        from("platform-http:/?httpMethodRestrict=GET,HEAD").routeId("console-root")
                .process(e -> redirect(e, BASE));
        from("platform-http:/console/?matchOnUriPrefix=true&httpMethodRestrict=GET,HEAD").routeId("console")
                .process(this::serve);
    }

    private void serve(Exchange e) {
        String uri = e.getIn().getHeader(Exchange.HTTP_URI, "", String.class);
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (!path.startsWith(BASE)) {
            redirect(e, BASE); // "/console": the page's relative links need the slash
            return;
        }
        String name = path.length() == BASE.length() ? "index.html" : path.substring(BASE.length());
        Asset asset = assets.get(name);
        var in = e.getMessage();
        in.removeHeaders("*", Exchange.HTTP_METHOD);
        in.setHeader("X-Content-Type-Options", "nosniff");
        in.setHeader("Referrer-Policy", "no-referrer");
        if (asset == null) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            in.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            in.setBody("Not found. The console is at " + BASE + "\n");
            return;
        }
        in.setHeader("Content-Security-Policy", SECURITY_POLICY);
        in.setHeader("Cache-Control", "no-cache");
        in.setHeader("ETag", asset.etag());
        String ifNoneMatch = e.getIn().getHeader("If-None-Match", String.class);
        if (asset.etag().equals(ifNoneMatch)) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 304);
            in.setBody(null);
            return;
        }
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        in.setHeader(Exchange.CONTENT_TYPE, asset.contentType());
        in.setBody(asset.content());
    }

    private static void redirect(Exchange e, String location) {
        var in = e.getMessage();
        in.removeHeaders("*", Exchange.HTTP_METHOD);
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        in.setHeader("Location", location);
        in.setBody(null);
    }

    private static Asset load(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console file console/" + name + " is missing from the classpath");
            }
            byte[] content = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 12) + "\"";
            return new Asset(content, contentType(name), etag);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String contentType(String name) {
        String type = name.endsWith(".html") ? "text/html" : name.endsWith(".css") ? "text/css"
                : name.endsWith(".js") ? "text/javascript" : null;
        if (type == null) {
            throw new IllegalArgumentException("no content type known for " + name);
        }
        return type + "; charset=utf-8";
    }
}
