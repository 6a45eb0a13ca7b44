package com.cleanupservice.cleanup;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole deployments: every node in parallel, the deployment's own DNS records, bounded threads however many servers wait. */
class DeploymentCleanupTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() {
        // its deployments (120 to 480 resources) are all that is tracked: far over the blast-radius guard's share
        app = SandboxApp.start(Map.of("cleanup.demo.enabled", "false", "cleanup.simulator.bare-metal-delete-ms", "300",
                "cleanup.guard.max-percent", "0"));
        sim = app.simulator();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void cleansADeploymentOfTwentyNodesAndItsClusterRecord() {
        List<DemoData.Node> nodes = nodes(30, 20, "big");
        DemoData.seed(app.jdbc(), sim, "big-deployment", nodes, true);

        Reply reply = app.post("/api/cleanup/deployment/big-deployment");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("deployment_id").asText()).isEqualTo("big-deployment");
        assertThat(reply.json().get("nodes_cleaned").asInt()).isEqualTo(20);
        assertThat(reply.json().at("/summary/total_operations").asInt()).isEqualTo(20 * 13 + 1);
        assertThat(reply.json().at("/summary/success_rate").asText()).isEqualTo("100.0%");
        assertThat(reply.json().get("results")).hasSize(21);
        assertThat(reply.json().at("/results/20/resource_type").asText()).isEqualTo("cluster");
        nodes.forEach(n -> assertThat(sim.exists("bare_metal_server", n.serverId())).isFalse());
        assertThat(sim.exists("dns_record", DemoData.clusterRecord().id())).isFalse();
        assertThat(app.jdbc().rows("SELECT DISTINCT deployment_status FROM nodes WHERE deployment_id = 'big-deployment'"))
                .extracting(r -> r.get("deployment_status")).containsExactly("cleanup_completed");
    }

    @Test
    void waitingServersDoNotHoldThreads() {
        // warm up: every pool reaches its size
        DemoData.seed(app.jdbc(), sim, "warm-deployment", nodes(60, 10, "warm"), false);
        assertThat(app.post("/api/cleanup/deployment/warm-deployment").status()).isEqualTo(200);
        int baseline = ManagementFactory.getThreadMXBean().getThreadCount();
        DemoData.seed(app.jdbc(), sim, "wide-deployment", nodes(80, 40, "wide"), false);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger peak = new AtomicInteger(baseline);
        AtomicInteger sleepingInRoutes = new AtomicInteger();
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                peak.accumulateAndGet(ManagementFactory.getThreadMXBean().getThreadCount(), Math::max);
                sleepingInRoutes.accumulateAndGet(sleepingInRoutes(), Math::max);
                LockSupport.parkNanos(5_000_000);
            }
        });
        Reply reply = app.post("/api/cleanup/deployment/wide-deployment");
        running.set(false);
        sampler.join();

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        // 40 servers waited for at once: no thread ever slept in a route, and the thread count did not grow with them
        assertThat(sleepingInRoutes.get()).isZero();
        assertThat(peak.get() - baseline).isLessThan(15);
    }

    /** Threads blocked in Thread.sleep somewhere inside Camel's processors (a synchronous delay or redelivery). */
    private static int sleepingInRoutes() {
        int n = 0;
        for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
            if (stack.length > 0 && "java.lang.Thread".equals(stack[0].getClassName()) && stack[0].getMethodName().startsWith("sleep")
                    && java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith("org.apache.camel.processor"))) {
                n++;
            }
        }
        return n;
    }

    private static List<DemoData.Node> nodes(int firstId, int count, String prefix) {
        List<DemoData.Node> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(DemoData.node(firstId + i, prefix + "-node-" + (firstId + i), "failed"));
        }
        return nodes;
    }
}
