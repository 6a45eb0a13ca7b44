package com.cleanupservice;

import com.cleanupservice.simulator.SimulatorStats;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default place across a restart with another {@code cleanup.ibm.region} (issue 24): the rows recorded without a
 * place before it keep the region they were recorded in — their cleanup calls that region's endpoint and deletes them
 * there, rather than asking the new default's, where IBM answers 404 and they would be called gone — and a row recorded
 * without a place after it is the new default's.
 */
class DefaultPlaceStartTest {
    private static final List<String> DELETES = List.of("delete_bare_metal_server", "delete_virtual_network_interface",
            "delete_subnet_reserved_ip");

    @Test
    void rowsRecordedWithoutAPlaceKeepTheirRegionWhenTheDefaultRegionChanges() {
        String db = TestDatabase.freshDatabaseUrl();
        try (SandboxApp first = SandboxApp.start(Map.of("cleanup.db.url", db, "cleanup.demo.enabled", "false"))) {
            createAndRecord(first, "dp-old", null);
        }

        try (SandboxApp second = SandboxApp.start(Map.of("cleanup.db.url", db, "cleanup.demo.enabled", "false",
                "cleanup.ibm.region", "eu-de"))) {
            assertThat(second.jdbc().rows("SELECT account, region FROM nodes WHERE node_name = 'dp-old-node'")).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("account", "sandbox").containsEntry("region", "us-south"));
            assertThat(second.jdbc().rows("SELECT account, region FROM default_place")).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("account", "sandbox").containsEntry("region", "eu-de"));
            createAndRecord(second, "dp-new", "eu-de");
            assertThat(second.jdbc().rows("SELECT account, region FROM vnic_info WHERE node_name = 'dp-new-node'")).singleElement()
                    .as("recorded without a place: the new default's").satisfies(r -> assertThat(r)
                            .containsEntry("account", null).containsEntry("region", null));
            SimulatorStats stats = second.simulator().stats();

            Reply old = second.post("/api/cleanup/deployment/dp-old");
            assertThat(old.status()).as(old.body()).isEqualTo(200);
            Reply fresh = second.post("/api/cleanup/deployment/dp-new");
            assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);

            for (String op : DELETES) {
                assertThat(stats.countIn("us-south", "sandbox", op)).as("us-south " + op + ": the old rows where they live").isEqualTo(1);
                assertThat(stats.countIn("eu-de", "sandbox", op)).as("eu-de " + op + ": the new rows").isEqualTo(1);
            }
            for (String name : List.of("dp-old", "dp-new")) {
                assertThat(second.simulator().exists("bare_metal_server", name + "-srv")).as(name + "-srv").isFalse();
                assertThat(second.simulator().exists("virtual_network_interface", name + "-vni")).as(name + "-vni").isFalse();
                assertThat(second.simulator().exists("subnet_reserved_ip", name + "-ip")).as(name + "-ip").isFalse();
            }
        }
    }

    /** A node with a server, a VNI and a reserved IP, created in the simulator in {@code region} (null: its default), recorded with no place. */
    private static void createAndRecord(SandboxApp app, String deployment, String region) {
        String place = region == null ? "" : ", \"region\": \"" + region + "\"";
        String name = deployment;
        simCreate(app, "{\"kind\": \"bare_metal_server\", \"id\": \"" + name + "-srv\"" + place + "}");
        simCreate(app, "{\"kind\": \"virtual_network_interface\", \"id\": \"" + name + "-vni\", \"subnet_id\": \"" + name + "-subnet\"" + place + "}");
        simCreate(app, "{\"kind\": \"subnet_reserved_ip\", \"id\": \"" + name + "-ip\", \"subnet_id\": \"" + name + "-subnet\"" + place + "}");
        Reply registered = app.post("/api/nodes", "{\"node_name\": \"" + name + "-node\", \"deployment_id\": \"" + deployment
                + "\", \"deployment_status\": \"failed\", \"bare_metal_id\": \"" + name + "-srv\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        record(app, name + "-node", "{\"type\": \"virtual_network_interface\", \"id\": \"" + name + "-vni\"}");
        record(app, name + "-node", "{\"type\": \"subnet_reserved_ip\", \"id\": \"" + name + "-ip\", \"subnet_id\": \"" + name + "-subnet\"}");
    }

    private static void record(SandboxApp app, String node, String json) {
        Reply recorded = app.post("/api/nodes/" + node + "/resources", json);
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    }

    private static void simCreate(SandboxApp app, String json) {
        Reply created = app.send(HttpRequest.newBuilder(URI.create(app.simulator().baseUrl() + "/sim/resources"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
}
