package com.cleanupservice.provisioner;

import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorStats;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows carry their region and account (issue 24): a deployment with a node in eu-de of sandbox-2 and one in the
 * default place, resources created in the simulator in those places and recorded with them, is cleaned by one
 * deployment cleanup, each call at the row's own endpoint with its account's token; a place that is not configured is
 * refused when recorded; a protected account's rows refuse the cleanup before any call.
 */
class PlacedRowsTest {
    private static final String EU = "eu-de";
    private static final String SECOND = "sandbox-2";
    private static final String DEFAULT_REGION = "us-south";
    private static final String DEFAULT_ACCOUNT = "sandbox";

    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() {
        app = SandboxApp.start();
        sim = app.simulator();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** The resources of one node created in the simulator where it lives (account, region null: the default). */
    private record PlacedNode(String name, String server, String vni, String ip, String fip, String record) {
        List<String> deletions() {
            return List.of("delete_bare_metal_server", "delete_virtual_network_interface", "delete_subnet_reserved_ip",
                    "delete_floating_ip");
        }
    }

    private static PlacedNode createAndRecord(SandboxApp app, String deployment, String name, String account, String region) {
        String place = (account == null ? "" : ", \"account\": \"" + account + "\"") + (region == null ? "" : ", \"region\": \"" + region + "\"");
        String accountOnly = account == null ? "" : ", \"account\": \"" + account + "\"";
        PlacedNode node = new PlacedNode(name, name + "-srv", name + "-vni", name + "-ip", name + "-fip", name + "-rec");
        simCreate(app, "{\"kind\": \"bare_metal_server\", \"id\": \"" + node.server() + "\"" + place + "}");
        simCreate(app, "{\"kind\": \"virtual_network_interface\", \"id\": \"" + node.vni() + "\", \"subnet_id\": \"" + name + "-subnet\""
                + place + "}");
        simCreate(app, "{\"kind\": \"subnet_reserved_ip\", \"id\": \"" + node.ip() + "\", \"subnet_id\": \"" + name + "-subnet\"" + place + "}");
        simCreate(app, "{\"kind\": \"floating_ip\", \"id\": \"" + node.fip() + "\"" + place + "}");
        simCreate(app, "{\"kind\": \"dns_record\", \"id\": \"" + node.record() + "\", \"instance_id\": \"pr-inst\", \"zone_id\": \"pr-zone\","
                + " \"name\": \"" + name + ".example.com\", \"type\": \"A\", \"rdata\": \"10.9.8.7\"" + accountOnly + "}");

        Reply registered = app.post("/api/nodes", "{\"node_name\": \"" + name + "\", \"deployment_id\": \"" + deployment
                + "\", \"deployment_status\": \"failed\", \"bare_metal_id\": \"" + node.server() + "\"" + place + "}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        // the node's resources inherit its place; the DNS record its account only
        record(app, name, "{\"type\": \"virtual_network_interface\", \"id\": \"" + node.vni() + "\"}");
        record(app, name, "{\"type\": \"subnet_reserved_ip\", \"id\": \"" + node.ip() + "\", \"subnet_id\": \"" + name + "-subnet\"}");
        // a resource may also name its place itself
        record(app, name, "{\"type\": \"floating_ip\", \"id\": \"" + node.fip() + "\"" + place + "}");
        record(app, name, "{\"type\": \"dns_record\", \"id\": \"" + node.record() + "\", \"record_type\": \"A\", \"dns_instance_id\": \"pr-inst\","
                + " \"dns_zone_id\": \"pr-zone\"}");
        return node;
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

    private static void assertExists(IbmCloudSimulator sim, PlacedNode node, boolean exists) {
        assertThat(sim.exists("bare_metal_server", node.server())).as(node.server()).isEqualTo(exists);
        assertThat(sim.exists("virtual_network_interface", node.vni())).as(node.vni()).isEqualTo(exists);
        assertThat(sim.exists("subnet_reserved_ip", node.ip())).as(node.ip()).isEqualTo(exists);
        assertThat(sim.exists("floating_ip", node.fip())).as(node.fip()).isEqualTo(exists);
        assertThat(sim.exists("dns_record", node.record())).as(node.record()).isEqualTo(exists);
    }

    @Test
    void aDeploymentAcrossRegionsAndAccountsIsCleanedInOneRunEachDeleteWhereItsResourceLives() {
        PlacedNode eu = createAndRecord(app, "pr-dep", "pr-eu", SECOND, EU);
        PlacedNode home = createAndRecord(app, "pr-dep", "pr-home", null, null);

        JsonNode listed = app.get("/api/cleanup/resources?node_name=pr-eu").json();
        List<String> places = new ArrayList<>();
        listed.get("resources").forEach(r -> places.add(r.get("resource_type").asText() + " " + r.get("account").asText()
                + " " + (r.get("region").isNull() ? "-" : r.get("region").asText())));
        assertThat(places).containsExactlyInAnyOrder("bare_metal_server sandbox-2 eu-de", "virtual_network_interface sandbox-2 eu-de",
                "subnet_reserved_ip sandbox-2 eu-de", "floating_ip sandbox-2 eu-de", "dns_record sandbox-2 -");
        JsonNode homeListed = app.get("/api/cleanup/resources?node_name=pr-home").json();
        homeListed.get("resources").forEach(r -> assertThat(r.get("account").asText()).isEqualTo(DEFAULT_ACCOUNT));
        SimulatorStats stats = sim.stats();
        Map<String, Long> before = new java.util.HashMap<>();
        for (String op : eu.deletions()) {
            for (String[] where : new String[][] {{EU, SECOND}, {DEFAULT_REGION, SECOND}, {DEFAULT_REGION, DEFAULT_ACCOUNT}, {EU, DEFAULT_ACCOUNT}}) {
                before.put(where[0] + "/" + where[1] + " " + op, stats.countIn(where[0], where[1], op));
            }
        }
        long dnsSecond = stats.countIn("global", SECOND, "delete_dns_record");
        long dnsDefault = stats.countIn("global", DEFAULT_ACCOUNT, "delete_dns_record");

        // validation looks each row up where it lives: at the default endpoint an eu-de server would be a false PASS (404)
        JsonNode live = app.get("/api/cleanup/validate/pr-eu").json();
        live.get("validation_results").forEach(check -> {
            if (!"untracked_resources".equals(check.get("check").asText())) {
                assertThat(check.get("status").asText()).as("still there, where it lives: " + check).isEqualTo("FAIL");
            }
        });

        Reply dryRun = app.post("/api/cleanup/deployment/pr-dep?dry_run=true");
        assertThat(dryRun.json().has("protected_places")).as(dryRun.body()).isFalse();
        // the plan says where each delete goes: the row's place, the default's names for a row that named none
        List<String> planned = new ArrayList<>();
        dryRun.json().get("nodes").forEach(node -> node.get("plan").get("lanes").forEach(lane -> lane.get("steps")
                .forEach(step -> step.get("operations").forEach(op -> planned.add(node.get("node_name").asText() + " "
                        + op.get("resource_type").asText() + " " + op.get("account").asText() + " "
                        + (op.get("region").isNull() ? "-" : op.get("region").asText()))))));
        assertThat(planned).as(dryRun.body()).contains("pr-eu bare_metal_server sandbox-2 eu-de", "pr-eu dns_record sandbox-2 -",
                "pr-home bare_metal_server " + DEFAULT_ACCOUNT + " " + DEFAULT_REGION, "pr-home dns_record " + DEFAULT_ACCOUNT + " -");
        Reply cleanup = app.post("/api/cleanup/deployment/pr-dep");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);

        assertExists(sim, eu, false);
        assertExists(sim, home, false);
        for (String op : eu.deletions()) {
            assertThat(stats.countIn(EU, SECOND, op) - before.get(EU + "/" + SECOND + " " + op)).as("eu-de/sandbox-2 " + op).isEqualTo(1);
            assertThat(stats.countIn(DEFAULT_REGION, DEFAULT_ACCOUNT, op) - before.get(DEFAULT_REGION + "/" + DEFAULT_ACCOUNT + " " + op))
                    .as("us-south/sandbox " + op).isEqualTo(1);
            assertThat(stats.countIn(DEFAULT_REGION, SECOND, op) - before.get(DEFAULT_REGION + "/" + SECOND + " " + op))
                    .as("nothing of eu-de's sent to us-south: " + op).isZero();
            assertThat(stats.countIn(EU, DEFAULT_ACCOUNT, op) - before.get(EU + "/" + DEFAULT_ACCOUNT + " " + op))
                    .as("nothing of sandbox-2's sent with sandbox's token: " + op).isZero();
        }
        assertThat(stats.countIn("global", SECOND, "delete_dns_record") - dnsSecond).isEqualTo(1);
        assertThat(stats.countIn("global", DEFAULT_ACCOUNT, "delete_dns_record") - dnsDefault).isEqualTo(1);
        JsonNode after = app.get("/api/cleanup/resources?node_name=pr-eu").json();
        after.get("resources").forEach(r -> assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("GONE"));
        JsonNode validated = app.get("/api/cleanup/validate/pr-eu").json();
        validated.get("validation_results").forEach(check -> {
            if (!"untracked_resources".equals(check.get("check").asText())) {
                assertThat(check.get("status").asText()).as("gone where it lived: " + check).isEqualTo("PASS");
            }
        });
    }

    @Test
    void aScriptTargetsEachPlaceOfItsRows() {
        PlacedNode eu = createAndRecord(app, "pr-script", "pr-script-eu", SECOND, EU);
        PlacedNode home = createAndRecord(app, "pr-script", "pr-script-home", null, null);

        Reply node = app.get("/api/cleanup/script/node/" + eu.name());
        assertThat(node.status()).as(node.body()).isEqualTo(200);
        assertThat(node.body()).contains("\ntarget_place 'sandbox-2' 'sandbox2account0000000000000000' 'eu-de'\n", eu.server());
        Reply script = app.get("/api/cleanup/script/pr-script");
        assertThat(script.status()).as(script.body()).isEqualTo(200);
        assertThat(script.body()).contains(home.server(), eu.server(), "\ntarget_place 'sandbox' 'sandbox0account0000000000000000' 'us-south'\n");
    }

    @Test
    void aPlaceThatIsNotConfiguredIsRefusedWhenRecordedAndNothingIsStored() {
        Reply unknownRegion = app.post("/api/nodes", "{\"node_name\": \"pr-tok\", \"deployment_id\": \"pr-refused\", \"region\": \"jp-tok\"}");
        assertThat(unknownRegion.status()).as(unknownRegion.body()).isEqualTo(400);
        assertThat(unknownRegion.json().get("error").asText()).contains("jp-tok");
        Reply unknownAccount = app.post("/api/nodes", "{\"node_name\": \"pr-nobody\", \"deployment_id\": \"pr-refused\", \"account\": \"nobody\"}");
        assertThat(unknownAccount.status()).as(unknownAccount.body()).isEqualTo(400);
        assertThat(unknownAccount.json().get("error").asText()).contains("nobody");
        assertThat(app.jdbc().one("SELECT count(*) FROM nodes WHERE deployment_id = 'pr-refused'", rs -> rs.getLong(1)).orElseThrow()).isZero();
        assertThat(app.jdbc().one("SELECT count(*) FROM deployments WHERE deployment_id = 'pr-refused'", rs -> rs.getLong(1)).orElseThrow()).isZero();

        Reply node = app.post("/api/nodes", "{\"node_name\": \"pr-ok\", \"deployment_id\": \"pr-refused\", \"deployment_status\": \"failed\"}");
        assertThat(node.status()).as(node.body()).isEqualTo(201);
        Reply badRegion = app.post("/api/nodes/pr-ok/resources", "{\"type\": \"floating_ip\", \"id\": \"pr-fip-tok\", \"region\": \"jp-tok\"}");
        assertThat(badRegion.status()).as(badRegion.body()).isEqualTo(400);
        Reply dnsRegion = app.post("/api/nodes/pr-ok/resources", "{\"type\": \"dns_record\", \"id\": \"pr-rec-eu\", \"region\": \"eu-de\","
                + " \"dns_instance_id\": \"i\", \"dns_zone_id\": \"z\"}");
        assertThat(dnsRegion.status()).as(dnsRegion.body()).isEqualTo(400);
        assertThat(dnsRegion.json().get("error").asText()).contains("region");
        Reply deploymentResource = app.post("/api/deployments/pr-refused/resources",
                "{\"type\": \"floating_ip\", \"id\": \"pr-fip-nobody\", \"account\": \"nobody\"}");
        assertThat(deploymentResource.status()).as(deploymentResource.body()).isEqualTo(400);
        assertThat(app.jdbc().one("SELECT count(*) FROM tracked_resources WHERE ibm_id LIKE 'pr-fip-%'", rs -> rs.getLong(1)).orElseThrow()).isZero();
        assertThat(app.jdbc().one("SELECT count(*) FROM dns_records WHERE record_id = 'pr-rec-eu'", rs -> rs.getLong(1)).orElseThrow()).isZero();
    }

    @Test
    void aProtectedAccountsRowsRefuseTheCleanupBeforeAnyCall() {
        try (SandboxApp guarded = SandboxApp.start(Map.of("cleanup.ibm.protected-accounts", SECOND))) {
            PlacedNode eu = createAndRecord(guarded, "pr-guarded", "pr-g-eu", SECOND, EU);
            PlacedNode home = createAndRecord(guarded, "pr-guarded", "pr-g-home", null, null);
            long deletesBefore = guarded.simulator().stats().count("delete_bare_metal_server")
                    + guarded.simulator().stats().count("delete_floating_ip");

            Reply dryRun = guarded.post("/api/cleanup/deployment/pr-guarded?dry_run=true");
            assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
            assertThat(dryRun.json().get("total_operations").asInt()).as("a dry run still plans them").isEqualTo(10);
            assertThat(dryRun.json().get("protected_places").asText()).as("and says so").contains("account sandbox-2 in region eu-de");
            Reply refused = guarded.post("/api/cleanup/deployment/pr-guarded");

            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().get("error").asText()).contains("sandbox-2").contains("eu-de").contains("protected");
            assertThat(guarded.simulator().stats().count("delete_bare_metal_server")
                    + guarded.simulator().stats().count("delete_floating_ip")).as("no DELETE").isEqualTo(deletesBefore);
            assertExists(guarded.simulator(), eu, true);
            assertExists(guarded.simulator(), home, true);
            assertThat(guarded.jdbc().one("SELECT count(*) FROM nodes WHERE deployment_id = 'pr-guarded' AND bare_metal_state <> 'PRESENT'",
                    rs -> rs.getLong(1)).orElseThrow()).as("no row touched").isZero();

            Reply node = guarded.post("/api/cleanup/node/pr-g-eu");
            assertThat(node.status()).as(node.body()).isEqualTo(409);
            assertExists(guarded.simulator(), eu, true);
            Reply elsewhere = guarded.post("/api/cleanup/node/pr-g-home");
            assertThat(elsewhere.status()).as("a node of no protected place is cleaned: " + elsewhere.body()).isEqualTo(200);
            assertExists(guarded.simulator(), home, false);
            assertExists(guarded.simulator(), eu, true);
        }
    }
}
