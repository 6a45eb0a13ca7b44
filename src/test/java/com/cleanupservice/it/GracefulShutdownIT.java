package com.cleanupservice.it;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorOptions;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one database and one IBM Cloud (a simulator with latency): instance A, the packaged jar in a process
 * of its own, runs an asynchronous deployment cleanup of 40 nodes; instance B, in this JVM, is up beside it. A gets
 * SIGTERM mid-run. A's readiness goes DOWN while it still holds the run (and changing requests are answered 503), the
 * IBM calls under way finish and are recorded, A hands the run back and exits; B takes the run at its next poll — well
 * before the 90 s lease A would otherwise have left behind — and completes it: every resource gone, none deleted twice
 * (the simulator's accepted DELETEs), one audit row per resource. The figures are printed (docs/RELIABILITY.md).
 */
class GracefulShutdownIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String DEPLOYMENT = "drain-deployment";
    private static final int NODES = 40;
    /** Kubernetes' terminationGracePeriodSeconds the defaults are made for. */
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration LEASE = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private Process instanceA;
    private Path logA;
    private IbmCloudSimulator sim;

    @AfterEach
    void stop() throws Exception {
        if (instanceA != null && instanceA.isAlive()) {
            instanceA.destroyForcibly();
            instanceA.waitFor(30, TimeUnit.SECONDS);
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aSigtermedInstanceHandsItsRunBackAndAnotherFinishesItWithinSecondsWithNoDuplicateDelete() throws Exception {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(Duration.ofSeconds(1)));
        FaultRule ibmLatency = FaultRule.latency("*", 60, 20);
        sim.faults().add(ibmLatency);
        String db = TestDatabase.freshDatabaseUrl();
        int portA = freePort();
        startA(portA, db);
        Jdbc jdbc = new Jdbc(dataSource(db));
        List<DemoData.Node> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(DemoData.node(100 + i, "drain-node-%02d".formatted(i), "failed"));
        }
        DemoData.seed(jdbc, sim, DEPLOYMENT, nodes, true);

        HttpResponse<String> accepted = send(portA, "POST", "/api/cleanup/deployment/" + DEPLOYMENT + "?async=true");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = JSON.readTree(accepted.body()).get("run_id").asText();
        await("A runs it", () -> "instance-a".equals(owner(jdbc, runId)) && progress(jdbc, runId) > 0);

        try (SandboxApp instanceB = SandboxApp.start(settingsOfB(db))) {
            assertThat(owner(jdbc, runId)).as("B leaves A's run alone: A renews it").isEqualTo("instance-a");
            assertThat(state(jdbc, runId)).isEqualTo("running");
            // the calls A has under way when the signal comes take a while, so its drain can be watched
            long before = sim.stats().total();
            sim.faults().replace(List.of(ibmLatency, FaultRule.latency("*", 1500, 0)));
            await("A's next calls are slow ones", () -> sim.stats().total() >= before + 2);

            Watch watch = new Watch(portA, jdbc, runId);
            Instant sigterm = Instant.now();
            instanceA.destroy(); // SIGTERM
            watch.start(sigterm);
            assertThat(instanceA.waitFor(2 * GRACE.toSeconds(), TimeUnit.SECONDS)).as("A exits").isTrue();
            Duration exited = Duration.between(sigterm, Instant.now());
            sim.faults().replace(List.of(ibmLatency));
            await("B took the run", () -> "instance-b".equals(owner(jdbc, runId)));
            watch.stop();
            JsonNode run = instanceB.awaitRunEnd(runId);

            String log = Files.readString(logA);
            // A's stop as its log tells it: the signal, the drain, Camel's stop
            log.lines().filter(l -> l.contains("SIGTERM") || l.contains("Drain") || l.contains("Waiting as there")
                    || l.contains("shutdown in") || l.contains("is shutdown")).forEach(l -> System.out.println("instance A: " + l));
            String drained = log.lines().filter(l -> l.contains("Drained in")).findFirst()
                    .map(l -> l.substring(l.indexOf("Drained in"))).orElse("no drain");
            System.out.printf("GracefulShutdownIT: SIGTERM -> readiness DOWN %s ms (run still A's: %s), -> first 503 to a POST %s ms, "
                            + "-> run handed back %s ms, -> B took the run %s ms, -> A exited %d ms; A: %s%n",
                    millis(watch.readinessDown), watch.ownerWhenDown, millis(watch.refused), millis(watch.handedBack),
                    millis(watch.takenOver), exited.toMillis(), drained);

            assertThat(watch.readinessDown).as("A's readiness went DOWN while it was still up: " + log).isNotNull();
            assertThat(watch.readinessBody).contains("draining").contains("shutting down");
            assertThat(watch.livenessWhenDown).as("liveness stays UP while draining").isEqualTo(200);
            assertThat(watch.ownerWhenDown).as("readiness DOWN first: the run not yet handed back").isEqualTo("instance-a");
            assertThat(watch.refused).as("a change asked of A while it drains").isNotNull();
            assertThat(watch.refusedRetryAfter).isEqualTo("1");
            assertThat(watch.refusedBody.get("shutting_down").asBoolean()).isTrue();
            assertThat(log).contains("Drained in").doesNotContain("Forcing shutdown");
            assertThat(exited).as("A exits within the grace period").isLessThan(GRACE);
            assertThat(watch.takenOver).as("B took the run well before A's lease would have expired").isLessThan(LEASE.dividedBy(2));

            assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
            assertThat(run.get("owner").asText()).isEqualTo("instance-b");
            assertThat(run.at("/summary/summary/success_rate").asText()).isEqualTo("100.0%");
            assertEverythingGoneOnceAndRecordedOnce(jdbc, runId, nodes);
        }
    }

    private void assertEverythingGoneOnceAndRecordedOnce(Jdbc jdbc, String runId, List<DemoData.Node> nodes) throws Exception {
        JsonNode left = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/resources")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        left.fields().forEachRemaining(kind -> assertThat(kind.getValue()).as("left in IBM Cloud: " + kind.getKey()).isEmpty());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Long>> accepted = (Map<String, Map<String, Long>>) ((Map<String, Object>) sim.stats().snapshot()
                .get("accepted")).get("resources");
        Map<String, Long> deletedTwice = new LinkedHashMap<>();
        accepted.forEach((operation, perId) -> perId.forEach((id, n) -> {
            if (operation.startsWith("delete_") && n > 1) {
                deletedTwice.put(operation + " " + id, n);
            }
        }));
        assertThat(deletedTwice).as("resources with more than one accepted DELETE").isEmpty();
        assertThat(sim.stats().accepted("delete_bare_metal_server")).isEqualTo(NODES);

        int resources = nodes.stream().mapToInt(DemoData.Node::resourceCount).sum() + 1;
        List<Map<String, Object>> audit = jdbc.rows("""
                SELECT resource_type, tracked_id, COUNT(*) AS n, bool_and(success) AS ok FROM cleanup_operations
                 WHERE run_id = CAST(? AS UUID) GROUP BY resource_type, tracked_id
                """, runId);
        assertThat(audit).as("one audit row per resource").hasSize(resources)
                .allSatisfy(row -> assertThat(row).containsEntry("n", 1L).containsEntry("ok", true));
        assertThat(jdbc.rows("SELECT COUNT(*) AS n FROM nodes WHERE deployment_id = ? AND deployment_status <> 'cleanup_completed'",
                DEPLOYMENT).get(0)).containsEntry("n", 0L);
        for (String table : List.of("vnic_info", "ip_reservations", "dns_records")) {
            assertThat(jdbc.rows("SELECT COUNT(*) AS n FROM " + table + " WHERE state <> 'GONE'").get(0)).as(table).containsEntry("n", 0L);
        }
        assertThat(jdbc.rows("SELECT COUNT(*) AS n FROM nodes WHERE bare_metal_state <> 'GONE'").get(0)).containsEntry("n", 0L);
        assertThat(jdbc.rows("SELECT COUNT(*) AS n FROM dead_letters WHERE status = 'open'").get(0)).containsEntry("n", 0L);
    }

    /** What A answers, and whether it still holds the run, from the signal on; polled as often as it answers. */
    private final class Watch {
        private final int port;
        private final Jdbc jdbc;
        private final String runId;
        private final Thread thread;
        private volatile boolean stopped;
        private Instant sigterm;
        volatile Duration readinessDown;
        volatile String readinessBody;
        volatile int livenessWhenDown;
        volatile String ownerWhenDown;
        volatile Duration refused;
        volatile String refusedRetryAfter;
        volatile JsonNode refusedBody;
        volatile Duration handedBack;
        volatile Duration takenOver;

        Watch(int port, Jdbc jdbc, String runId) {
            this.port = port;
            this.jdbc = jdbc;
            this.runId = runId;
            this.thread = new Thread(this::watch, "watch-instance-a");
        }

        void start(Instant signal) {
            sigterm = signal;
            thread.start();
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(10_000);
        }

        private Duration since() {
            return Duration.between(sigterm, Instant.now());
        }

        private void watch() {
            while (!stopped) {
                if (readinessDown == null || refused == null) {
                    watchHttp();
                }
                String owner = owner(jdbc, runId);
                if (handedBack == null && !"instance-a".equals(owner)) {
                    handedBack = since();
                }
                if (takenOver == null && "instance-b".equals(owner)) {
                    takenOver = since();
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }

        private void watchHttp() {
            try {
                if (readinessDown == null) {
                    HttpResponse<String> ready = send(port, "GET", "/observe/health/ready");
                    if (ready.statusCode() == 503) {
                        Duration at = since();
                        String owner = owner(jdbc, runId);
                        livenessWhenDown = send(port, "GET", "/observe/health/live").statusCode();
                        readinessBody = ready.body();
                        ownerWhenDown = owner;
                        readinessDown = at;
                    }
                }
                if (refused == null) {
                    HttpResponse<String> change = send(port, "POST", "/api/cleanup/node/no-such-node");
                    if (change.statusCode() == 503) {
                        refusedRetryAfter = change.headers().firstValue("Retry-After").orElse(null);
                        refusedBody = JSON.readTree(change.body());
                        refused = since();
                    }
                }
            } catch (IOException | RuntimeException goneAlready) {
                // A no longer answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }

    private Map<String, String> settingsOfB(String db) {
        Map<String, String> settings = SandboxApp.against(sim, db, "instance-b");
        settings.put("cleanup.wait.poll-interval-ms", "250");
        // the deployment (40 nodes, 480 resources) is all there is: over the blast-radius guard's share, in A and B alike
        settings.put("cleanup.guard.max-percent", "0");
        return settings;
    }

    /** A as it would run in a container: the packaged jar, its settings file, the environment (default lease and poll). */
    private void startA(int port, String db) throws Exception {
        Path jar = Path.of("target", "cleanup-service.jar");
        assertThat(jar).exists();
        logA = dir.resolve("instance-a.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(logA.toFile());
        Map<String, String> env = pb.environment();
        env.put("CLEANUP_HTTP_PORT", String.valueOf(port));
        env.put("CLEANUP_INSTANCE_ID", "instance-a");
        env.put("CLEANUP_DB_URL", db);
        env.put("CLEANUP_DB_USER", "postgres");
        env.put("CLEANUP_DB_POOL_SIZE", "8");
        env.put("CLEANUP_SIMULATOR_ENABLED", "false");
        env.put("CLEANUP_DEMO_ENABLED", "false");
        env.put("CLEANUP_IBM_VPC_URL", sim.vpcUrl());
        env.put("CLEANUP_IBM_DNS_URL", sim.dnsUrl());
        env.put("CLEANUP_IBM_IAM_URL", sim.iamUrl());
        env.put("CLEANUP_IBM_API_KEY", "instance-a-key");
        env.put("CLEANUP_INBOX_ENABLED", "false");
        env.put("CLEANUP_FOLLOWUP_ENABLED", "false");
        env.put("CLEANUP_ORPHAN_SWEEP_ENABLED", "false");
        env.put("CLEANUP_GUARD_MAX_PERCENT", "0");
        // one IBM call at a time (B: 8): the run lasts on A longer than B's start beside it, and than any stop may wait
        env.put("CLEANUP_CONCURRENCY_VPC", "1");
        env.put("CLEANUP_CONCURRENCY_DNS", "1");
        env.put("CLEANUP_WAIT_POLL_INTERVAL_MS", "250");
        instanceA = pb.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            assertThat(instanceA.isAlive()).as("A exited: " + Files.readString(logA)).isTrue();
            try {
                if (send(port, "GET", "/observe/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(Instant.now()).as("A ready within 90 s: " + Files.readString(logA)).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    private static String millis(Duration d) {
        return d == null ? "-" : String.valueOf(d.toMillis());
    }

    private static HttpResponse<String> send(int port, String method, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String owner(Jdbc jdbc, String runId) {
        return (String) jdbc.rows("SELECT owner FROM cleanup_runs WHERE run_id = CAST(? AS UUID)", runId).get(0).get("owner");
    }

    private static String state(Jdbc jdbc, String runId) {
        return (String) jdbc.rows("SELECT state FROM cleanup_runs WHERE run_id = CAST(? AS UUID)", runId).get(0).get("state");
    }

    private static int progress(Jdbc jdbc, String runId) {
        return ((Number) jdbc.rows("SELECT done FROM cleanup_runs WHERE run_id = CAST(? AS UUID)", runId).get(0).get("done")).intValue();
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        return ds;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
