package com.cleanupservice.shutdown;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorOptions;
import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What nobody resumes is not left for a lease either. A synchronous deployment cleanup is under way on one instance,
 * slowly (one IBM call at a time, slow answers: more than its stop may wait for), when it stops (what SIGTERM does:
 * camel-main stops the context): its run is closed as abandoned at once, its nodes released as cleanup_failed with an
 * automatic retry due at once, and the other instance's next follow-up cleans them, each resource deleted once.
 */
class DrainTest {
    private static final int NODES = 8;

    private IbmCloudSimulator sim;
    private SandboxApp first;
    private SandboxApp second;

    @AfterEach
    void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aSynchronousCleanupCutShortIsClosedAndItsNodesAreRetriedByAnotherInstanceAtOnce() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(Duration.ofMillis(500)));
        sim.faults().add(FaultRule.latency("*", 400, 50));
        String db = TestDatabase.freshDatabaseUrl();
        Map<String, String> settings = settings(db, "instance-a");
        settings.put("cleanup.concurrency.vpc", "1");
        settings.put("cleanup.concurrency.dns", "1");
        first = SandboxApp.start(settings);
        List<DemoData.Node> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(DemoData.node(300 + i, "sync-drain-node-%02d".formatted(i), "failed"));
        }
        DemoData.seed(first.jdbc(), sim, "sync-drain", nodes, false);
        SandboxApp instanceA = first;
        // the caller waits for its answer; the instance stops under it
        CompletableFuture<Integer> answered = CompletableFuture.supplyAsync(() -> instanceA.post("/api/cleanup/deployment/sync-drain").status());
        Await.until("the cleanup is under way", () -> count("SELECT COUNT(*) AS n FROM cleanup_operations") > 0);
        Map<String, String> successor = settings(db, "instance-b");
        successor.put("cleanup.followup.enabled", "true");
        successor.put("cleanup.followup.interval-ms", "200");
        second = SandboxApp.start(successor);
        String runId = (String) first.jdbc().rows("SELECT CAST(run_id AS VARCHAR) AS id FROM cleanup_runs WHERE kind = 'deployment'").get(0).get("id");

        Instant stopping = Instant.now();
        first.close();
        first = null;
        sim.faults().replace(List.of(FaultRule.latency("*", 30, 10)));
        Map<String, Object> run = second.jdbc().rows("SELECT state, error FROM cleanup_runs WHERE run_id = CAST(? AS UUID)", runId).get(0);
        Await.until("every node cleaned by the other instance", () -> count(
                "SELECT COUNT(*) AS n FROM nodes WHERE deployment_id = 'sync-drain' AND deployment_status = 'cleanup_completed'") == NODES);
        Duration done = Duration.between(stopping, Instant.now());
        System.out.printf("DrainTest: the synchronous run's nodes all cleaned by the other instance %d ms after the stop began "
                + "(follow-up every 200 ms); its caller was answered HTTP %d%n", done.toMillis(), answered.join());

        assertThat(run).as("closed at once, not a lease later").containsEntry("state", "abandoned");
        assertThat((String) run.get("error")).contains("instance-a").contains("shut down");
        assertThat(second.jdbc().rows("SELECT DISTINCT trigger FROM cleanup_runs WHERE kind = 'node' AND state = 'completed'"))
                .as("cleaned by automatic retries").containsExactly(Map.of("trigger", "auto_retry"));
        assertThat(answered.join()).as("the caller is answered before the instance is gone").isNotNull();
        for (DemoData.Node node : nodes) {
            assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();
            assertThat(sim.stats().accepted("delete_bare_metal_server", node.serverId())).as(node.name()).isEqualTo(1);
            node.records().forEach(r -> assertThat(sim.stats().accepted("delete_dns_record", r.id())).as(r.id()).isEqualTo(1));
            node.ips().forEach(ip -> assertThat(sim.stats().accepted("delete_subnet_reserved_ip", ip.id())).as(ip.id()).isLessThanOrEqualTo(1));
        }
    }

    @Test
    void whileItDrainsAnInstanceIsNotReadyButLiveAnswersReadsAndRefusesChanges() {
        first = SandboxApp.start();
        assertThat(first.get("/observe/health/ready").status()).isEqualTo(200);

        first.context().getRegistry().lookupByNameAndType("leases", com.cleanupservice.lease.Leases.class).close();

        SandboxApp.Reply ready = first.get("/observe/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body()).contains("draining");
        assertThat(first.get("/observe/health/live").status()).as("not wedged: no restart").isEqualTo(200);
        assertThat(first.get("/api/cleanup/status").status()).as("reads are answered").isEqualTo(200);
        SandboxApp.Reply refused = first.post("/api/cleanup/node/1?async=true");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.json().get("error").asText()).contains("shutting down");
        assertThat(refused.json().get("shutting_down").asBoolean()).isTrue();
        assertThat(first.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": [\"1\"]}").status()).isEqualTo(503);
        assertThat(first.jdbc().rows("SELECT run_id FROM cleanup_runs")).as("nothing started").isEmpty();
    }

    private Map<String, String> settings(String db, String instance) {
        Map<String, String> settings = SandboxApp.against(sim, db, instance);
        settings.put("cleanup.wait.poll-interval-ms", "250");
        return settings;
    }

    private long count(String sql) {
        SandboxApp app = second != null ? second : first;
        return ((Number) app.jdbc().rows(sql).get(0).get("n")).longValue();
    }
}
