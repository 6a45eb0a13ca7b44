package com.cleanupservice.cleanup;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claims: one cleanup per node at a time, across requests and instances; stale leases may be taken over. On the shared
 * application, with nodes of its own (ids 20-24).
 */
@SharedSandbox
class ConcurrencyTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @Test
    void twoConcurrentCleanupsOfOneNodeGiveExactlyOne409() throws Exception {
        DemoData.Node node = seed(20, "cc-deployment-20");
        Duration delay = sim.bareMetalDeleteDelay();
        sim.setBareMetalDeleteDelay(Duration.ofMillis(1500)); // the first cleanup holds its claim meanwhile
        List<CompletableFuture<Reply>> replies;
        try {
            CountDownLatch go = new CountDownLatch(1);
            replies = List.of(
                    CompletableFuture.supplyAsync(() -> awaitThen(go, () -> app.post("/api/cleanup/node/" + node.name()))),
                    CompletableFuture.supplyAsync(() -> awaitThen(go, () -> app.post("/api/cleanup/node/" + node.id()))));
            go.countDown();
            replies.forEach(CompletableFuture::join);
        } finally {
            sim.setBareMetalDeleteDelay(delay);
        }

        List<Integer> statuses = replies.stream().map(CompletableFuture::join).map(Reply::status).sorted().toList();

        assertThat(statuses).containsExactly(200, 409);
        Reply conflict = replies.stream().map(CompletableFuture::join).filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertThat(conflict.json().get("error").asText()).contains("already running");
        assertThat(sim.stats().count("delete_bare_metal_server", node.serverId())).isEqualTo(1);
    }

    @Test
    void aStaleLeaseOfACrashedInstanceIsTakenOverAFreshOneIsNot() {
        DemoData.Node stale = seed(21, "cc-deployment-21");
        DemoData.Node fresh = seed(22, "cc-deployment-22");
        app.jdbc().update("""
                UPDATE nodes SET deployment_status = 'cleanup_in_progress', cleanup_owner = 'crashed-instance',
                       cleanup_claimed_at = now() - interval '1 hour' WHERE node_name = ?""", stale.name());
        app.jdbc().update("""
                UPDATE nodes SET deployment_status = 'cleanup_in_progress', cleanup_owner = 'other-instance',
                       cleanup_claimed_at = now() WHERE node_name = ?""", fresh.name());

        assertThat(app.post("/api/cleanup/node/" + stale.name()).status()).isEqualTo(200);
        Reply refused = app.post("/api/cleanup/node/" + fresh.name());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(sim.exists("bare_metal_server", fresh.serverId())).isTrue();
        assertThat(app.jdbc().rows("SELECT cleanup_owner FROM nodes WHERE node_name = ?", fresh.name()).get(0))
                .containsEntry("cleanup_owner", "other-instance");
    }

    @Test
    void aDeploymentIsClaimedWhollyOrNotAtAll() {
        DemoData.Node free = DemoData.node(23, "cc-node-23", "failed");
        DemoData.Node live = DemoData.node(24, "cc-node-24", "deployed");
        DemoData.seed(app.jdbc(), sim, "cc-two-nodes", List.of(free, live), false);

        Reply refused = app.post("/api/cleanup/deployment/cc-two-nodes");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().at("/refused_nodes/0/node_name").asText()).isEqualTo(live.name());
        assertThat(app.jdbc().rows("SELECT deployment_status FROM nodes WHERE node_name = ?", free.name()).get(0))
                .as("the claim of the free node was rolled back").containsEntry("deployment_status", "failed");
        assertThat(sim.stats().count("delete_bare_metal_server", free.serverId())).isZero();

        Reply forced = app.post("/api/cleanup/deployment/cc-two-nodes?force=true");
        assertThat(forced.status()).as(forced.body()).isEqualTo(200);
        assertThat(forced.json().get("nodes_cleaned").asInt()).isEqualTo(2);
    }

    private static DemoData.Node seed(int id, String deployment) {
        DemoData.Node node = DemoData.node(id, "cc-node-" + id, "failed");
        DemoData.seed(app.jdbc(), sim, deployment, List.of(node), false);
        return node;
    }

    private static <T> T awaitThen(CountDownLatch latch, java.util.function.Supplier<T> action) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return action.get();
    }
}
