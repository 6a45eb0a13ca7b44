package com.cleanupservice.bench;

import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorOptions;
import com.cleanupservice.testsupport.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Requests per second the simulator serves to concurrent clients, with no injected latency. Each client repeats a
 * cycle of six requests over HTTP: create a reserved IP in its own subnet ({@code POST /sim/resources}), GET and
 * DELETE it on the VPC API, then the same for a DNS A record in its own zone on the DNS API. Background resources
 * (servers, reserved IPs and DNS records nobody touches) make the cost of scanning everything on every request show.
 * Prints the figures; asserts nothing.
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.cleanupservice.bench.SimulatorThroughputBenchmark [-Dexec.args="8,32 300 2000 memory"]</pre>
 * Arguments: client counts (default 8,32), cycles per client (default 300), background resources per kind (default
 * 2000), {@code memory} (default) or {@code postgres} (state written through to an embedded PostgreSQL).
 */
public final class SimulatorThroughputBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "version=2024-04-30&generation=2";
    private static final int REQUESTS_PER_CYCLE = 6;

    private SimulatorThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> clientCounts = new ArrayList<>();
        for (String n : (args.length > 0 ? args[0] : "8,32").split(",")) {
            clientCounts.add(Integer.parseInt(n.trim()));
        }
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int background = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        boolean postgres = args.length > 3 && args[3].equals("postgres");

        SimulatorOptions options = SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(Duration.ZERO);
        if (postgres) {
            options = options.dataSource(TestDatabase.freshDataSource());
        }
        try (IbmCloudSimulator sim = IbmCloudSimulator.start(options)) {
            seedBackground(sim, background);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String token = token(http, sim);
            System.out.printf(Locale.ROOT, "simulator throughput: %s state, %d background resources per kind, "
                    + "%d requests per cycle (create, get, delete: reserved IP and DNS record)%n",
                    postgres ? "PostgreSQL" : "in-memory", background, REQUESTS_PER_CYCLE);
            run(http, sim, token, 8, Math.max(1, cycles / 5), "warm-up", false);
            for (int clients : clientCounts) {
                run(http, sim, token, clients, cycles, "run", true);
            }
        }
        System.exit(0);
    }

    private static void seedBackground(IbmCloudSimulator sim, int count) {
        for (int i = 0; i < count; i++) {
            sim.createBareMetalServer(null, "bg-server-" + i, "running", List.of());
            sim.createReservedIp("bg-subnet", null, null, null, false);
            sim.createDnsRecord("bg-instance", "bg-zone", null, "bg-" + i + ".example.com", "A", "10.1.0.1");
        }
    }

    private static void run(HttpClient http, IbmCloudSimulator sim, String token, int clients, int cycles,
                            String label, boolean print) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                String client = label + "-" + clients + "-" + c;
                results.add(pool.submit(() -> cycles(http, sim, token, client, cycles)));
            }
            long requests = 0;
            long latencyNanos = 0;
            for (Future<long[]> result : results) {
                long[] r = result.get();
                requests += r[0];
                latencyNanos += r[1];
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (print) {
                System.out.printf(Locale.ROOT, "%3d clients: %6d requests in %6.2f s = %8.0f requests/s, mean latency %6.2f ms%n",
                        clients, requests, seconds, requests / seconds, latencyNanos / 1e6 / requests);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return requests sent and the sum of their latencies in nanoseconds */
    private static long[] cycles(HttpClient http, IbmCloudSimulator sim, String token, String client, int cycles)
            throws IOException, InterruptedException {
        long requests = 0;
        long latency = 0;
        String subnet = "subnet-" + client;
        String zonePath = "/v1/instances/inst-" + client + "/dnszones/zone-" + client + "/resource_records/";
        for (int i = 0; i < cycles; i++) {
            long t0 = System.nanoTime();
            JsonNode ip = expect(201, http, admin(sim, "{\"kind\":\"subnet_reserved_ip\",\"subnet_id\":\"" + subnet + "\"}"));
            String ipPath = "/v1/subnets/" + subnet + "/reserved_ips/" + ip.get("id").asText() + "?" + VERSION;
            expect(200, http, authorized(sim, ipPath, token).GET());
            expect(204, http, authorized(sim, ipPath, token).DELETE());
            JsonNode record = expect(201, http, admin(sim, "{\"kind\":\"dns_record\",\"instance_id\":\"inst-" + client
                    + "\",\"zone_id\":\"zone-" + client + "\",\"name\":\"h" + i + ".example.com\",\"type\":\"A\","
                    + "\"rdata\":\"10.2.0.1\"}"));
            String recordPath = zonePath + record.get("id").asText();
            expect(200, http, authorized(sim, recordPath, token).GET());
            expect(204, http, authorized(sim, recordPath, token).DELETE());
            latency += System.nanoTime() - t0;
            requests += REQUESTS_PER_CYCLE;
        }
        return new long[]{requests, latency};
    }

    private static HttpRequest.Builder admin(IbmCloudSimulator sim, String body) {
        return HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/resources"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder authorized(IbmCloudSimulator sim, String path, String token) {
        return HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).header("Authorization", "Bearer " + token);
    }

    private static JsonNode expect(int status, HttpClient http, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected HTTP " + status + ", got " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    private static String token(HttpClient http, IbmCloudSimulator sim) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.iamUrl() + "/identity/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=bench")).build();
        Map<?, ?> body = JSON.readValue(http.send(request, HttpResponse.BodyHandlers.ofString()).body(), Map.class);
        return (String) body.get("access_token");
    }
}
