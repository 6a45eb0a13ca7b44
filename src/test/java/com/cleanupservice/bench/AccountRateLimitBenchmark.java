package com.cleanupservice.bench;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.RateLimit;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One account's throttling must not slow another's (issue 24): a deployment of N nodes in the default account
 * {@code sandbox} (us-south) is cleaned alone (the baseline, after a warm-up cleanup of as many nodes), then — fresh nodes — while a deployment of N nodes in
 * {@code sandbox-2} (eu-de) is being cleaned under a rate limit the simulator puts on {@code sandbox-2} only. Prints
 * the ratio together / alone (1.00: as fast as alone) and the 429s per account, as the service counted them
 * ({@code cleanup_ibm_calls_total{status="429"}} by {@code account}); asserts nothing.
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.cleanupservice.bench.AccountRateLimitBenchmark [-Dexec.args="50 10"]</pre>
 * Arguments: nodes per deployment (default 50), the limit on {@code sandbox-2} in requests/s per API (default 10).
 */
public final class AccountRateLimitBenchmark {
    private static final String DEFAULT_ACCOUNT = "sandbox";
    private static final String THROTTLED = "sandbox-2";
    private static final String THROTTLED_REGION = "eu-de";
    private static final Pattern CALLS = Pattern.compile("^cleanup_ibm_calls_total\\{([^}]*)} ([0-9.eE+-]+)$");

    private AccountRateLimitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } finally {
            System.exit(0); // the embedded database's and Camel's threads would keep a failed run's JVM alive
        }
    }

    private static void run(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        double limit = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        Map<String, String> settings = Map.of("cleanup.demo.enabled", "false",
                "cleanup.simulator.bare-metal-delete-ms", "1000", "cleanup.wait.poll-interval-ms", "250",
                "cleanup.retry.budget-ms", "1500000", // the product's default budget (the test harness shortens it)
                // deployments that are all there is: the blast-radius guard off, it is not what is measured
                "cleanup.guard.max-resources", "0", "cleanup.guard.max-percent", "0");
        try (SandboxApp app = SandboxApp.start(settings)) {
            IbmCloudSimulator sim = app.simulator();
            sim.faults().add(FaultRule.latency("*", 40, 10));
            sim.setRateLimit(RateLimit.vpc(limit).withDns(limit).burst((int) Math.max(1, limit)).forAccount(THROTTLED));
            System.out.printf(Locale.ROOT, "%d nodes per deployment x 13 resources, 40 ms (+/-10) per IBM call; %s limited to %.0f requests/s "
                    + "per API (burst %d), %s unlimited%n", nodes, THROTTLED, limit, (int) Math.max(1, limit), DEFAULT_ACCOUNT);

            // a first cleanup warms the JVM, the pools and the database up: not measured
            seed(app, "warmup", 10, nodes, null, null);
            System.out.printf(Locale.ROOT, "%-55s %7.2f s%n", "warm-up (" + DEFAULT_ACCOUNT + ", not measured)", clean(app, "warmup"));

            seed(app, "alone", 10 + nodes, nodes, null, null);
            Map<String, Double> before = rateLimitedByAccount(app);
            double alone = clean(app, "alone");
            System.out.printf(Locale.ROOT, "%-55s %7.2f s%n", DEFAULT_ACCOUNT + " alone", alone);

            seed(app, "together", 10 + 2 * nodes, nodes, null, null);
            seed(app, "throttled", 10 + 3 * nodes, nodes, THROTTLED, THROTTLED_REGION);
            long limitedBefore = sim.stats().rateLimitedTotal();
            long started = System.nanoTime();
            CompletableFuture<Double> throttled = CompletableFuture.supplyAsync(() -> clean(app, "throttled"));
            // the other account's cleanup starts once the throttled one is being answered 429
            while (sim.stats().rateLimitedTotal() == limitedBefore && !throttled.isDone()) {
                Thread.sleep(10);
            }
            double waitedForThrottling = (System.nanoTime() - started) / 1e9;
            double together = clean(app, "together");
            boolean overlapped = !throttled.isDone();
            double throttledSeconds = throttled.get();
            Map<String, Double> after = rateLimitedByAccount(app);

            System.out.printf(Locale.ROOT, "%-55s %7.2f s (started %.2f s into %s's, which was %s)%n",
                    DEFAULT_ACCOUNT + " while " + THROTTLED + " is throttled", together, waitedForThrottling, THROTTLED,
                    overlapped ? "still running when it ended" : "OVER BEFORE IT ENDED: not measured together");
            System.out.printf(Locale.ROOT, "%-55s %7.2f s%n", THROTTLED + " (" + THROTTLED_REGION + ", throttled)", throttledSeconds);
            System.out.printf(Locale.ROOT, "ratio together / alone: %.2f (1.00 = as fast as alone)%n", together / alone);
            for (String account : List.of(DEFAULT_ACCOUNT, THROTTLED)) {
                System.out.printf(Locale.ROOT, "429 answers to %s: %.0f%n", account,
                        after.getOrDefault(account, 0.0) - before.getOrDefault(account, 0.0));
            }
        }
    }

    /** Nodes {@code firstId}.. of a deployment, created and recorded in {@code account}'s {@code region} (null: the default). */
    private static void seed(SandboxApp app, String deployment, int firstId, int nodes, String account, String region) {
        List<DemoData.Node> list = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            list.add(DemoData.node(firstId + i, deployment + "-node-" + (firstId + i), "failed"));
        }
        if (account == null) {
            DemoData.seed(app.jdbc(), app.simulator(), deployment, list, false);
            return;
        }
        DemoData.create(new Placed(app.simulator(), account, region), list, false);
        DemoData.track(app.jdbc(), deployment, list, false);
        // recorded where they live, as a provisioner writing SQL would
        String[] names = list.stream().map(DemoData.Node::name).toArray(String[]::new);
        app.jdbc().inTransaction(tx -> {
            // the server's zone is part of what it must still show to be deleted
            tx.update("UPDATE nodes SET zone = ? WHERE node_name = ANY(?)", region + "-1", names);
            for (String table : List.of("nodes", "vnic_info", "ip_reservations")) {
                tx.update("UPDATE " + table + " SET account = ?, region = ? WHERE node_name = ANY(?)", account, region, names);
            }
            tx.update("UPDATE dns_records SET account = ? WHERE node_name = ANY(?)", account, names);
            return null;
        });
    }

    private static double clean(SandboxApp app, String deployment) {
        long start = System.nanoTime();
        Reply reply = app.post("/api/cleanup/deployment/" + deployment, null, java.time.Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (reply.status() != 200) {
            throw new IllegalStateException("cleanup of " + deployment + " did not clean everything: HTTP " + reply.status() + " " + reply.body());
        }
        return seconds;
    }

    /** The service's own count of 429 answers, by account. */
    private static Map<String, Double> rateLimitedByAccount(SandboxApp app) {
        Map<String, Double> byAccount = new TreeMap<>();
        for (String line : app.get("/observe/metrics").body().split("\n")) {
            Matcher m = CALLS.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            for (String pair : m.group(1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim().replace("\"", ""));
                }
            }
            if ("429".equals(labels.get("status"))) {
                byAccount.merge(labels.get("account"), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return byAccount;
    }

    /** The simulator's resources created in one account and region. */
    private record Placed(IbmCloudSimulator sim, String account, String region) implements DemoData.Cloud {
        private Map<String, Object> at(Object... fields) {
            Map<String, Object> map = new HashMap<>();
            for (int i = 0; i < fields.length; i += 2) {
                if (fields[i + 1] != null) {
                    map.put((String) fields[i], fields[i + 1]);
                }
            }
            map.put("account", account);
            return map;
        }

        private Map<String, Object> regional(Object... fields) {
            Map<String, Object> map = at(fields);
            map.put("region", region);
            return map;
        }

        @Override
        public void createReservedIp(String subnetId, String id, String name, String address, boolean autoDelete) {
            sim.create("subnet_reserved_ip", regional("subnet_id", subnetId, "id", id, "name", name, "address", address, "auto_delete", autoDelete));
        }

        @Override
        public void createVirtualNetworkInterface(String id, String name, String subnetId, String primaryIpId, boolean autoDelete) {
            sim.create("virtual_network_interface", regional("id", id, "name", name, "subnet_id", subnetId, "primary_ip_id", primaryIpId,
                    "auto_delete", autoDelete));
        }

        @Override
        public void createBareMetalServer(String id, String name, String status, List<String> vniIds) {
            sim.create("bare_metal_server", regional("id", id, "name", name, "status", status, "vni_ids", vniIds));
        }

        @Override
        public void createDnsRecord(String instanceId, String zoneId, String id, String name, String type, String rdata) {
            sim.create("dns_record", at("instance_id", instanceId, "zone_id", zoneId, "id", id, "name", name, "type", type, "rdata", rdata));
        }
    }
}
