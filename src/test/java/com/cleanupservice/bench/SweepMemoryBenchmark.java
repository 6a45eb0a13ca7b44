package com.cleanupservice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The memory of a large orphan sweep, measured on the packaged service as an operator runs it: {@code java -jar
 * target/cleanup-service.jar} with the default heap settings (no -Xmx), sandbox mode, on its own ports and a fresh data
 * directory. It records N aged failed nodes, each with one tracked reserved IP that IBM no longer has (one IBM call and
 * the whole ledger path per node), sweeps them asynchronously, samples the service's resident set every 100 ms and
 * prints the peak, the time, and the size of the run's answer ({@code GET /api/cleanup/runs/{id}}).
 *
 * <pre>mvn -q -DskipTests package && mvn -q -o test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.cleanupservice.bench.SweepMemoryBenchmark -Dexec.args=100000</pre>
 */
public final class SweepMemoryBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What one sweep measured. */
    public record Figures(int nodes, int cleaned, int failedNodes, long sweepMs, long peakRssKb, long idleRssKb, int runAnswerBytes,
                          String state) {
        public double nodesPerSecond() {
            return cleaned * 1000.0 / Math.max(1, sweepMs);
        }
    }

    private SweepMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Figures f = run(nodes);
        System.out.printf(Locale.ROOT, "orphan sweep of %,d aged failed nodes (java -jar, default heap): %s in %.1f s (%.0f nodes/s), "
                        + "%,d cleaned, %,d failed; service RSS %,d MB before, peak %,d MB; run answer %,d bytes%n",
                f.nodes(), f.state(), f.sweepMs() / 1000.0, f.nodesPerSecond(), f.cleaned(), f.failedNodes(), f.idleRssKb() / 1024,
                f.peakRssKb() / 1024, f.runAnswerBytes());
    }

    public static Figures run(int nodes) throws Exception {
        Path jar = Path.of("target", "cleanup-service.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the jar first: mvn -q -DskipTests package");
        }
        Path data = Files.createTempDirectory("sweep-memory");
        int port = ExternalSimulator.freePort();
        int dbPort = ExternalSimulator.freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(data.resolve("service.log").toFile());
        pb.environment().put("CLEANUP_HTTP_PORT", String.valueOf(port));
        pb.environment().put("CLEANUP_SIMULATOR_PORT", String.valueOf(ExternalSimulator.freePort()));
        pb.environment().put("CLEANUP_DB_EMBEDDED_DIR", data.resolve("postgres").toString());
        pb.environment().put("CLEANUP_DB_EMBEDDED_PORT", String.valueOf(dbPort));
        pb.environment().put("CLEANUP_ORPHAN_SWEEP_ENABLED", "false");
        // a sweep of every node there is (up to 100k): the blast-radius guard off, it is not what is measured
        pb.environment().put("CLEANUP_GUARD_MAX_RESOURCES", "0");
        pb.environment().put("CLEANUP_GUARD_MAX_PERCENT", "0");
        Process service = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitHealthy(service, base, data.resolve("service.log"));
            seed(dbPort, nodes);
            long idle = rssKb(service.pid());
            AtomicLong peak = new AtomicLong(idle);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted() && service.isAlive()) {
                    peak.accumulateAndGet(rssKb(service.pid()), Math::max);
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                }
            }, "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long start = System.nanoTime();
            JsonNode accepted = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/cleanup/orphaned?async=true"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"max_age_hours\": 24}"))).body());
            String runId = accepted.get("run_id").asText();
            String answer;
            JsonNode run;
            do {
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
                answer = send(HttpRequest.newBuilder(URI.create(base + "/api/cleanup/runs/" + runId))).body();
                run = JSON.readTree(answer);
            } while (run.get("finished_at").isNull() && service.isAlive());
            long sweepMs = (System.nanoTime() - start) / 1_000_000;
            sampler.interrupt();
            peak.accumulateAndGet(hwmKb(service.pid()), Math::max);
            return new Figures(nodes, run.at("/summary/orphaned_nodes_cleaned").asInt(), run.at("/summary/failed_nodes").asInt(), sweepMs,
                    peak.get(), idle, answer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, run.get("state").asText());
        } finally {
            service.destroy();
            if (!service.waitFor(60, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** N failed nodes two days old, each with a tracked reserved IP that the simulator does not have (404: already gone). */
    private static void seed(int dbPort, int nodes) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres", "postgres", "")) {
            c.createStatement().execute("INSERT INTO deployments (deployment_id, name) VALUES ('bench-sweep', 'bench-sweep')");
            try (PreparedStatement nodesInsert = c.prepareStatement("""
                    INSERT INTO nodes (node_name, deployment_id, deployment_status, updated_at)
                    SELECT 'bench-sweep-node-' || i, 'bench-sweep', 'failed', now() - interval '48 hours' - make_interval(secs => i)
                      FROM generate_series(1, ?) AS i""");
                 PreparedStatement ipsInsert = c.prepareStatement("""
                    INSERT INTO ip_reservations (node_name, ip_address, ip_type, reservation_id, subnet_id)
                    SELECT 'bench-sweep-node-' || i, '10.200.0.1', 'management', 'bench-sweep-ip-' || i, 'bench-sweep-subnet'
                      FROM generate_series(1, ?) AS i""")) {
                nodesInsert.setInt(1, nodes);
                nodesInsert.executeUpdate();
                ipsInsert.setInt(1, nodes);
                ipsInsert.executeUpdate();
            }
            // the trigger that reopens nodes on a new row set them back to now: age them again
            c.createStatement().execute("""
                    UPDATE nodes SET deployment_status = 'failed', updated_at = now() - interval '48 hours'
                     WHERE deployment_id = 'bench-sweep'""");
        }
    }

    static long rssKb(long pid) {
        return statusKb(pid, "VmRSS:");
    }

    private static long hwmKb(long pid) {
        return statusKb(pid, "VmHWM:");
    }

    private static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended
        }
        return 0;
    }

    private static void awaitHealthy(Process service, String base, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited: " + Files.readString(log));
            }
            try {
                if (send(HttpRequest.newBuilder(URI.create(base + "/observe/health"))).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new IllegalStateException("not healthy within 120 s: " + Files.readString(log));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
