package com.cleanupservice.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service as a new user runs it: {@code java -jar target/cleanup-service.jar} from the repository root,
 * sandbox defaults, only the ports and the data directory moved aside. Runs after {@code package} (failsafe).
 */
class SandboxJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;
    private Process process;
    private Path log;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void bootsInSandboxModeServesTheDemoDeploymentAndRemembersAcrossRestarts() throws Exception {
        int port = freePort();
        int simPort = freePort();

        start(port, simPort);
        assertThat(health(port)).isEqualTo("UP");
        assertThat(Files.readString(log)).contains("SANDBOX MODE");

        // a client speaking IBM's protocol: IAM token, then the VPC list call
        String token = token(simPort);
        JsonNode servers = ibmGet(simPort, token, "/v1/bare_metal_servers?version=2025-10-28&generation=2");
        assertThat(servers.get("bare_metal_servers")).hasSize(3);

        HttpResponse<String> cleanup = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cleanup/node/1"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cleanup.statusCode()).as(cleanup.body()).isEqualTo(200);
        assertThat(JSON.readTree(cleanup.body()).at("/summary/total_operations").asInt()).isEqualTo(13);

        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();

        start(port, simPort);
        assertThat(health(port)).isEqualTo("UP");
        token = token(simPort);
        assertThat(ibmGet(simPort, token, "/v1/bare_metal_servers?version=2025-10-28&generation=2").get("bare_metal_servers"))
                .as("the simulator remembers the deletion").hasSize(2);
        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cleanup/node/1"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(again.body()).at("/summary/total_operations").asInt())
                .as("the database remembers what is GONE; the demo was not seeded again").isEqualTo(1);
    }

    @Test
    void anAcceptedRunCutOffByKillMinus9IsFinishedAfterARestartAndNothingIsLeft() throws Exception {
        int port = freePort();
        int simPort = freePort();
        start(port, simPort, Map.of("CLEANUP_SIMULATOR_BARE_METAL_DELETE_MS", "4000"));
        assertThat(health(port)).isEqualTo("UP");

        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/cleanup/deployment/demo-deployment?force=true&async=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = JSON.readTree(accepted.body()).get("run_id").asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (run(port, runId).at("/progress/done").asInt() == 0) {
            assertThat(Instant.now()).as("the run started").isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }

        process.destroyForcibly(); // SIGKILL: no shutdown of any kind
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        start(port, simPort, Map.of("CLEANUP_SIMULATOR_BARE_METAL_DELETE_MS", "200"));
        assertThat(health(port)).isEqualTo("UP");
        deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode run = run(port, runId);
        while (!List.of("completed", "partial", "failed").contains(run.get("state").asText())) {
            assertThat(Instant.now()).as("finished after the restart: " + run).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            run = run(port, runId);
        }
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
        HttpResponse<String> left = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simPort + "/sim/resources")).build(),
                HttpResponse.BodyHandlers.ofString());
        JSON.readTree(left.body()).fields().forEachRemaining(kind -> assertThat(kind.getValue()).as(kind.getKey()).isEmpty());
    }

    private static JsonNode run(int port, String runId) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cleanup/runs/" + runId)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private void start(int port, int simPort) throws IOException {
        start(port, simPort, Map.of());
    }

    private void start(int port, int simPort, Map<String, String> environment) throws IOException {
        Path jar = Path.of("target", "cleanup-service.jar");
        assertThat(jar).exists();
        log = Files.createTempFile(data, "service", ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CLEANUP_HTTP_PORT", String.valueOf(port));
        pb.environment().put("CLEANUP_SIMULATOR_PORT", String.valueOf(simPort));
        pb.environment().put("CLEANUP_DB_EMBEDDED_DIR", data.resolve("postgres").toString());
        pb.environment().putAll(environment);
        process = pb.start();
    }

    private String health(int port) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("service exited: " + Files.readString(log)).isTrue();
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body()).get("status").asText();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new AssertionError("not healthy within 90 s: " + Files.readString(log));
    }

    private static String token(int simPort) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simPort + "/identity/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=any-key&response_type=cloud_iam"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private static JsonNode ibmGet(int simPort, String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simPort + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
