package com.cleanupservice.ownership;

import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database from before the ownership rule, holding ids tracked by two nodes: the migration reports each dispute
 * (status, failures, disputes list), blocks its deletion, and an operator settles it by naming the owner.
 */
class OwnershipDisputeTest {
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        String url = TestDatabase.freshDatabaseUrl();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("6").load().migrate();
        Jdbc old = new Jdbc(ds);
        old.update("INSERT INTO deployments (deployment_id) VALUES ('dep-a'), ('dep-b')");
        old.update("""
                INSERT INTO nodes (node_name, deployment_id, deployment_status, bare_metal_id) VALUES
                  ('node-a', 'dep-a', 'failed', 'srv-shared'),
                  ('node-b', 'dep-b', 'failed', 'srv-shared'),
                  ('node-c', 'dep-b', 'failed', 'srv-c')
                """);
        old.update("INSERT INTO vnic_info (node_name, vnic_id) VALUES ('node-a', 'id-twice'), ('node-c', 'vni-c')");
        old.update("INSERT INTO ip_reservations (node_name, reservation_id, subnet_id) VALUES ('node-b', 'id-twice', 'subnet-1')");
        app = SandboxApp.start(Map.of("cleanup.db.url", url, "cleanup.demo.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void theMigrationReportsDisputesBlocksThemAndTheOperatorSettlesThem() {
        JsonNode disputes = app.get("/api/cleanup/ownership/disputes").json();
        assertThat(disputes.get("disputed").asInt()).isEqualTo(2);
        assertThat(disputes.toString()).contains("srv-shared").contains("id-twice").contains("node-a").contains("node-b");
        assertThat(app.get("/api/cleanup/status").json().get("ownership_disputes").asInt()).isEqualTo(2);
        assertThat(app.get("/api/cleanup/status?node_name=node-b").json().get("ownership_disputes").toString()).contains("srv-shared");
        JsonNode failures = app.get("/api/cleanup/failures?node_name=node-a").json();
        assertThat(failures.toString()).contains("BLOCKED").contains("Ownership disputed").contains("srv-shared").contains("id-twice");
        assertThat(app.jdbc().rows("SELECT bare_metal_state FROM nodes WHERE node_name IN ('node-a', 'node-b')"))
                .allSatisfy(r -> assertThat(r).containsEntry("bare_metal_state", "BLOCKED"));
        assertThat(app.jdbc().rows("SELECT bare_metal_state FROM nodes WHERE node_name = 'node-c'").get(0))
                .as("undisputed rows are untouched").containsEntry("bare_metal_state", "PRESENT");

        Reply blocked = app.post("/api/cleanup/node/node-a");
        assertThat(blocked.status()).isEqualTo(207);
        assertThat(blocked.body()).contains("also tracked by node node-b");
        assertThat(app.simulator().stats().count("delete_bare_metal_server", "srv-shared")).isZero();
        assertThat(app.post("/api/nodes/node-c/resources", "{\"type\":\"virtual_network_interface\",\"id\":\"id-twice\"}").status())
                .as("a disputed id takes no third owner").isEqualTo(409);

        assertThat(app.post("/api/cleanup/ownership/srv-shared/resolve", "{\"node_name\":\"node-c\"}").status())
                .as("only a claimant can own it").isEqualTo(400);
        assertThat(app.post("/api/cleanup/ownership/srv-c/resolve", "{\"node_name\":\"node-c\"}").status())
                .as("not disputed").isEqualTo(409);
        Reply resolved = app.post("/api/cleanup/ownership/srv-shared/resolve", "{\"node_name\":\"node-b\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().at("/owner/node_name").asText()).isEqualTo("node-b");
        assertThat(resolved.json().get("released").toString()).contains("node-a");

        assertThat(app.jdbc().rows("SELECT node_name, bare_metal_state FROM nodes WHERE node_name IN ('node-a', 'node-b') ORDER BY node_name"))
                .containsExactly(Map.of("node_name", "node-a", "bare_metal_state", "RELEASED"),
                        Map.of("node_name", "node-b", "bare_metal_state", "PRESENT"));
        assertThat(app.get("/api/cleanup/ownership/disputes").json().get("disputed").asInt()).isEqualTo(1);
        assertThat(app.post("/api/nodes/node-a/resources", "{\"type\":\"bare_metal_server\",\"id\":\"srv-shared\"}").status())
                .as("the id is node-b's now").isEqualTo(409);

        Reply cleanupA = app.post("/api/cleanup/node/node-a");
        assertThat(cleanupA.body()).doesNotContain("srv-shared");
        assertThat(app.simulator().stats().count("delete_bare_metal_server", "srv-shared")).isZero();
        Reply cleanupB = app.post("/api/cleanup/node/node-b");
        assertThat(cleanupB.body()).contains("srv-shared");
        assertThat(app.simulator().stats().count("get_bare_metal_server", "srv-shared")).as("node-b's cleanup asks IBM").isPositive();
    }
}
