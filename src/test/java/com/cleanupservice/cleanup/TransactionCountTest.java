package com.cleanupservice.cleanup;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorOptions;
import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.TestDatabase;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a cleanup costs the database: at most one writing transaction per resource on the hot path, plus a few per node
 * and per run. Counted by PostgreSQL itself: every transaction that writes or locks a row gets a transaction id, and the
 * snapshot's {@code xmax} (the next id to assign, once nothing is in flight) moves by exactly the number of such
 * transactions, at once (the {@code pg_stat_database} counters of PostgreSQL 14 arrive late). Read-only statements
 * (the loads, the ownership check) take no id and are not counted. Nothing else may write meanwhile: the simulator
 * runs in memory here (the sandbox's persists its state in the same database), and the instance's periodic writers
 * (lease renewals, the close of abandoned runs, the run queue) are stopped; Quartz does not start in tests.
 */
class TransactionCountTest {
    /** Snapshot xmax: the next transaction id to assign, when no writing transaction is in flight. */
    private static final String NEXT_XID = "SELECT CAST(pg_snapshot_xmax(pg_current_snapshot()) AS TEXT)";
    /**
     * A node's writing transactions besides its resources': the run created, the claim, the plan (rows DELETING,
     * the run's total), the release (status, progress), the run finished.
     */
    private static final int PER_NODE = 5;
    private static final Map<String, String> STATES = Map.of(
            "vnic_info", "SELECT state FROM vnic_info WHERE node_name = ?",
            "ip_reservations", "SELECT state FROM ip_reservations WHERE node_name = ?",
            "dns_records", "SELECT state FROM dns_records WHERE node_name = ?");

    private static IbmCloudSimulator sim;
    private static SandboxApp app;

    @BeforeAll
    static void start() throws Exception {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(Duration.ofMillis(200)));
        Map<String, String> settings = SandboxApp.against(sim, null, null);
        // a DELETE left unanswered is given up, and tried again, within a test's patience
        settings.put("cleanup.ibm.read-timeout-ms", "1000");
        app = SandboxApp.start(settings);
        // the periodic writers (a renewal writes once per lease held; the status counters' fold once a second, however
        // many nodes changed) stop here: nothing but the cleanup writes
        for (String timer : List.of("lease-renewal", "close-abandoned-runs", "run-queue", "compact-node-status-counts")) {
            app.context().getRouteController().stopRoute(timer);
        }
        // nor may PostgreSQL's own autovacuum: its ANALYZE of another test class's busy tables takes transaction ids
        // from the same counter (the embedded server is shared by every test class of the JVM); it counted 4 of 21
        autovacuum(false);
    }

    @AfterAll
    static void stop() {
        autovacuum(true);
        app.close();
        sim.close();
    }

    private static void autovacuum(boolean on) {
        try (Connection c = TestDatabase.server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET autovacuum = " + (on ? "on" : "off"));
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // a worker already running finishes its table; a reload reaches the launcher at once, new workers see it
        Await.until("autovacuum " + (on ? "on" : "off"), () -> app.jdbc().rows("SHOW autovacuum").get(0)
                .containsValue(on ? "on" : "off") && (on || app.jdbc().rows(
                "SELECT 1 FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'").isEmpty()));
    }

    @Test
    void aNodeCleanupWritesOncePerResourcePlusAFewPerNode() {
        // the transaction ids are the embedded server's, shared with every application of this JVM (the shared one's
        // clustered Quartz checks in on a timer): another's write may fall into the window, never out of it, so the
        // fewest of up to three cleanups is this one's own count
        long fewest = Long.MAX_VALUE;
        int resources = 0;
        for (int attempt = 0; attempt < 3 && fewest > (long) resources + PER_NODE; attempt++) {
            DemoData.Node node = DemoData.node(30 + attempt, "tx-count-node-" + (30 + attempt), "failed");
            DemoData.seed(app.jdbc(), sim, "tx-count-node-" + attempt, List.of(node), false);
            resources = node.resourceCount();

            long before = nextXid();
            Reply reply = app.post("/api/cleanup/node/" + node.id());
            long transactions = nextXid() - before;

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().at("/summary/successful_operations").asInt()).isEqualTo(resources + 1);
            System.out.printf("node cleanup of %d resources: %d writing transactions (%.2f per resource)%n",
                    resources, transactions, transactions / (double) resources);
            assertRunCounted(reply.json().get("run_id").asText(), resources + 1);
            fewest = Math.min(fewest, transactions);
        }
        assertThat(fewest).as("writing transactions for %d resources", resources).isLessThanOrEqualTo(resources + PER_NODE);
    }

    @Test
    void aDeploymentCleanupWritesOncePerResourcePlusAFewPerNode() {
        List<DemoData.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(DemoData.node(40 + i, "tx-count-node-" + (40 + i), "failed"));
        }
        DemoData.seed(app.jdbc(), sim, "tx-count", nodes, false);
        int resources = nodes.stream().mapToInt(DemoData.Node::resourceCount).sum();

        long before = nextXid();
        Reply reply = app.post("/api/cleanup/deployment/tx-count");
        long transactions = nextXid() - before;

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        System.out.printf("deployment cleanup of %d nodes, %d resources: %d writing transactions (%.2f per resource)%n",
                nodes.size(), resources, transactions, transactions / (double) resources);
        // per node: plan, release; per run: created, every node claimed at once, the deployment's own plan, finished
        assertThat(transactions).as("writing transactions for %d resources", resources)
                .isLessThanOrEqualTo(resources + 2L * nodes.size() + 4);
        assertRunCounted(reply.json().get("run_id").asText(), resources + nodes.size());
    }

    /**
     * What the one transaction per plan keeps: a crash mid-delete leaves a visible trace. While IBM holds the first
     * DELETE of the server's lane, every row of the plan is already DELETING (those behind the server too), none PRESENT.
     */
    @Test
    void everyRowOfAPlanIsDeletingBeforeItsFirstDelete() throws Exception {
        DemoData.Node node = DemoData.node(50, "tx-count-node-50", "failed");
        DemoData.seed(app.jdbc(), sim, "tx-count-hang", List.of(node), false);
        sim.faults().add(FaultRule.hang("delete_bare_metal_server").resourceId(node.serverId()).times(1));

        CompletableFuture<Reply> cleanup = CompletableFuture.supplyAsync(() -> app.post("/api/cleanup/node/" + node.id()));
        Await.until("the server's DELETE is in flight", () -> sim.stats().count("delete_bare_metal_server", node.serverId()) > 0);

        assertThat(app.jdbc().rows("SELECT bare_metal_state FROM nodes WHERE id = ?", node.id()).get(0))
                .containsEntry("bare_metal_state", "DELETING");
        for (String table : List.of("vnic_info", "ip_reservations")) {
            assertThat(states(table, node)).as(table).hasSizeGreaterThan(1).containsOnly("DELETING");
        }
        // the DNS lanes do not wait for the server: theirs may be done already
        assertThat(states("dns_records", node)).isNotEmpty().doesNotContain("PRESENT");

        Reply reply = cleanup.get();
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        for (String table : List.of("vnic_info", "ip_reservations", "dns_records")) {
            assertThat(states(table, node)).as(table).containsOnly("GONE");
        }
    }

    private static List<Object> states(String table, DemoData.Node node) {
        return app.jdbc().rows(STATES.get(table), node.name()).stream().map(r -> r.get("state")).toList();
    }

    /** The run's progress adds up: every operation counted once, and as many done as planned. */
    private static void assertRunCounted(String runId, int operations) {
        Map<String, Object> run = app.jdbc().rows("SELECT total, done FROM cleanup_runs WHERE run_id = CAST(? AS UUID)", runId).get(0);
        assertThat(run).containsEntry("total", operations).containsEntry("done", operations);
    }

    private static long nextXid() {
        return app.jdbc().one(NEXT_XID, rs -> Long.parseLong(rs.getString(1))).orElseThrow();
    }
}
