package com.cleanupservice.script;

import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorStats;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts follow each row's account and region (issue 24): a deployment with a node in the default place and one in
 * eu-de of sandbox-2 gets a script of two blocks, each beginning with {@code ibmcloud target -c ACCOUNT_ID -r REGION};
 * run against the stand-in CLI over the simulator ({@code sim-ibmcloud}, whose session that command switches), every
 * resource is deleted where it lives and the report back marks them all GONE. A CLI whose account does not follow
 * stops before deleting anything in that block; a protected account's rows refuse the script.
 */
@SharedSandbox
class ScriptPlacesTest {
    private static final String EU = "eu-de";
    private static final String SECOND = "sandbox-2";
    private static final String SECOND_ID = "sandbox2account0000000000000000";
    private static final String HOME_REGION = "us-south";
    private static final String HOME_ACCOUNT = "sandbox";
    private static final String HOME_ID = "sandbox0account0000000000000000";
    private static final List<String> VPC_DELETES = List.of("delete_bare_metal_server", "delete_virtual_network_interface",
            "delete_subnet_reserved_ip", "delete_floating_ip");

    private static SandboxApp app;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
    }

    @Test
    void aDeploymentInTwoPlacesIsScriptedInTwoBlocksEachTargetedAndCleanedWhereItLives(@TempDir Path dir) {
        PlacedNode home = createAndRecord(app, "sp-dep", "sp-home", null, null);
        PlacedNode eu = createAndRecord(app, "sp-dep", "sp-eu", SECOND, EU);

        Reply reply = app.get("/api/cleanup/script/sp-dep");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String script = reply.body();
        String homeBlock = "\ntarget_place 'sandbox' '" + HOME_ID + "' 'us-south'\n";
        String euBlock = "\ntarget_place 'sandbox-2' '" + SECOND_ID + "' 'eu-de'\n";
        assertThat(script).contains("# ==== account sandbox (IBM account id " + HOME_ID + "), region us-south ====" + homeBlock,
                "# ==== account sandbox-2 (IBM account id " + SECOND_ID + "), region eu-de ====" + euBlock,
                "It works in 2 place(s)");
        int homeAt = script.indexOf(homeBlock);
        int euAt = script.indexOf(euBlock);
        assertThat(homeAt).as("the default place first").isLessThan(euAt);
        String body = script.substring(script.indexOf("\nconfirm "));
        // every delete of a place inside its own block, the DNS record (global) in its account's block
        for (String id : home.ids()) {
            assertThat(body.indexOf("'" + id + "'")).as(id).isBetween(body.indexOf(homeBlock), body.indexOf(euBlock));
        }
        for (String id : eu.ids()) {
            assertThat(body.indexOf("'" + id + "'")).as(id).isGreaterThan(body.indexOf(euBlock));
        }
        // the list at the top says where each resource lives
        String top = script.substring(0, script.indexOf("\nset -euo pipefail"));
        assertThat(top.lines().filter(l -> l.contains(eu.server()))).singleElement().asString().endsWith("  sandbox-2/eu-de");
        assertThat(top.lines().filter(l -> l.contains(eu.record()))).singleElement().asString().endsWith("  sandbox-2/global");
        assertThat(top.lines().filter(l -> l.contains(home.server()))).singleElement().asString().endsWith("  sandbox/us-south");
        assertThat(ScriptChecks.bashSyntaxErrors(script)).isEmpty();
        if (ScriptChecks.shellcheckInstalled()) {
            assertThat(ScriptChecks.shellcheckFindings(script)).isEmpty();
        }

        SimulatorStats stats = app.simulator().stats();
        Map<String, Long> before = counts(stats);
        Path log = dir.resolve("calls.log");
        FakeIbmcloud.Run run = runAgainstTheSimulator(dir, script,
                Map.of("CLEANUP_URL", app.baseUrl(), "SIM_IBMCLOUD_LOG", log.toString(), "SIM_IBMCLOUD_REGION", EU), "--yes");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("✓ the CLI targets account sandbox (" + HOME_ID + "), region us-south",
                "✓ the CLI targets account sandbox-2 (" + SECOND_ID + "), region eu-de", "✓ Done",
                "✓ Reported to the service: Deployment sp-dep: 10 tracked row(s) looked up, 10 marked GONE");
        assertThat(switches(log)).containsExactly(List.of("target", "-c", HOME_ID, "-r", HOME_REGION),
                List.of("target", "-c", SECOND_ID, "-r", EU));
        assertExists(app.simulator(), home, false);
        assertExists(app.simulator(), eu, false);
        Map<String, Long> after = counts(stats);
        for (String op : VPC_DELETES) {
            assertThat(after.get(EU + "/" + SECOND + " " + op) - before.get(EU + "/" + SECOND + " " + op)).as("eu-de/sandbox-2 " + op).isEqualTo(1);
            assertThat(after.get(HOME_REGION + "/" + HOME_ACCOUNT + " " + op) - before.get(HOME_REGION + "/" + HOME_ACCOUNT + " " + op))
                    .as("us-south/sandbox " + op).isEqualTo(1);
            assertThat(after.get(EU + "/" + HOME_ACCOUNT + " " + op) - before.get(EU + "/" + HOME_ACCOUNT + " " + op))
                    .as("nothing of sandbox-2's with sandbox's token " + op).isZero();
            assertThat(after.get(HOME_REGION + "/" + SECOND + " " + op) - before.get(HOME_REGION + "/" + SECOND + " " + op))
                    .as("nothing of eu-de's sent to us-south " + op).isZero();
        }
        assertThat(after.get("global/" + SECOND + " delete_dns_record") - before.get("global/" + SECOND + " delete_dns_record")).isEqualTo(1);
        assertThat(after.get("global/" + HOME_ACCOUNT + " delete_dns_record") - before.get("global/" + HOME_ACCOUNT + " delete_dns_record")).isEqualTo(1);
        for (String node : List.of(home.name(), eu.name())) {
            app.get("/api/cleanup/resources?node_name=" + node).json().get("resources")
                    .forEach(r -> assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("GONE"));
        }
    }

    @Test
    void aSessionThatStaysInAnotherAccountStopsBeforeDeletingInThatBlock(@TempDir Path dir) {
        PlacedNode home = createAndRecord(app, "sp-stuck", "sp-stuck-home", null, null);
        PlacedNode eu = createAndRecord(app, "sp-stuck", "sp-stuck-eu", SECOND, EU);
        String script = app.get("/api/cleanup/script/sp-stuck").body();
        long euDeletes = app.simulator().stats().countIn(EU, SECOND, "delete_bare_metal_server")
                + app.simulator().stats().countIn(EU, HOME_ACCOUNT, "delete_bare_metal_server");

        // the account switch is said to succeed, but 'ibmcloud target' still shows the default account
        FakeIbmcloud.Run run = runAgainstTheSimulator(dir, script, Map.of("SIM_IBMCLOUD_IGNORE_ACCOUNT", "1"), "--yes");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.stderr()).contains("the CLI's session targets account " + HOME_ID + ", not " + SECOND_ID + " (sandbox-2): stopped before "
                        + "deleting anything in account sandbox-2 (" + SECOND_ID + "), region eu-de",
                "were deleted before it stopped", "cleanup-helper.sh reconcile --deployment sp-stuck");
        assertThat(run.stdout()).doesNotContain("✓ Done");
        assertExists(app.simulator(), home, false);
        assertExists(app.simulator(), eu, true);
        assertThat(app.simulator().stats().countIn(EU, SECOND, "delete_bare_metal_server")
                + app.simulator().stats().countIn(EU, HOME_ACCOUNT, "delete_bare_metal_server")).isEqualTo(euDeletes);

        // an account the user has no access to: the target command fails, nothing more is deleted
        FakeIbmcloud.Run noAccess = runAgainstTheSimulator(dir, script,
                Map.of("SIM_IBMCLOUD_ACCOUNTS", HOME_ID + "=stand-in"), "--yes");
        assertThat(noAccess.exitCode()).as(noAccess.output()).isEqualTo(2);
        assertThat(noAccess.stderr()).contains("could not target account sandbox-2 (" + SECOND_ID + "), region eu-de",
                "Account '" + SECOND_ID + "' was not found");
        assertExists(app.simulator(), eu, true);
    }

    @Test
    void aProtectedAccountRefusesTheScriptAndAnAccountWithoutIdIsNotChecked() {
        // a third account whose IBM account id is not configured (the simulator takes its key for the default account's)
        try (SandboxApp guarded = SandboxApp.start(Map.of("cleanup.ibm.protected-accounts", SECOND,
                "cleanup.ibm.accounts.sandbox", "sandbox,sandbox-2,sandbox-3", "cleanup.ibm.account.sandbox-3.api-key", "sandbox-3-key",
                "cleanup.ibm.account.sandbox-3.regions", "us-south,eu-de"))) {
            createAndRecord(guarded, "sp-guarded", "sp-g-home", null, null);
            PlacedNode eu = createAndRecord(guarded, "sp-guarded", "sp-g-eu", SECOND, EU);

            for (String path : List.of("/api/cleanup/script/sp-guarded", "/api/cleanup/script/node/sp-g-eu")) {
                Reply refused = guarded.get(path);
                assertThat(refused.status()).as(refused.body()).isEqualTo(409);
                assertThat(refused.json().get("error").asText()).contains("Cleanup script of", "refused", "account sandbox-2 in region eu-de",
                        "protected");
            }
            assertExists(guarded.simulator(), eu, true);
            Reply home = guarded.get("/api/cleanup/script/node/sp-g-home");
            assertThat(home.status()).as("a node of no protected place is scripted: " + home.body()).isEqualTo(200);

            // an account without id alone: its region is targeted, its account said to be unchecked
            register(guarded, "sp-third", "sp-t-eu", "sandbox-3", EU);
            Reply third = guarded.get("/api/cleanup/script/node/sp-t-eu");
            assertThat(third.status()).as(third.body()).isEqualTo(200);
            assertThat(third.body()).contains("\ntarget_place 'sandbox-3' '' 'eu-de'\n",
                    "# its IBM account id is not configured (cleanup.ibm.account.sandbox-3.id): the account is not switched to nor checked");

            // beside another account, the script could not switch to it: refused
            register(guarded, "sp-third", "sp-t-home", null, null);
            Reply mixed = guarded.get("/api/cleanup/script/sp-third");
            assertThat(mixed.status()).as(mixed.body()).isEqualTo(409);
            assertThat(mixed.json().get("error").asText()).contains("[sandbox, sandbox-3]", "cleanup.ibm.account.sandbox-3.id is not configured");
        }
    }

    // ---- nodes placed in the simulator and recorded with their place -------------------------------------------

    /** The resources of one node created in the simulator where it lives (account, region null: the default). */
    private record PlacedNode(String name, String server, String vni, String ip, String fip, String record) {
        List<String> ids() {
            return List.of(server, vni, ip, fip, record);
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
        simCreate(app, "{\"kind\": \"dns_record\", \"id\": \"" + node.record() + "\", \"instance_id\": \"sp-inst\", \"zone_id\": \"sp-zone\","
                + " \"name\": \"" + name + ".example.com\", \"type\": \"A\", \"rdata\": \"10.9.8.7\"" + accountOnly + "}");

        Reply registered = app.post("/api/nodes", "{\"node_name\": \"" + name + "\", \"deployment_id\": \"" + deployment
                + "\", \"deployment_status\": \"failed\", \"bare_metal_id\": \"" + node.server() + "\"" + place + "}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        record(app, name, "{\"type\": \"virtual_network_interface\", \"id\": \"" + node.vni() + "\"}");
        record(app, name, "{\"type\": \"subnet_reserved_ip\", \"id\": \"" + node.ip() + "\", \"subnet_id\": \"" + name + "-subnet\"}");
        record(app, name, "{\"type\": \"floating_ip\", \"id\": \"" + node.fip() + "\"}");
        record(app, name, "{\"type\": \"dns_record\", \"id\": \"" + node.record() + "\", \"record_type\": \"A\", \"dns_instance_id\": \"sp-inst\","
                + " \"dns_zone_id\": \"sp-zone\"}");
        return node;
    }

    /** A node recorded with its server only (nothing of it in the simulator: its script is refused or only read). */
    private static void register(SandboxApp app, String deployment, String name, String account, String region) {
        String place = (account == null ? "" : ", \"account\": \"" + account + "\"") + (region == null ? "" : ", \"region\": \"" + region + "\"");
        Reply registered = app.post("/api/nodes", "{\"node_name\": \"" + name + "\", \"deployment_id\": \"" + deployment
                + "\", \"deployment_status\": \"failed\", \"bare_metal_id\": \"" + name + "-srv\"" + place + "}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
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

    /** The simulator's counts of the deletes this test makes, by "region/account operation". */
    private static Map<String, Long> counts(SimulatorStats stats) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String region : List.of(HOME_REGION, EU)) {
            for (String account : List.of(HOME_ACCOUNT, SECOND)) {
                VPC_DELETES.forEach(op -> counts.put(region + "/" + account + " " + op, stats.countIn(region, account, op)));
            }
        }
        for (String account : List.of(HOME_ACCOUNT, SECOND)) {
            counts.put("global/" + account + " delete_dns_record", stats.countIn("global", account, "delete_dns_record"));
        }
        return counts;
    }

    // ---- the stand-in CLI over the simulator -------------------------------------------------------------------

    /** The script run unattended against {@code sim-ibmcloud}, whose target commands switch its session. */
    private static FakeIbmcloud.Run runAgainstTheSimulator(Path dir, String script, Map<String, String> env, String... args) {
        Path cli = dir.resolve("ibmcloud");
        try (InputStream in = ScriptPlacesTest.class.getResourceAsStream("/script/sim-ibmcloud")) {
            Files.write(cli, in.readAllBytes());
            Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("IBMCLOUD", cli.toString());
        all.put("SIM_IBMCLOUD_URL", app.simulator().baseUrl());
        all.put("POLL_SECONDS", "0");
        all.put("WAIT_TIMEOUT_SECONDS", "60");
        all.putAll(env);
        return ScriptRunner.run(dir, script, all, null, args);
    }

    /** The calls of the log that switch the session ({@code target} with arguments). */
    private static List<List<String>> switches(Path log) {
        try {
            String[] words = Files.readString(log, StandardCharsets.UTF_8).split("\0", -1);
            List<List<String>> switches = new ArrayList<>();
            int i = 0;
            while (i < words.length - 1) {
                int n = Integer.parseInt(words[i]);
                List<String> call = List.of(words).subList(i + 1, i + 1 + n);
                if (n > 1 && call.get(0).equals("target")) {
                    switches.add(call);
                }
                i += n + 1;
            }
            return switches;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
