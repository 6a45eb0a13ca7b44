package com.cleanupservice.simulator;

import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorMainTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+) ");

    private static IbmCloudSimulator start(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IbmCloudSimulator sim = SimulatorMain.start(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("listening on " + sim.baseUrl() + " ");
        return sim;
    }

    @Test
    void startsFromItsCommandLineAndServesIbmCalls() {
        try (IbmCloudSimulator sim = start("--port", "0", "--provider-reserved-ips", "--bare-metal-delete-ms", "250",
                "--network-delete-ms", "300")) {
            SimClient client = new SimClient(sim);
            sim.create("subnet", Map.of("id", "subnet-1"));
            SimClient.Response ips = client.vpcGet("/subnets/subnet-1/reserved_ips");
            assertThat(ips.status()).isEqualTo(200);
            assertThat(ips.json()).containsEntry("total_count", 5);
            assertThat(sim.bareMetalDeleteDelay().toMillis()).isEqualTo(250);
            assertThat(sim.networkDeleteDelay().toMillis()).isEqualTo(300);
            assertThat(sim.stats().count(SimulatorOperations.LIST_SUBNET_RESERVED_IPS)).isEqualTo(1);
        }
    }

    @Test
    void keepsItsStateInTheGivenDatabase() {
        String url = TestDatabase.freshDatabaseUrl();
        try (IbmCloudSimulator sim = start("--port", "0", "--jdbc-url", url, "--jdbc-user", "postgres")) {
            sim.createReservedIp("subnet-1", "ip-kept", null, null, false);
        }
        try (IbmCloudSimulator sim = start("--port", "0", "--jdbc-url", url)) {
            assertThat(new SimClient(sim).vpcGet("/subnets/subnet-1/reserved_ips/ip-kept").status()).isEqualTo(200);
        }
    }

    @Test
    void refusesOptionsItDoesNotUnderstand() {
        assertThatThrownBy(() -> SimulatorMain.options(new String[]{"--port", "eighty"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port");
        assertThatThrownBy(() -> SimulatorMain.options(new String[]{"--port"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> SimulatorMain.options(new String[]{"--verbose"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--verbose");
        assertThatThrownBy(() -> SimulatorMain.options(new String[]{"--in-memory", "--jdbc-url", "jdbc:postgresql:x"},
                Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(SimulatorMain.options(new String[]{"--in-memory"}, Map.of()).dataSource()).isNull();
        assertThat(SimulatorMain.usage()).contains("--jdbc-url").contains(SimulatorMain.PASSWORD_VARIABLE);
    }

    @Test
    void takesARateLimitFromItsCommandLine() {
        assertThat(SimulatorMain.options(new String[]{}, Map.of()).rateLimit()).isNull();
        assertThat(SimulatorMain.options(new String[]{"--vpc-per-second", "5", "--burst", "10"}, Map.of()).rateLimit())
                .isEqualTo(RateLimit.vpc(5).burst(10));
        assertThat(SimulatorMain.options(new String[]{"--dns-per-second", "0.5", "--vpc-per-second", "20"}, Map.of())
                .rateLimit()).isEqualTo(RateLimit.vpc(20).withDns(0.5));
        for (String[] bad : List.of(new String[]{"--vpc-per-second", "0"}, new String[]{"--dns-per-second", "-1"},
                new String[]{"--vpc-per-second", "fast"}, new String[]{"--vpc-per-second", "NaN"},
                new String[]{"--vpc-per-second", "5", "--burst", "0"}, new String[]{"--burst", "5"},
                new String[]{"--vpc-per-second"})) {
            assertThatThrownBy(() -> SimulatorMain.options(bad, Map.of())).as(String.join(" ", bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--");
        }
        assertThat(SimulatorMain.usage()).contains("--vpc-per-second").contains("--dns-per-second").contains("--burst");

        try (IbmCloudSimulator sim = start("--port", "0", "--vpc-per-second", "1")) {
            SimClient client = new SimClient(sim);
            assertThat(client.vpcGet("/bare_metal_servers").status()).isEqualTo(200);
            // a second immediate call; on the real clock it could in theory come a whole second later
            SimClient.Response second = client.vpcGet("/bare_metal_servers");
            assertThat(second.status()).isIn(200, 429);
            assertThat(sim.rateLimit()).isEqualTo(RateLimit.vpc(1));
        }
    }

    /** As an operator runs it: a JVM of its own, answering IBM calls, stopped by SIGTERM. */
    @Test
    void runsAsItsOwnProcessAndStopsCleanlyOnSigterm() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SimulatorMain.class.getName(), "--port", "0")
                .redirectErrorStream(true)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(lines::add), "simulator-output");
        reader.setDaemon(true);
        reader.start();
        List<String> output = new ArrayList<>();
        try {
            String baseUrl = null;
            Instant deadline = Instant.now().plusSeconds(60);
            while (baseUrl == null && Instant.now().isBefore(deadline)) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    output.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (line.startsWith("IBM Cloud simulator listening") && m.find()) {
                        baseUrl = m.group(1);
                    }
                }
            }
            assertThat(baseUrl).as(String.join("\n", output)).isNotNull();

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/identity/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=k")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).isEqualTo(200);
            String accessToken = HttpSupport.JSON.readTree(token.body()).get("access_token").asText();
            HttpResponse<String> servers = http.send(HttpRequest.newBuilder(URI.create(baseUrl
                            + "/v1/bare_metal_servers?" + SimClient.VERSION_QUERY))
                    .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(servers.statusCode()).isEqualTo(200);
            assertThat(servers.body()).contains("\"bare_metal_servers\":[]");

            // SIGTERM; Process.destroy() would also close our end of its output before the last lines are read
            process.toHandle().destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
            lines.drainTo(output);
        } finally {
            process.destroyForcibly();
        }
        assertThat(output).as("the shutdown hook closed the simulator (exit " + process.exitValue() + ")")
                .contains("IBM Cloud simulator stopped");
    }
}
