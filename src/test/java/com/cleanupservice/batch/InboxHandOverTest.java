package com.cleanupservice.batch;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorOptions;
import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one database and one IBM Cloud watching one directory. The first is running a batch file, slowly
 * (one IBM call at a time, slow answers: more than its stop may wait for), when it is stopped (what SIGTERM does:
 * camel-main stops the context): it hands the file back with the nodes it holds, writes nothing for it, and the second
 * runs the file at its next poll — not a lease later — to its end, once: one result, the request in {@code .done}, no
 * error file, every resource deleted once.
 */
class InboxHandOverTest {
    private static final int NODES = 12;

    @TempDir
    Path root;
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
    void aFileBeingRunWhenItsInstanceStopsIsRunOnceByAnotherInstanceAtItsNextPoll() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(Duration.ofSeconds(1)));
        sim.faults().add(FaultRule.latency("*", 250, 50));
        InboxDirs dirs = InboxDirs.under(root);
        String db = TestDatabase.freshDatabaseUrl();
        first = SandboxApp.start(settings(dirs, db, "instance-a", 1));
        List<DemoData.Node> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(DemoData.node(200 + i, "inbox-drain-node-%02d".formatted(i), "failed"));
        }
        DemoData.seed(first.jdbc(), sim, "inbox-drain", nodes, false);

        dirs.drop("drain.json", InboxDirs.cleanupNodes(nodes.stream().map(DemoData.Node::name).toArray(String[]::new)));
        Await.until("the first instance runs the file", () -> count(first, "SELECT COUNT(*) AS n FROM cleanup_operations") > 0);
        second = SandboxApp.start(settings(dirs, db, "instance-b", 8));
        assertThat(count(second, "SELECT COUNT(*) AS n FROM CAMEL_MESSAGEPROCESSED WHERE in_progress AND epoch = 1"))
                .as("the file is still the first instance's").isEqualTo(1);

        Instant stopping = Instant.now();
        first.close();
        Duration stopped = Duration.between(stopping, Instant.now());
        first = null;
        sim.faults().replace(List.of(FaultRule.latency("*", 30, 10)));
        JsonNode result = dirs.awaitResult("drain.json");
        Duration done = Duration.between(stopping, Instant.now());
        System.out.printf("InboxHandOverTest: the first instance stopped in %d ms; the file's result written by the second %d ms "
                + "after the stop began%n", stopped.toMillis(), done.toMillis());

        assertThat(done).as("taken at the next poll, not after the lease").isLessThan(Duration.ofSeconds(45));
        assertThat(result.get("successful_operations").asInt()).as(result.toString()).isEqualTo(NODES);
        assertThat(dirs.list(dirs.outbox())).containsExactly("drain.json.result.json");
        assertThat(dirs.list(dirs.inbox().resolve(".done"))).containsExactly("drain.json");
        assertThat(dirs.list(dirs.inbox().resolve(".error"))).isEmpty();
        // let go by the first (handed back, or forgotten by its rollback when its batch broke off first), then done
        assertThat(second.jdbc().rows("SELECT in_progress FROM CAMEL_MESSAGEPROCESSED")).containsExactly(Map.of("in_progress", false));
        assertThat(second.jdbc().rows("SELECT DISTINCT state FROM cleanup_runs WHERE trigger = 'inbox' AND error IS NOT NULL"))
                .as("the first instance's runs that were under way").containsExactly(Map.of("state", "abandoned"));
        assertThat(count(second, "SELECT COUNT(*) AS n FROM nodes WHERE deployment_status <> 'cleanup_completed'")).isZero();
        assertThat(count(second, "SELECT COUNT(*) AS n FROM nodes WHERE next_auto_retry_at IS NOT NULL"))
                .as("re-run by the file, not left to an automatic retry that could race it").isZero();
        for (DemoData.Node node : nodes) {
            assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();
            assertThat(sim.stats().accepted("delete_bare_metal_server", node.serverId())).as(node.name()).isEqualTo(1);
            for (String vni : List.of(node.mgmtVniId(), node.workloadVniId())) {
                assertThat(sim.stats().accepted("delete_virtual_network_interface", vni)).as(vni).isLessThanOrEqualTo(1);
            }
            node.ips().forEach(ip -> assertThat(sim.stats().accepted("delete_subnet_reserved_ip", ip.id())).as(ip.id()).isLessThanOrEqualTo(1));
            node.records().forEach(r -> assertThat(sim.stats().accepted("delete_dns_record", r.id())).as(r.id()).isEqualTo(1));
        }
    }

    private Map<String, String> settings(InboxDirs dirs, String db, String instance, int ibmConcurrency) {
        Map<String, String> settings = SandboxApp.against(sim, db, instance);
        settings.putAll(dirs.settings());
        // the file's 12 nodes (144 resources) are all there is: over the blast-radius guard's share
        settings.put("cleanup.guard.max-percent", "0");
        settings.put("cleanup.wait.poll-interval-ms", "250");
        settings.put("cleanup.concurrency.vpc", String.valueOf(ibmConcurrency));
        settings.put("cleanup.concurrency.dns", String.valueOf(ibmConcurrency));
        return settings;
    }

    private static long count(SandboxApp app, String sql) {
        return ((Number) app.jdbc().rows(sql).get(0).get("n")).longValue();
    }
}
