package com.cleanupservice.metrics;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.SandboxApp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /observe/metrics} after real work: a clean node, a node with IBM faults, inbox files and scheduled ticks,
 * scraped over HTTP and read as Prometheus text. Counters are checked to the unit against what happened.
 */
class MetricsTest {
    @TempDir
    static Path dirs;
    private static SandboxApp app;
    private static IbmCloudSimulator sim;
    private static JsonNode clean;
    private static JsonNode faulty;

    @BeforeAll
    static void start() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cleanup.inbox.enabled", "true");
        settings.put("cleanup.inbox.dir", dirs.resolve("inbox").toString());
        settings.put("cleanup.outbox.dir", dirs.resolve("outbox").toString());
        settings.put("cleanup.inbox.poll-ms", "100");
        settings.put("cleanup.inbox.read-lock-min-age-ms", "100");
        settings.put("cleanup.inbox.read-lock-check-ms", "50");
        settings.put("cleanup.followup.enabled", "true");
        settings.put("cleanup.followup.interval-ms", "200");
        settings.put("cleanup.orphan-sweep.enabled", "true");
        settings.put("cleanup.orphan-sweep.cron", "0/2 * * * * ?");
        settings.put("cleanup.orphan-sweep.idle-wait-ms", "1000");
        settings.put("cleanup.metrics.gauge-max-age-ms", "100");
        app = SandboxApp.start(settings);
        sim = app.simulator();

        clean = app.post("/api/cleanup/node/1").json();

        DemoData.Node node3 = DemoData.nodes().get(2);
        sim.faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(node3.ips().get(1).id()));
        sim.faults().add(FaultRule.status("delete_dns_record", 503).resourceId(node3.records().get(0).id()).times(1));
        faulty = app.post("/api/cleanup/node/3").json();
        sim.faults().clear();

        Files.createDirectories(dirs.resolve("inbox"));
        drop("good.json", "{\"operation\": \"cleanup_nodes\", \"targets\": [\"no-such-node\"]}");
        drop("bad.json", "{\"operation\": \"cleanup_nodes\", \"targets\": ");
        Await.until("both inbox files taken", () -> Files.exists(dirs.resolve("inbox/.done/good.json"))
                && Files.exists(dirs.resolve("inbox/.error/bad.json")));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void deletionsAreCountedByTypeAndOutcome() {
        Scrape metrics = scrape();

        assertThat(clean.get("message").asText()).as(clean.toString()).contains("success");
        // nodes 01 and 03: each 1 server, 2 VNIs, 5 reserved IPs, 4 DNS records; one of node 03's IPs refused (403). A
        // VNI's primary IP goes with it (404 after the VNI's delete: already gone), and a VNI IBM deleted with its server
        assertThat(metrics.value("cleanup_deletions_total", "type", "bare_metal_server", "outcome", "DELETED")).isEqualTo(2);
        assertThat(metrics.value("cleanup_deletions_total", "type", "virtual_network_interface", "outcome", "DELETED")).isEqualTo(2);
        assertThat(metrics.value("cleanup_deletions_total", "type", "virtual_network_interface", "outcome", "ALREADY_GONE")).isEqualTo(2);
        assertThat(metrics.value("cleanup_deletions_total", "type", "subnet_reserved_ip", "outcome", "DELETED")).isEqualTo(7);
        assertThat(metrics.value("cleanup_deletions_total", "type", "subnet_reserved_ip", "outcome", "ALREADY_GONE")).isEqualTo(2);
        assertThat(metrics.value("cleanup_deletions_total", "type", "subnet_reserved_ip", "outcome", "FAILED")).isEqualTo(1);
        assertThat(metrics.value("cleanup_deletions_total", "type", "dns_record", "outcome", "DELETED")).isEqualTo(8);
        // what the answers said, outcome by outcome
        Map<String, Integer> answered = new TreeMap<>();
        for (JsonNode answer : List.of(clean, faulty)) {
            answer.get("details").forEach(group -> group.get("operations").forEach(op -> {
                if (op.has("outcome") && op.has("resource_id") && !"database_records".equals(group.get("resource_type").asText())) {
                    answered.merge(op.get("outcome").asText(), 1, Integer::sum);
                }
            }));
        }
        for (Map.Entry<String, Integer> outcome : answered.entrySet()) {
            assertThat(metrics.sum("cleanup_deletions_total", "outcome", outcome.getKey())).as(outcome.getKey())
                    .isEqualTo(outcome.getValue().doubleValue());
        }
        assertThat(metrics.sum("cleanup_deletions_total")).isEqualTo(24);
        // every type and outcome is there from the start, at zero
        assertThat(metrics.value("cleanup_deletions_total", "type", "floating_ip", "outcome", "BLOCKED")).isZero();
    }

    @Test
    void everyIbmCallIsCountedByOperationAndStatusWithLatencyBuckets() {
        Scrape metrics = scrape();

        // labelled with the SDK's operation ids; each as often as the simulator was asked it (nothing runs now). The
        // reserved IPs and DNS records are looked at before their delete (identity); the VNIs were seen in their server's look
        Map<String, String> simulatorNames = Map.of("getBareMetalServer", "get_bare_metal_server",
                "deleteBareMetalServer", "delete_bare_metal_server", "deleteVirtualNetworkInterfaces", "delete_virtual_network_interface",
                "deleteSubnetReservedIp", "delete_subnet_reserved_ip", "deleteResourceRecord", "delete_dns_record",
                "getSubnetReservedIp", "get_subnet_reserved_ip", "getResourceRecord", "get_dns_record");
        assertThat(metrics.labelValues("cleanup_ibm_calls_total", "operation")).containsExactlyInAnyOrderElementsOf(simulatorNames.keySet());
        // every call here went to the default account: the account called is a label of its own (rate limits are per account)
        assertThat(metrics.labelValues("cleanup_ibm_calls_total", "account")).containsExactly("sandbox");
        simulatorNames.forEach((operation, simulated) -> assertThat(metrics.sum("cleanup_ibm_calls_total", "operation", operation))
                .as(operation).isEqualTo(sim.stats().count(simulated)));
        assertThat(metrics.value("cleanup_ibm_calls_total", "api", "vpc", "operation", "deleteSubnetReservedIp", "status", "403",
                "status_class", "4xx", "account", "sandbox")).isEqualTo(1);
        assertThat(metrics.value("cleanup_ibm_calls_total", "api", "dns", "operation", "deleteResourceRecord", "status", "503",
                "status_class", "5xx", "account", "sandbox")).isEqualTo(1);
        // a server is gone when its GET answers 404: once per node
        assertThat(metrics.value("cleanup_ibm_calls_total", "api", "vpc", "operation", "getBareMetalServer", "status", "404",
                "status_class", "4xx", "account", "sandbox")).isEqualTo(2);

        // the histogram: buckets up to +Inf, whose count is the calls of that class
        double calls2xx = metrics.sum("cleanup_ibm_calls_total", "operation", "deleteResourceRecord", "status_class", "2xx");
        assertThat(calls2xx).isEqualTo(8);
        assertThat(metrics.value("cleanup_ibm_call_seconds_count", "api", "dns", "operation", "deleteResourceRecord", "status_class", "2xx"))
                .isEqualTo(calls2xx);
        assertThat(metrics.value("cleanup_ibm_call_seconds_bucket", "api", "dns", "operation", "deleteResourceRecord", "status_class", "2xx",
                "le", "+Inf")).isEqualTo(calls2xx);
        assertThat(metrics.value("cleanup_ibm_call_seconds_bucket", "api", "dns", "operation", "deleteResourceRecord", "status_class", "2xx",
                "le", "0.005")).isBetween(0.0, calls2xx);
        assertThat(metrics.sum("cleanup_ibm_call_seconds_sum", "operation", "deleteResourceRecord")).isPositive();

        // the 503 was retried once; the 403 is final
        assertThat(metrics.value("cleanup_ibm_retries_total", "type", "dns_record", "reason", "5xx")).isEqualTo(1);
        assertThat(metrics.sum("cleanup_ibm_retries_total")).isEqualTo(1);
        // no 429 was seen: nothing waited, the learned rate is still unlimited
        assertThat(metrics.value("cleanup_ibm_rate_limit_waits_total", "api", "vpc")).isZero();
        assertThat(metrics.value("cleanup_ibm_rate_limit_wait_seconds_total", "api", "vpc")).isZero();
        assertThat(metrics.value("cleanup_ibm_rate_limit_requests_per_second", "api", "dns")).isInfinite();
    }

    @Test
    void runsAreTimedByKindAndOutcome() {
        Scrape metrics = scrape();

        assertThat(metrics.value("cleanup_run_seconds_count", "kind", "node", "outcome", "completed")).isEqualTo(1);
        assertThat(metrics.value("cleanup_run_seconds_count", "kind", "node", "outcome", "partial")).isEqualTo(1);
        assertThat(metrics.value("cleanup_run_seconds_bucket", "kind", "node", "outcome", "partial", "le", "+Inf")).isEqualTo(1);
        assertThat(metrics.value("cleanup_run_seconds_sum", "kind", "node", "outcome", "completed")).isPositive();
    }

    @Test
    void gaugesFollowTheDatabase() {
        long open = app.jdbc().one("SELECT COUNT(*) FROM dead_letters WHERE status = 'open'", rs -> rs.getLong(1)).orElseThrow();
        assertThat(open).isEqualTo(1);
        Await.until("gauges show the open dead letter and the status endpoint's cleanup_needed", () -> {
            Scrape metrics = scrape();
            long needed = app.get("/api/cleanup/status").json().get("cleanup_needed").asLong();
            return metrics.value("cleanup_dead_letters_open") == open
                    && metrics.value("cleanup_nodes_needing_cleanup") == needed
                    && metrics.value("cleanup_nodes", "status", "cleanup_completed") == 1;
        });
        Scrape metrics = scrape();
        assertThat(metrics.value("cleanup_nodes_needing_cleanup")).isEqualTo(1); // node 03, cleanup_failed
        assertThat(metrics.value("cleanup_nodes", "status", "deployed")).isEqualTo(1);
        assertThat(metrics.value("cleanup_runs_in_flight")).isZero();
    }

    @Test
    void inboxFilesAndTicksAreCounted() {
        Scrape metrics = scrape();

        assertThat(metrics.value("cleanup_inbox_files_total", "result", "processed")).isEqualTo(1);
        assertThat(metrics.value("cleanup_inbox_files_total", "result", "rejected")).isEqualTo(1);
        assertThat(metrics.value("cleanup_inbox_files_total", "result", "set_aside")).isZero();
        Await.until("an orphan sweep tick and follow-up ticks", () -> {
            Scrape now = scrape();
            return now.value("cleanup_sweep_ticks_total", "kind", "orphan_sweep", "outcome", "swept") >= 1
                    && now.value("cleanup_sweep_ticks_total", "kind", "follow_up", "outcome", "idle") >= 1;
        });
        assertThat(scrape().value("cleanup_sweep_ticks_total", "kind", "follow_up", "outcome", "failed")).isZero();
    }

    @Test
    void camelsOwnMetersAreInTheSameScrape() {
        Scrape metrics = scrape();

        assertThat(metrics.names()).anyMatch(n -> n.startsWith("camel_"));
        assertThat(metrics.names()).noneMatch(n -> n.startsWith("cleanup_") && metrics.raw.contains(n + "{run_id"));
        assertThat(metrics.raw).doesNotContain(DemoData.nodes().get(0).serverId()).doesNotContain(DemoData.nodes().get(0).name());
    }

    private static void drop(String name, String content) throws IOException {
        Path tmp = dirs.resolve("inbox").resolve(name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, dirs.resolve("inbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Scrape scrape() {
        SandboxApp.Reply reply = app.get("/observe/metrics");
        assertThat(reply.status()).isEqualTo(200);
        return Scrape.parse(reply.body());
    }

    /** Prometheus text: {@code name{label="value",...} number} per sample line. */
    record Scrape(String raw, List<Sample> samples) {
        private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        record Sample(String name, Map<String, String> labels, double value) {
        }

        static Scrape parse(String text) {
            List<Sample> samples = new java.util.ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                Matcher m = LINE.matcher(line);
                assertThat(m.find()).as("a sample line: " + line).isTrue();
                Map<String, String> labels = new TreeMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3).replace("+Inf", "Infinity"))));
            }
            return new Scrape(text, samples);
        }

        TreeSet<String> names() {
            TreeSet<String> names = new TreeSet<>();
            samples.forEach(s -> names.add(s.name()));
            return names;
        }

        TreeSet<String> labelValues(String name, String label) {
            TreeSet<String> values = new TreeSet<>();
            samples.stream().filter(s -> s.name().equals(name) && s.labels().containsKey(label)).forEach(s -> values.add(s.labels().get(label)));
            return values;
        }

        /** The one sample with exactly these labels; fails when there is none. */
        double value(String name, String... labels) {
            Map<String, String> wanted = labels(labels);
            return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(wanted)).mapToDouble(Sample::value)
                    .reduce((a, b) -> {
                        throw new AssertionError("two samples of " + name + wanted);
                    })
                    .orElseThrow(() -> new AssertionError("no sample " + name + wanted + " in\n" + raw.lines()
                            .filter(l -> l.startsWith(name)).reduce("", (a, b) -> a + b + "\n")));
        }

        /** The sum over the samples carrying these labels (and any others). */
        double sum(String name, String... labels) {
            Map<String, String> wanted = labels(labels);
            return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(wanted.entrySet()))
                    .mapToDouble(Sample::value).sum();
        }

        private static Map<String, String> labels(String... labels) {
            Map<String, String> map = new TreeMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                map.put(labels[i], labels[i + 1]);
            }
            return map;
        }
    }
}
