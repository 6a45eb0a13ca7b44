package com.cleanupservice.bench;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The whole performance picture from one run, printed as the tables of docs/PERFORMANCE.md: the one-call-at-a-time
 * baseline against a deployment cleanup, a batch ({@code cleanup_nodes}) and an orphan sweep of the same number of
 * fresh nodes at 30/100/300 nodes and IBM concurrency 8 and 32, each with its bound and efficiency (bound / time); the
 * zero-latency throughput; goodput under a rate limit; the peak memory of a large sweep; status latency at scale.
 * The simulator runs in a process of its own; the service runs here on an embedded PostgreSQL.
 *
 * <p>bound = max(VPC calls x latency / VPC concurrency, DNS calls x latency / DNS concurrency, one node's cleanup
 * alone): no schedule of those calls can be faster. Prints figures; asserts nothing.
 *
 * <pre>mvn -q -DskipTests package exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.cleanupservice.bench.PerformanceBenchmark
 *     [-Dexec.args="--quick --sweep-nodes 100000 --status-nodes 1000000"]</pre>
 */
public final class PerformanceBenchmark {
    /** Every IBM call waits 35 ms plus up to 10: 40 ms on average. */
    private static final long LATENCY_MS = 35;
    private static final long JITTER_MS = 10;
    private static final double MEAN_LATENCY_S = (LATENCY_MS + JITTER_MS / 2.0) / 1000;
    private static final int[] CONCURRENCY = {8, 32};
    private static final java.time.Duration LONG = java.time.Duration.ofMinutes(20);

    private int nextNodeId = 1;

    private PerformanceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int sweepNodes = option(args, "--sweep-nodes", quick ? 10_000 : 100_000);
        int statusNodes = option(args, "--status-nodes", quick ? 100_000 : 1_000_000);
        int[] sizes = quick ? new int[] {30, 100} : new int[] {30, 100, 300};
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--sizes")) {
                sizes = java.util.Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
            }
        }
        if (List.of(args).contains("--identity-only")) {
            try (ExternalSimulator sim = ExternalSimulator.start(1000)) {
                sim.latency(LATENCY_MS, JITTER_MS);
                System.out.println(new PerformanceBenchmark().identityCost(sim, sizes[sizes.length - 1]));
            }
        } else if (List.of(args).contains("--zero-only")) {
            new PerformanceBenchmark().zeroOnly(sizes[sizes.length - 1], option(args, "--repeat", 3));
        } else {
            new PerformanceBenchmark().run(sizes, sweepNodes, statusNodes);
        }
        System.exit(0);
    }

    private void run(int[] sizes, int sweepNodes, int statusNodes) throws Exception {
        List<String> out = new ArrayList<>();
        out.add("Measured " + Instant.now() + " on " + machine());
        out.add("");
        try (ExternalSimulator sim = ExternalSimulator.start(1000)) {
            sim.latency(LATENCY_MS, JITTER_MS);
            Map<Integer, Double> baseline = new HashMap<>();
            try (SandboxApp app = app(sim, 1)) {
                for (int n : sizes) {
                    baseline.put(n, deployment(app, sim, n).seconds());
                    progress("baseline " + n + " nodes: " + baseline.get(n) + " s");
                }
            }
            out.add("Cleanup of fresh nodes (13 resources each: server, 2 VNIs, 5 reserved IPs, 4 DNS records), "
                    + (LATENCY_MS + JITTER_MS / 2) + " ms per IBM call on average, servers deleting for 1 s; the simulator in its own process.");
            out.add("bound = max(VPC calls x latency / VPC concurrency, DNS calls x latency / DNS concurrency, one node alone); "
                    + "efficiency = bound / time (1.00 = as fast as the concurrency allows).");
            out.add("");
            out.add("| nodes | IBM concurrency | one call at a time | deployment | batch cleanup_nodes | orphan sweep | bound | efficiency deployment / batch / sweep | speed-up (deployment) |");
            out.add("|---|---|---|---|---|---|---|---|---|");
            for (int concurrency : CONCURRENCY) {
                try (SandboxApp app = app(sim, concurrency)) {
                    double alone = deployment(app, sim, 1).seconds();
                    for (int n : sizes) {
                        Timed d = deployment(app, sim, n);
                        Timed b = batch(app, sim, n);
                        Timed s = sweep(app, sim, n);
                        double bd = d.bound(concurrency, alone);
                        double bb = b.bound(concurrency, alone);
                        double bs = s.bound(concurrency, alone);
                        out.add(String.format(Locale.ROOT, "| %d | %d | %.1f s | %.2f s | %.2f s | %.2f s | %.2f s | %.2f / %.2f / %.2f | %.0fx |",
                                n, concurrency, baseline.get(n), d.seconds(), b.seconds(), s.seconds(), bd,
                                bd / d.seconds(), bb / b.seconds(), bs / s.seconds(), baseline.get(n) / d.seconds()));
                        progress(out.get(out.size() - 1));
                    }
                }
            }
            out.add("");
            out.add(identityCost(sim, sizes[Math.min(1, sizes.length - 1)]));
            out.add("");

            // throughput with nothing to wait for: what the service itself costs per resource
            sim.latency(0, 0);
            sim.config(Map.of("bare_metal_delete_delay_ms", 0));
            int zeroNodes = sizes[sizes.length - 1];
            try (SandboxApp app = app(sim, 32)) {
                // steady state: the JIT has compiled the hot path after two runs of the same size
                deployment(app, sim, zeroNodes);
                deployment(app, sim, zeroNodes);
                List<Timed> runs = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    runs.add(deployment(app, sim, zeroNodes));
                }
                runs.sort(java.util.Comparator.comparingDouble(Timed::seconds));
                Timed t = runs.get(1);
                out.add(String.format(Locale.ROOT, "Zero latency (no IBM wait, servers gone at once), deployment of %d nodes at concurrency 32, "
                        + "median of 3 after 2 warm-up runs: %d resources in %.2f s = **%.0f resources/s** (%d IBM calls, %.0f calls/s; "
                        + "best %.0f, worst %.0f resources/s). The service, PostgreSQL and the simulator share the cores.", zeroNodes, t.resources(),
                        t.seconds(), t.resources() / t.seconds(), t.calls().vpc() + t.calls().dns(), (t.calls().vpc() + t.calls().dns()) / t.seconds(),
                        runs.get(0).resources() / runs.get(0).seconds(), runs.get(2).resources() / runs.get(2).seconds()));
            }
            sim.config(Map.of("bare_metal_delete_delay_ms", 1000));
            sim.latency(LATENCY_MS, JITTER_MS);

            // a real rate limit: the service learns it from the 429s
            int limit = 40;
            Map<String, Object> rate = new LinkedHashMap<>();
            rate.put("vpc_per_second", limit);
            rate.put("dns_per_second", limit);
            rate.put("burst", limit);
            sim.config(Map.of("rate_limit", rate));
            try (SandboxApp app = app(sim, 8)) {
                Timed t = deployment(app, sim, 100);
                double goodput = (t.calls().vpc() - t.calls().vpcLimited()) / t.seconds();
                out.add(String.format(Locale.ROOT, "Rate limit of %d requests/s per API (burst %d), deployment of 100 nodes: HTTP %d, "
                                + "%d failed operations, useful VPC calls %.1f/s = **%.2f of the limit**; %d of %d VPC calls and %d of %d DNS calls answered 429.",
                        limit, limit, t.status(), t.failedOperations(), goodput, goodput / limit, t.calls().vpcLimited(), t.calls().vpc(),
                        t.calls().dnsLimited(), t.calls().dns()));
            }
            Map<String, Object> off = new HashMap<>();
            off.put("rate_limit", null);
            sim.config(off);
        }

        if (sweepNodes > 0) {
            progress("orphan sweep of " + sweepNodes + " nodes on the packaged service");
            SweepMemoryBenchmark.Figures f = SweepMemoryBenchmark.run(sweepNodes);
            out.add(String.format(Locale.ROOT, "Orphan sweep of %,d aged failed nodes (each with one tracked reserved IP IBM no longer has) on "
                            + "`java -jar target/cleanup-service.jar` with the default heap settings: %s, %,d cleaned, %,d failed, in %.0f s "
                            + "(%.0f nodes/s); **peak RSS %,d MB** (%,d MB before the sweep); **run answer %,d bytes**.",
                    f.nodes(), f.state(), f.cleaned(), f.failedNodes(), f.sweepMs() / 1000.0, f.nodesPerSecond(), f.peakRssKb() / 1024,
                    f.idleRssKb() / 1024, f.runAnswerBytes()));
        }
        if (statusNodes > 0) {
            progress("status at " + statusNodes + " nodes");
            out.add(StatusFigures.line(statusNodes));
        }

        System.out.println();
        out.forEach(System.out::println);
    }

    /**
     * What checking identity before delete costs: the same cleanup with the provisioner's names, addresses and zones
     * recorded (every row verified against the live resource before its DELETE) and without them (nothing to compare:
     * no look of its own), alternately, twice each, at concurrency 8 — as one deployment (its nodes share their looks:
     * subnets and zone listed once) and as a batch cleanup_nodes (each node a run of its own: one look per resource).
     */
    private String identityCost(ExternalSimulator sim, int n) {
        StringBuilder out = new StringBuilder();
        try (SandboxApp app = app(sim, 8)) {
            deployment(app, sim, 10); // warm-up
            for (boolean batch : new boolean[] {false, true}) {
                out.append(identityCost(app, sim, n, batch)).append(batch ? "" : "\n");
            }
        }
        return out.toString();
    }

    private String identityCost(SandboxApp app, ExternalSimulator sim, int n, boolean batch) {
        String[] looks = {"get_virtual_network_interface", "get_subnet_reserved_ip", "get_dns_record", "list_subnet_reserved_ips",
                "list_dns_records"};
        double[] seconds = new double[2];
        double[] calls = new double[2];
        double[][] looked = new double[2][looks.length];
        for (int round = 0; round < 2; round++) {
            for (int recorded = 0; recorded < 2; recorded++) {
                String deployment = "perf-identity-" + nextNodeId;
                List<DemoData.Node> nodes = seed(app, sim, deployment, n, false);
                if (recorded == 0) {
                    forgetIdentities(app, deployment);
                }
                String targets = String.join(",", nodes.stream().map(node -> "\"" + node.name() + "\"").toList());
                Timed t = timed(sim, n, batch
                        ? () -> app.post("/api/cleanup/batch", "{\"operation\":\"cleanup_nodes\",\"targets\":[" + targets + "]}", LONG)
                        : () -> app.post("/api/cleanup/deployment/" + deployment, null, LONG));
                seconds[recorded] += t.seconds() / 2;
                calls[recorded] += (t.calls().vpc() + t.calls().dns()) / 2.0;
                for (int i = 0; i < looks.length; i++) {
                    looked[recorded][i] += sim.count(looks[i]) / 2.0;
                }
                progress("identity, " + (batch ? "batch" : "deployment") + ", " + (recorded == 1 ? "recorded" : "not recorded") + ": "
                        + t.seconds() + " s");
            }
        }
        return String.format(Locale.ROOT, "Identity before delete, %s of %d nodes at concurrency 8 (mean of 2 runs each, alternating): "
                        + "with names, addresses and zones recorded **%.1f IBM calls per node** (looks of their own: VNIs %.2f, reserved IPs %.2f, "
                        + "DNS records %.2f per node; listings: %.1f of the subnets' reserved IPs, %.1f of the zone's records; the server's look "
                        + "shows its VNIs and their primary IPs) in %.2f s; without them %.1f calls per node in %.2f s: "
                        + "**%.2fx the calls, %.2fx the time**.",
                batch ? "a batch cleanup_nodes" : "a deployment", n, calls[1] / n, looked[1][0] / n, looked[1][1] / n, looked[1][2] / n,
                looked[1][3], looked[1][4], seconds[1], calls[0] / n, seconds[0], calls[1] / calls[0], seconds[1] / seconds[0]);
    }

    /** A provisioner that recorded ids only: the rows keep nothing a live resource could be compared with. */
    private static void forgetIdentities(SandboxApp app, String deployment) {
        String nodes = "(SELECT node_name FROM nodes WHERE deployment_id = ?)";
        app.jdbc().update("UPDATE nodes SET bare_metal_name = NULL, zone = NULL WHERE deployment_id = ?", deployment);
        app.jdbc().update("UPDATE vnic_info SET vnic_name = NULL WHERE node_name IN " + nodes, deployment);
        app.jdbc().update("UPDATE ip_reservations SET ip_address = NULL WHERE node_name IN " + nodes, deployment);
        app.jdbc().update("UPDATE dns_records SET record_name = NULL WHERE node_name IN " + nodes, deployment);
    }

    /** Only the zero-latency figure, repeated: what a profiler attached to this JVM looks at. */
    private void zeroOnly(int nodes, int repeat) throws Exception {
        try (ExternalSimulator sim = ExternalSimulator.start(0); SandboxApp app = app(sim, 32)) {
            deployment(app, sim, 30);
            for (int i = 0; i < repeat; i++) {
                Timed t = deployment(app, sim, nodes);
                System.out.printf(Locale.ROOT, "zero latency, %d nodes: %.0f resources/s%n", nodes, t.resources() / t.seconds());
            }
        }
    }

    /** One cleanup's time, the IBM calls it made, and its outcome. */
    private record Timed(double seconds, ExternalSimulator.Calls calls, int resources, int status, int failedOperations) {
        double bound(int concurrency, double alone) {
            return Math.max(Math.max(calls.vpc() * MEAN_LATENCY_S / concurrency, calls.dns() * MEAN_LATENCY_S / concurrency), alone);
        }
    }

    private static SandboxApp app(ExternalSimulator sim, int concurrency) {
        Map<String, String> settings = new LinkedHashMap<>(sim.serviceSettings());
        settings.put("cleanup.concurrency.vpc", String.valueOf(concurrency));
        settings.put("cleanup.concurrency.dns", String.valueOf(concurrency));
        settings.put("cleanup.wait.poll-interval-ms", "250");
        settings.put("cleanup.retry.budget-ms", "1500000"); // the product's default (the test harness shortens it)
        settings.put("cleanup.orphan-sweep.enabled", "false");
        // runs of 300 nodes (3600 resources) that are all there is: the blast-radius guard off, it is not what is measured
        settings.put("cleanup.guard.max-resources", "0");
        settings.put("cleanup.guard.max-percent", "0");
        return SandboxApp.start(settings);
    }

    private List<DemoData.Node> seed(SandboxApp app, ExternalSimulator sim, String deployment, int n, boolean aged) {
        List<DemoData.Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = nextNodeId++;
            nodes.add(DemoData.node(id, "perf-node-" + id, "failed"));
        }
        DemoData.create(sim, nodes, false);
        DemoData.track(app.jdbc(), deployment, nodes, false);
        if (aged) {
            app.jdbc().update("UPDATE nodes SET updated_at = now() - interval '48 hours' WHERE deployment_id = ?", deployment);
        }
        return nodes;
    }

    private Timed deployment(SandboxApp app, ExternalSimulator sim, int n) {
        String deployment = "perf-deployment-" + nextNodeId;
        seed(app, sim, deployment, n, false);
        return timed(sim, n, () -> app.post("/api/cleanup/deployment/" + deployment, null, LONG));
    }

    private Timed batch(SandboxApp app, ExternalSimulator sim, int n) {
        List<DemoData.Node> nodes = seed(app, sim, "perf-batch-" + nextNodeId, n, false);
        String targets = String.join(",", nodes.stream().map(node -> "\"" + node.name() + "\"").toList());
        return timed(sim, n, () -> app.post("/api/cleanup/batch", "{\"operation\":\"cleanup_nodes\",\"targets\":[" + targets + "]}", LONG));
    }

    private Timed sweep(SandboxApp app, ExternalSimulator sim, int n) {
        seed(app, sim, "perf-sweep-" + nextNodeId, n, true);
        return timed(sim, n, () -> app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 24}", LONG));
    }

    private static Timed timed(ExternalSimulator sim, int n, Supplier<Reply> cleanup) {
        sim.resetStats();
        long start = System.nanoTime();
        Reply reply = cleanup.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (reply.status() != 200) {
            throw new IllegalStateException("a cleanup of " + n + " nodes did not clean everything: HTTP " + reply.status() + " "
                    + reply.body().substring(0, Math.min(2000, reply.body().length())));
        }
        int failed = reply.json().path("failed_operations").asInt(reply.json().path("failed_nodes").asInt(0));
        return new Timed(seconds, sim.calls(), n * 13, reply.status(), failed);
    }

    private static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (Exception e) {
            // not Linux
        }
        long memGb = 0;
        try {
            memGb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024).findFirst().orElse(0L);
        } catch (Exception e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGb + " GiB, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static void progress(String line) {
        System.err.println("[perf] " + line);
    }
}
