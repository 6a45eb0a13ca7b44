package com.cleanupservice.api;

import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service without a token, on loopback, as an operator runs it next to a browser: a page from elsewhere can neither
 * make it delete (cross-site POST, refused by its Origin) nor read it under a host name of its own (DNS rebinding,
 * refused by the Host). The console's own requests, curl's and scripts' go through.
 */
@SharedSandbox
class BrowserOriginTest {
    private static SandboxApp app;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
    }

    @Test
    void aPageFromElsewhereCannotStartACleanup() {
        Reply forged = app.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/cleanup/node/1"))
                .header("Origin", "https://attacker.example").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("error").asText()).contains("Cross-site request refused", "attacker.example");
        Reply sandboxed = app.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/cleanup/node/1"))
                .header("Origin", "null").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(sandboxed.status()).as("an opaque origin (a sandboxed frame, a file)").isEqualTo(403);
        assertThat(app.get("/api/cleanup/resources?node_name=nutanix-poc-bm-node-01").json().get("resources")
                .findValuesAsText("state")).as("nothing deleted").containsOnly("PRESENT");

        // the console's own page (same origin) and clients that send no Origin
        Reply console = app.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/cleanup/node/1?dry_run=true"))
                .header("Origin", app.baseUrl()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(console.status()).isEqualTo(200);
        assertThat(app.post("/api/cleanup/node/1?dry_run=true").status()).isEqualTo(200);
        // reading needs no Origin check (a page elsewhere cannot read the answer: no CORS headers are sent)
        Reply read = app.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/cleanup/status"))
                .header("Origin", "https://attacker.example").GET());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aForeignHostNameIsRefusedAndLoopbackNamesAreAnswered() throws IOException {
        int port = URI.create(app.baseUrl()).getPort();
        assertThat(statusWithHost("attacker.example:" + port)).isEqualTo(403);
        assertThat(statusWithHost("127.0.0.1.attacker.example")).isEqualTo(403);
        assertThat(statusWithHost("localhost.attacker.example:" + port)).isEqualTo(403);
        assertThat(statusWithHost("localhost:" + port)).isEqualTo(200);
        assertThat(statusWithHost("127.0.0.1:" + port)).isEqualTo(200);
        assertThat(statusWithHost("[::1]:" + port)).isEqualTo(200);
        assertThat(statusWithHost("LOCALHOST")).as("an SSH tunnel's port, names in any case").isEqualTo(200);
    }

    /** A GET of the status with this Host header, over a socket (HTTP clients set Host themselves). */
    private static int statusWithHost(String host) throws IOException {
        URI base = URI.create(app.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/cleanup/status HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
