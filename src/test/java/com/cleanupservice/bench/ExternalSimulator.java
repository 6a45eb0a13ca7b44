package com.cleanupservice.bench;

import com.cleanupservice.demo.DemoData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The IBM Cloud simulator in a process of its own ({@code SimulatorMain} from the packaged jar, state in memory), so a
 * benchmark measures the service and not the simulator sharing its JVM; driven through its admin API.
 */
final class ExternalSimulator implements AutoCloseable, DemoData.Cloud {
    static final String API_KEY = "bench-api-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Process process;
    private final String base;

    private ExternalSimulator(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    static ExternalSimulator start(long bareMetalDeleteMs) throws IOException {
        Path jar = Path.of("target", "cleanup-service.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the jar first: mvn -q -DskipTests package");
        }
        int port = freePort();
        Path log = Files.createTempFile("simulator", ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), "com.cleanupservice.simulator.SimulatorMain", "--port", String.valueOf(port), "--in-memory",
                "--api-key", API_KEY, "--bare-metal-delete-ms", String.valueOf(bareMetalDeleteMs))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ExternalSimulator sim = new ExternalSimulator(process, "http://127.0.0.1:" + port);
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the simulator exited: " + Files.readString(log));
            }
            try {
                if (sim.send("GET", "/sim/stats", null).statusCode() == 200) {
                    return sim;
                }
            } catch (java.io.UncheckedIOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the simulator did not answer within 60 s: " + Files.readString(log));
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    long pid() {
        return process.pid();
    }

    /** The settings that point the service at this simulator (sandbox mode without its own simulator). */
    Map<String, String> serviceSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cleanup.simulator.enabled", "false");
        settings.put("cleanup.demo.enabled", "false");
        settings.put("cleanup.ibm.vpc-url", base + "/v1");
        settings.put("cleanup.ibm.dns-url", base + "/v1");
        settings.put("cleanup.ibm.iam-url", base);
        settings.put("cleanup.ibm.api-key", API_KEY);
        return settings;
    }

    void latency(long ms, long jitterMs) {
        check(send("DELETE", "/sim/faults", null), 204);
        if (ms > 0 || jitterMs > 0) {
            check(send("POST", "/sim/faults", Map.of("operation", "*", "type", "latency", "latency_ms", ms, "jitter_ms", jitterMs)), 201);
        }
    }

    void config(Map<String, Object> config) {
        check(send("PUT", "/sim/config", config), 200);
    }

    void resetStats() {
        check(send("DELETE", "/sim/stats", null), 204);
    }

    /** Calls by API since the last reset: VPC, DNS (IAM token calls left out), and how many of each were refused 429. */
    record Calls(long vpc, long dns, long vpcLimited, long dnsLimited) {
    }

    Calls calls() {
        try {
            JsonNode stats = JSON.readTree(check(send("GET", "/sim/stats", null), 200).body());
            long[] n = new long[4];
            stats.get("operations").fields().forEachRemaining(e -> {
                if (api(e.getKey()) >= 0) {
                    n[api(e.getKey())] += e.getValue().asLong();
                }
            });
            stats.at("/rate_limited/operations").fields().forEachRemaining(e -> {
                if (api(e.getKey()) >= 0) {
                    n[api(e.getKey()) + 2] += e.getValue().asLong();
                }
            });
            return new Calls(n[0], n[1], n[2], n[3]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls of one operation ({@code get_virtual_network_interface}) since the last reset. */
    long count(String operation) {
        try {
            return JSON.readTree(check(send("GET", "/sim/stats", null), 200).body()).at("/operations/" + operation).asLong(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 0 VPC, 1 DNS, -1 for IAM's token calls (no API's bound). */
    private static int api(String operation) {
        if (operation.contains("iam")) {
            return -1;
        }
        return operation.contains("dns") ? 1 : 0;
    }

    @Override
    public void createReservedIp(String subnetId, String id, String name, String address, boolean autoDelete) {
        create(Map.of("kind", "subnet_reserved_ip", "subnet_id", subnetId, "id", id, "name", name, "address", address, "auto_delete", autoDelete));
    }

    @Override
    public void createVirtualNetworkInterface(String id, String name, String subnetId, String primaryIpId, boolean autoDelete) {
        create(Map.of("kind", "virtual_network_interface", "id", id, "name", name, "subnet_id", subnetId, "primary_ip_id", primaryIpId,
                "auto_delete", autoDelete));
    }

    @Override
    public void createBareMetalServer(String id, String name, String status, List<String> vniIds) {
        create(Map.of("kind", "bare_metal_server", "id", id, "name", name, "status", status, "vni_ids", vniIds));
    }

    @Override
    public void createDnsRecord(String instanceId, String zoneId, String id, String name, String type, String rdata) {
        create(Map.of("kind", "dns_record", "instance_id", instanceId, "zone_id", zoneId, "id", id, "name", name, "type", type, "rdata", rdata));
    }

    private void create(Map<String, Object> resource) {
        check(send("POST", "/sim/resources", resource), 201);
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> check(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        return response;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
