package com.cleanupservice.bench;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.RateLimit;
import com.cleanupservice.simulator.SimulatorStats;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Goodput under IBM's rate limit: a deployment cleanup against a simulator that admits R requests/s per API (a token
 * bucket, 429 with Retry-After beyond it). Prints the useful calls per second against R and the failed operations;
 * asserts nothing.
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.cleanupservice.bench.RateLimitBenchmark [-Dexec.args="100 40"]</pre>
 * Arguments: nodes (default 100), the limit R in requests/s for VPC and for DNS (default 40).
 */
public final class RateLimitBenchmark {
    private static final List<String> DNS_OPERATIONS = List.of("get_dns_record", "delete_dns_record", "list_dns_records");

    private RateLimitBenchmark() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        double limit = args.length > 1 ? Double.parseDouble(args[1]) : 40;
        Map<String, String> settings = Map.of("cleanup.demo.enabled", "false",
                "cleanup.simulator.bare-metal-delete-ms", "1000", "cleanup.wait.poll-interval-ms", "250",
                "cleanup.retry.budget-ms", "1500000", // the product's default budget (the test harness shortens it)
                // a deployment that is all there is: the blast-radius guard off, it is not what is measured
                "cleanup.guard.max-resources", "0", "cleanup.guard.max-percent", "0");
        try (SandboxApp app = SandboxApp.start(settings)) {
            List<DemoData.Node> deployment = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                deployment.add(DemoData.node(10 + i, "rate-node-" + (10 + i), "failed"));
            }
            DemoData.seed(app.jdbc(), app.simulator(), "rated", deployment, true);
            app.simulator().faults().add(FaultRule.latency("*", 40, 10));
            app.simulator().setRateLimit(RateLimit.vpc(limit).withDns(limit).burst((int) Math.max(1, limit)));
            app.simulator().stats().reset();

            long start = System.nanoTime();
            Reply reply = app.post("/api/cleanup/deployment/rated");
            double seconds = (System.nanoTime() - start) / 1e9;

            SimulatorStats stats = app.simulator().stats();
            long dnsCalls = DNS_OPERATIONS.stream().mapToLong(stats::count).sum();
            long dnsLimited = DNS_OPERATIONS.stream().mapToLong(stats::rateLimited).sum();
            long vpcCalls = stats.total() - dnsCalls - stats.count("create_iam_token");
            long vpcLimited = stats.rateLimitedTotal() - dnsLimited;
            double vpcGoodput = (vpcCalls - vpcLimited) / seconds;
            int failed = reply.json().path("failed_operations").asInt(-1);
            System.out.printf(Locale.ROOT, "deployment cleanup of %d nodes under a limit of %.0f requests/s per API (burst %d): HTTP %d in %.2f s%n",
                    nodes, limit, (int) Math.max(1, limit), reply.status(), seconds);
            System.out.printf(Locale.ROOT, "VPC: %d calls, %d answered 429, useful %.1f/s = %.2f of the limit%n",
                    vpcCalls, vpcLimited, vpcGoodput, vpcGoodput / limit);
            System.out.printf(Locale.ROOT, "DNS: %d calls, %d answered 429%n", dnsCalls, dnsLimited);
            System.out.printf(Locale.ROOT, "failed operations: %d%n", failed);
        }
        System.exit(0);
    }
}
