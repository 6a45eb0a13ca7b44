package com.cleanupservice.testsupport;

import com.cleanupservice.App;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real service in this JVM: the same Main, settings file, YAML routes and wiring as {@code java -jar}, in
 * sandbox mode against a fresh database of the shared embedded PostgreSQL and a simulator on a free port, with
 * short delays so tests run fast. Tests talk to it over HTTP like any client.
 */
public final class SandboxApp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Applications booted in this JVM: each test class's output file shows the count at every boot. */
    private static final AtomicInteger BOOTS = new AtomicInteger();

    private final Main main;
    private final int port;
    private final boolean shared;

    private SandboxApp(Map<String, String> overrides, String kind) {
        this.shared = kind.equals("shared");
        System.out.printf("SandboxApp boot #%d in this JVM (%s)%n", BOOTS.incrementAndGet(), kind);
        int[] ports = freePorts();
        this.port = ports[0];
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cleanup.http.port", String.valueOf(port));
        settings.put("cleanup.db.url", TestDatabase.freshDatabaseUrl());
        settings.put("cleanup.db.user", "postgres");
        settings.put("cleanup.db.pool-size", "8");
        // a port of its own, not any free one: the simulator starts first and could take the one chosen for the app
        settings.put("cleanup.simulator.port", String.valueOf(ports[1]));
        settings.put("cleanup.simulator.bare-metal-delete-ms", "200");
        settings.put("cleanup.wait.poll-interval-ms", "50");
        settings.put("cleanup.retry.initial-delay-ms", "10");
        settings.put("cleanup.retry.max-delay-ms", "100");
        // a failure that does not go away ends a test's cleanup in seconds, not in the production budget's 25 minutes
        settings.put("cleanup.retry.budget-ms", "3000");
        settings.put("cleanup.instance-id", "test-" + port);
        // a test that happens to run at the top of the hour must not be swept; sweep tests turn it on
        settings.put("cleanup.orphan-sweep.enabled", "false");
        // nor may it watch the working directory's data/inbox; inbox tests point it at a directory of their own
        settings.put("cleanup.inbox.enabled", "false");
        // nor follow up on pending nodes behind a test's back; the follow-up test turns it on
        settings.put("cleanup.followup.enabled", "false");
        settings.putAll(overrides);
        main = App.create();
        settings.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            App.release(main);
            throw new IllegalStateException("service did not start", e);
        }
    }

    /** An application of the caller's own with the default test settings; a class that changes nothing global uses {@link SharedSandbox}'s. */
    public static SandboxApp start() {
        return boot(Map.of(), "private");
    }

    public static SandboxApp start(Map<String, String> overrides) {
        return boot(overrides, "private, " + overrides.keySet());
    }

    /**
     * The settings of an instance against a simulator the test started itself (the built-in one off, no demo data),
     * for several instances on one simulator: on database {@code db} (null: a fresh one), named {@code instance} (null:
     * one of its port). A map to add the test's own settings to.
     */
    public static Map<String, String> against(IbmCloudSimulator sim, String db, String instance) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (db != null) {
            settings.put("cleanup.db.url", db);
        }
        if (instance != null) {
            settings.put("cleanup.instance-id", instance);
        }
        settings.put("cleanup.simulator.enabled", "false");
        settings.put("cleanup.demo.enabled", "false");
        settings.put("cleanup.ibm.vpc-url", sim.vpcUrl());
        settings.put("cleanup.ibm.dns-url", sim.dnsUrl());
        settings.put("cleanup.ibm.iam-url", sim.iamUrl());
        settings.put("cleanup.ibm.api-key", (instance == null ? "test" : instance) + "-key");
        return settings;
    }

    /** Node ids below this are the tests' own ({@code DemoData.node(id, ...)}); registrations take ids above it. */
    public static final int SHARED_NODE_ID_FLOOR = 1000;

    /**
     * The one {@link SharedSandbox} hands out; only it calls this. A finished node at {@link #SHARED_NODE_ID_FLOOR}
     * keeps the ids the API gives registered nodes above every id a test seeds, whatever order the classes run in
     * (seeding resets the id sequence to the highest id).
     */
    static SandboxApp startShared() {
        SandboxApp app = boot(Map.of(), "shared");
        app.jdbc().inTransaction(tx -> {
            tx.update("INSERT INTO deployments (deployment_id, name) VALUES ('shared-sandbox', 'shared-sandbox')");
            tx.update("INSERT INTO nodes (id, node_name, deployment_id, deployment_status) VALUES (?, 'shared-sandbox-id-floor',"
                    + " 'shared-sandbox', 'cleanup_completed')", SHARED_NODE_ID_FLOOR);
            tx.query("SELECT setval('nodes_id_seq', ?)", rs -> rs.getLong(1), SHARED_NODE_ID_FLOOR);
            return null;
        });
        return app;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public IbmCloudSimulator simulator() {
        return context().getRegistry().lookupByNameAndType("ibmCloudSimulator", IbmCloudSimulator.class);
    }

    public DataSource dataSource() {
        return context().getRegistry().lookupByNameAndType("cleanupDataSource", DataSource.class);
    }

    public Jdbc jdbc() {
        return new Jdbc(dataSource());
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Reply post(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    /** The run's record once it ended (completed, partial or failed). */
    public JsonNode awaitRunEnd(String runId) {
        JsonNode[] run = new JsonNode[1];
        Await.until("run " + runId + " ended", () -> {
            run[0] = get("/api/cleanup/runs/" + runId).json();
            return java.util.List.of("completed", "partial", "failed").contains(run[0].get("state").asText());
        });
        return run[0];
    }

    public Reply send(HttpRequest.Builder request) {
        return send(request, Duration.ofSeconds(120));
    }

    /** A request that may take longer than a test's (a benchmark's large cleanup); {@code json} null: no body. */
    public Reply post(String path, String json, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (json == null) {
            return send(request.POST(HttpRequest.BodyPublishers.noBody()), timeout);
        }
        return send(request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), timeout);
    }

    private Reply send(HttpRequest.Builder request, Duration timeout) {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer; {@link #json()} parses the body. */
    public record Reply(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** Stops the application; the shared one refuses: other classes still use it, it stops when the JVM exits. */
    @Override
    public void close() {
        if (shared) {
            throw new IllegalStateException("the shared application stops when the test JVM exits, not when a test closes it");
        }
        stop();
    }

    /** The shared one's stop (at JVM exit, before the embedded PostgreSQL). */
    void stop() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException("service did not stop", e);
        } finally {
            App.release(main);
        }
    }

    /**
     * A new instance; again, on other ports, when one of the two free ports chosen was taken by another process before
     * the app or its simulator could listen on it (test JVMs of other builds on the machine choose ports too).
     */
    private static SandboxApp boot(Map<String, String> overrides, String kind) {
        for (int attempt = 1; ; attempt++) {
            try {
                return new SandboxApp(overrides, kind);
            } catch (IllegalStateException e) {
                if (attempt == 3 || !portTaken(e)) {
                    throw e;
                }
                System.out.printf("SandboxApp: a chosen port was taken by someone else (%s); again on others%n", e.getCause());
            }
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("could not listen on")) {
                return true;
            }
        }
        return false;
    }

    /** Two distinct free ports (both held while the second is chosen). */
    private static int[] freePorts() {
        try (ServerSocket app = new ServerSocket(0); ServerSocket simulator = new ServerSocket(0)) {
            return new int[] {app.getLocalPort(), simulator.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
