package com.cleanupservice.bench;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much faster a deployment cleanup is with bounded parallel IBM calls than with one call at a time (the baseline,
 * measured in the same run on the same machine). The simulator adds IBM-like latency to every call and keeps servers
 * "deleting" for a while. The same nodes cleaned as a batch ({@code cleanup_nodes}) should be as fast as the deployment
 * cleanup: both feed the same IBM call pools. Prints the figures; asserts nothing.
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.cleanupservice.bench.DeploymentBenchmark [-Dexec.args="30 40"]</pre>
 * Arguments: nodes per deployment (default 30), simulated call latency in ms (default 40).
 */
public final class DeploymentBenchmark {
    private DeploymentBenchmark() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int latencyMs = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        System.out.printf(Locale.ROOT, "deployment cleanup: %d nodes x 13 operations, %d ms (+/-10) per IBM call, servers deleting for 1 s%n",
                nodes, latencyMs);
        Result baseline = run("baseline: 1 call at a time per API", nodes, latencyMs, 1, false);
        Result product = run("product: default concurrency (8 per API)", nodes, latencyMs, 8, false);
        Result batch = run("batch cleanup_nodes of the same nodes (8 per API)", nodes, latencyMs, 8, true);
        System.out.printf(Locale.ROOT, "speed-up: %.1fx (baseline %.2f s / product %.2f s)%n",
                baseline.seconds / product.seconds, baseline.seconds, product.seconds);
        System.out.printf(Locale.ROOT, "batch / deployment: %.2f (batch %.2f s, deployment %.2f s; 1.00 = as fast)%n",
                product.seconds / batch.seconds, batch.seconds, product.seconds);
        System.exit(0);
    }

    private record Result(double seconds, int operations, long calls) {
    }

    private static Result run(String label, int nodes, int latencyMs, int concurrency, boolean asBatch) {
        Map<String, String> settings = Map.of("cleanup.demo.enabled", "false",
                "cleanup.concurrency.vpc", String.valueOf(concurrency), "cleanup.concurrency.dns", String.valueOf(concurrency),
                "cleanup.simulator.bare-metal-delete-ms", "1000", "cleanup.wait.poll-interval-ms", "250",
                // a deployment that is all there is: the blast-radius guard off, it is not what is measured
                "cleanup.guard.max-resources", "0", "cleanup.guard.max-percent", "0");
        try (SandboxApp app = SandboxApp.start(settings)) {
            List<DemoData.Node> deployment = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                deployment.add(DemoData.node(10 + i, "bench-node-" + (10 + i), "failed"));
            }
            DemoData.seed(app.jdbc(), app.simulator(), "bench", deployment, true);
            app.simulator().faults().add(FaultRule.latency("*", latencyMs, 10));
            app.simulator().stats().reset();

            long start = System.nanoTime();
            Reply reply = asBatch
                    ? app.post("/api/cleanup/batch", "{\"operation\":\"cleanup_nodes\",\"targets\":["
                            + String.join(",", deployment.stream().map(n -> "\"" + n.name() + "\"").toList()) + "]}")
                    : app.post("/api/cleanup/deployment/bench");
            double seconds = (System.nanoTime() - start) / 1e9;

            if (reply.status() != 200) {
                throw new IllegalStateException(label + " did not clean everything: HTTP " + reply.status());
            }
            int operations = asBatch ? nodes * 13 : reply.json().at("/summary/total_operations").asInt();
            long calls = app.simulator().stats().total();
            System.out.printf(Locale.ROOT, "%-45s %7.2f s  %4d operations  %5d IBM calls  %6.1f operations/s%n",
                    label, seconds, operations, calls, operations / seconds);
            return new Result(seconds, operations, calls);
        }
    }
}
