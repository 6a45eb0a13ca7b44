package com.cleanupservice.bench;

import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * GET /api/cleanup/status at scale: the real service (SandboxApp, embedded PostgreSQL) over {@code nodes} nodes in
 * deployments of 100, a fifth of them with a VNI and a reserved IP, a tenth with a DNS record. Measures {@code requests}
 * sequential requests of each view after a warm-up, and, straight over JDBC, the overall count read from the counters
 * against the GROUP BY over every node it replaced. Prints p50/p99 in ms; asserts nothing.
 *
 * <pre>nice mvn -q -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.cleanupservice.bench.StatusBenchmark [-Dexec.args="1000000 2000"]</pre>
 */
public final class StatusBenchmark {
    private static final int NODES_PER_DEPLOYMENT = 100;
    private static final int WARM_UP = 300;
    private static final String[] STATUSES = Arrays.stream(NodeStatus.values()).map(NodeStatus::value).toArray(String[]::new);

    /** The fixture's rows; ids and names are derived from the row number, so every view can pick any of them. */
    private static final String LOAD_DEPLOYMENTS = """
            INSERT INTO deployments (deployment_id, name) SELECT 'bench-d' || d, 'bench ' || d FROM generate_series(1, ?) d
            """;
    private static final String LOAD_NODES = """
            INSERT INTO nodes (node_name, deployment_id, deployment_status, bare_metal_id, zone)
            SELECT 'bench-n' || i, 'bench-d' || (1 + (i - 1) / ?), (?::text[])[1 + i % cardinality(?::text[])],
                   'bench-bm-' || i, 'us-south-1'
              FROM generate_series(1, ?) i
            """;
    private static final String LOAD_VNIS = """
            INSERT INTO vnic_info (node_name, vnic_name, vnic_id, vnic_type, state)
            SELECT 'bench-n' || i, 'bench-vni-' || i, 'bench-vni-' || i, 'management', (ARRAY['PRESENT', 'GONE'])[1 + i % 2]
              FROM generate_series(1, ?, 5) i
            """;
    private static final String LOAD_RESERVED_IPS = """
            INSERT INTO ip_reservations (node_name, ip_type, reservation_id, state)
            SELECT 'bench-n' || i, 'management', 'bench-rip-' || i, (ARRAY['PRESENT', 'GONE'])[1 + i % 2]
              FROM generate_series(1, ?, 5) i
            """;
    private static final String LOAD_DNS_RECORDS = """
            INSERT INTO dns_records (node_name, record_name, record_type, record_id)
            SELECT 'bench-n' || i, 'n' || i || '.example', 'A', 'bench-dns-' || i FROM generate_series(1, ?, 10) i
            """;
    /**
     * The ownership and reopen triggers claim each id and touch its node, row by row (minutes for a million rows);
     * they matter to what is recorded later, not to what status reads, so the fixture goes in without them. The status
     * counters' triggers stay on: the counts the service reads are the ones they kept during the load.
     */
    private static final List<String> FIXTURE_TRIGGERS = List.of(
            "ALTER TABLE nodes %s TRIGGER nodes_claim_ownership",
            "ALTER TABLE vnic_info %s TRIGGER vnic_info_claim_ownership", "ALTER TABLE vnic_info %s TRIGGER vnic_info_reopen_node",
            "ALTER TABLE ip_reservations %s TRIGGER ip_reservations_claim_ownership",
            "ALTER TABLE ip_reservations %s TRIGGER ip_reservations_reopen_node",
            "ALTER TABLE dns_records %s TRIGGER dns_records_claim_ownership", "ALTER TABLE dns_records %s TRIGGER dns_records_reopen_node");
    /** What CleanupStatus.overall ran before V14. */
    private static final String GROUP_BY = "SELECT deployment_status, COUNT(*) AS n FROM nodes GROUP BY deployment_status ORDER BY deployment_status";
    private static final String COUNTERS = """
            SELECT deployment_status, SUM(n) AS n FROM node_status_counts
             GROUP BY deployment_status HAVING SUM(n) <> 0 ORDER BY deployment_status
            """;

    private StatusBenchmark() {
    }

    /** Milliseconds at the 50th and 99th percentile. */
    public record Percentiles(double p50, double p99) {
        static Percentiles of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Percentiles(at(sorted, 0.50), at(sorted, 0.99));
        }

        private static double at(long[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms", p50, p99);
        }
    }

    /** The figures of one run: the three views over HTTP, the overall count's two queries over JDBC. */
    public record Figures(long nodes, int requests, double loadSeconds, Percentiles overall, Percentiles nodeView,
                          Percentiles deploymentView, Percentiles countersSql, Percentiles groupBySql) {
        public List<String> lines() {
            return List.of(
                    String.format(Locale.ROOT, "status benchmark: %,d nodes (loaded in %.1f s), %d sequential requests each", nodes, loadSeconds, requests),
                    "GET /api/cleanup/status                     " + overall,
                    "GET /api/cleanup/status?node_name=...       " + nodeView,
                    "GET /api/cleanup/status?deployment_id=...   " + deploymentView,
                    "overall counts, JDBC, counters (V14)        " + countersSql,
                    "overall counts, JDBC, GROUP BY (before V14) " + groupBySql);
        }
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        run(nodes, requests).lines().forEach(System.out::println);
        System.exit(0);
    }

    /** Starts the service on a fresh database, loads it, measures, stops it. */
    public static Figures run(int nodes, int requests) {
        try (SandboxApp app = SandboxApp.start(Map.of("cleanup.demo.enabled", "false"))) {
            Jdbc jdbc = app.jdbc();
            long start = System.nanoTime();
            load(jdbc, nodes);
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            int deployments = (nodes + NODES_PER_DEPLOYMENT - 1) / NODES_PER_DEPLOYMENT;
            Random random = new Random(42);

            Percentiles overall = measure(requests, i -> ok(app.get("/api/cleanup/status")));
            Percentiles node = measure(requests, i -> ok(app.get("/api/cleanup/status?node_name=bench-n" + (1 + random.nextInt(nodes)))));
            Percentiles deployment = measure(requests,
                    i -> ok(app.get("/api/cleanup/status?deployment_id=bench-d" + (1 + random.nextInt(deployments)))));
            Percentiles counters = measure(requests, i -> jdbc.rows(COUNTERS));
            Percentiles groupBy = measure(Math.max(1, requests / 10), i -> jdbc.rows(GROUP_BY)); // ~100x slower
            return new Figures(nodes, requests, loadSeconds, overall, node, deployment, counters, groupBy);
        }
    }

    private static void load(Jdbc jdbc, int nodes) {
        FIXTURE_TRIGGERS.forEach(sql -> jdbc.update(sql.formatted("DISABLE")));
        jdbc.update(LOAD_DEPLOYMENTS, (nodes + NODES_PER_DEPLOYMENT - 1) / NODES_PER_DEPLOYMENT);
        jdbc.update(LOAD_NODES, NODES_PER_DEPLOYMENT, STATUSES, STATUSES, nodes);
        jdbc.update(LOAD_VNIS, nodes);
        jdbc.update(LOAD_RESERVED_IPS, nodes);
        jdbc.update(LOAD_DNS_RECORDS, nodes);
        FIXTURE_TRIGGERS.forEach(sql -> jdbc.update(sql.formatted("ENABLE")));
        jdbc.update("VACUUM ANALYZE"); // as autovacuum would have after a load: statistics, visibility map
    }

    private static void ok(Reply reply) {
        if (reply.status() != 200) {
            throw new IllegalStateException("HTTP " + reply.status() + ": " + reply.body());
        }
    }

    private static Percentiles measure(int requests, IntConsumer request) {
        for (int i = 0; i < Math.min(WARM_UP, Math.max(1, requests / 10)); i++) {
            request.accept(i);
        }
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            request.accept(i);
            nanos[i] = System.nanoTime() - start;
        }
        return Percentiles.of(nanos);
    }
}
