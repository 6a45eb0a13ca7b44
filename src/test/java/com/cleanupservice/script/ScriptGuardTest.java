package com.cleanupservice.script;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts follow the live-node guard cleanups have: a script that would delete anything of a live node (the demo's
 * node 02 is deployed) is refused with 409 naming it unless force=true, and nothing is deleted; a forced script says
 * at its top what it deletes and that the node is live; and a script deletes nothing until the operator typed the
 * target's name at a terminal, or gave --yes for an unattended run.
 */
@SharedSandbox
class ScriptGuardTest {
    private static final DemoData.Node LIVE = DemoData.nodes().get(1);
    private static final Map<String, String> FAST = Map.of("POLL_SECONDS", "0", "WAIT_TIMEOUT_SECONDS", "30");
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @Test
    void aScriptOfALiveNodeIsRefusedNamingItAndNothingIsDeleted() {
        assertThat(LIVE.status()).isEqualTo("deployed");
        for (String path : List.of("/api/cleanup/script/node/" + LIVE.id(), "/api/cleanup/script/node/" + LIVE.name(),
                "/api/cleanup/script/node/" + LIVE.id() + "?force=false")) {
            Reply reply = app.get(path);

            assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(409);
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            assertThat(reply.header("Content-Disposition")).isNull();
            JsonNode refusal = reply.json();
            assertThat(refusal.get("status").asInt()).isEqualTo(409);
            assertThat(refusal.get("error").asText()).startsWith("Script refused for node " + LIVE.name() + ": the node is deployed (live)")
                    .contains("12 tracked resource(s)", "force=true");
            assertThat(refusal.get("refused_nodes")).hasSize(1);
            assertThat(refusal.at("/refused_nodes/0/node_name").asText()).isEqualTo(LIVE.name());
            assertThat(refusal.at("/refused_nodes/0/current_status").asText()).isEqualTo("deployed");
        }
        // the deployment's script: refused as a whole, naming the live node only (01 failed, 03 timeout)
        Reply deployment = app.get("/api/cleanup/script/" + DemoData.DEPLOYMENT);
        assertThat(deployment.status()).as(deployment.body()).isEqualTo(409);
        assertThat(deployment.json().get("refused_nodes")).hasSize(1);
        assertThat(deployment.json().at("/refused_nodes/0/node_name").asText()).isEqualTo(LIVE.name());
        // a cleanup's own refusal says what it always said
        Reply cleanup = app.post("/api/cleanup/node/" + LIVE.id());
        assertThat(cleanup.status()).isEqualTo(409);
        assertThat(cleanup.json().get("error").asText())
                .isEqualTo("Cleanup refused for node " + LIVE.name() + ": the node is deployed (live); add force=true to clean it up anyway");

        assertEverythingOfTheLiveNodeExists();
    }

    @Test
    void aForcedScriptSaysAtItsTopEveryResourceItDeletesAndThatTheNodeIsLive() {
        Reply reply = app.get("/api/cleanup/script/node/" + LIVE.id() + "?force=true");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/x-shellscript");
        String script = reply.body();
        String header = script.substring(0, script.indexOf("\nset -euo pipefail\n"));
        assertThat(header.lines()).allSatisfy(line -> assertThat(line).startsWith("#"));
        assertThat(header).contains("!!! LIVE NODES: this script deletes resources of 1 live node(s)", "asked for with force=true",
                "!!!   " + LIVE.name() + " (id 2, deployed): 12 resource(s)",
                "node " + LIVE.name() + " (id 2, deployed, LIVE): 12 resource(s)",
                "type '" + LIVE.name() + "'", "--yes");
        // type, name, exact id and where it lives (account/region; DNS is global) of each, on one line
        assertThat(header).containsPattern("#\\s+bare_metal_server\\s+" + LIVE.name() + "\\s+" + LIVE.serverId() + "\\s+sandbox/us-south\n")
                .containsPattern("#\\s+virtual_network_interface\\s+" + LIVE.name() + "-mgmt-vni\\s+" + LIVE.mgmtVniId() + "\\s+sandbox/us-south\n");
        LIVE.ips().forEach(ip -> assertThat(header).containsPattern("#\\s+subnet_reserved_ip\\s+\\S+ \\(" + ip.type() + "\\)\\s+" + ip.id()
                + "\\s+sandbox/us-south\n"));
        LIVE.records().forEach(r -> assertThat(header).containsPattern("#\\s+dns_record\\s+\\S+\\s+" + r.id().replace(".", "\\.") + "\\s+sandbox/global\n"));
        // and at run time, before anything is deleted, the same
        assertThat(script.substring(script.indexOf("\ncheck_session\n"), script.indexOf("\nconfirm ")))
                .contains("'!!! LIVE NODES", LIVE.serverId(), LIVE.workloadVniId());
        assertThat(ScriptChecks.bashSyntaxErrors(script)).isEmpty();
        if (ScriptChecks.shellcheckInstalled()) {
            assertThat(ScriptChecks.shellcheckFindings(script)).isEmpty();
        }

        // the deployment's: every node's resources listed, the live one said so
        Reply deployment = app.get("/api/cleanup/script/" + DemoData.DEPLOYMENT + "?force=true");
        assertThat(deployment.status()).as(deployment.body()).isEqualTo(200);
        String top = deployment.body().substring(0, deployment.body().indexOf("\nset -euo pipefail\n"));
        assertThat(top).contains("node nutanix-poc-bm-node-01 (id 1, failed): 12 resource(s)",
                "node " + LIVE.name() + " (id 2, deployed, LIVE): 12 resource(s)", "node nutanix-poc-bm-node-03 (id 3, timeout): 12 resource(s)",
                "deployment demo-deployment (its own, no node): 1 resource(s)", DemoData.clusterRecord().id(),
                "type 'demo-deployment' (the deployment id)");
        // getting a script deletes nothing
        assertEverythingOfTheLiveNodeExists();
    }

    @Test
    void aLiveNodeWithNothingLeftToDeleteDoesNotBlock() {
        DemoData.Node node = DemoData.node(145, "guard-live-145", "failed");
        DemoData.seed(app.jdbc(), sim, "guard-dep", List.of(node), false);
        Reply cleaned = app.post("/api/cleanup/node/" + node.id());
        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        // provisioned again under the same name: live, every tracked row GONE
        app.jdbc().update("UPDATE nodes SET deployment_status = 'deployed' WHERE id = ?", node.id());

        Reply reply = app.get("/api/cleanup/script/node/" + node.id());
        Reply deployment = app.get("/api/cleanup/script/guard-dep");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("Nothing to clean up for node guard-live-145").doesNotContain("LIVE");
        assertThat(deployment.status()).as(deployment.body()).isEqualTo(200);
    }

    @Test
    void onATerminalAWrongNameOrNoneDeletesNothing(@TempDir Path dir) {
        Assumptions.assumeTrue(ScriptRunner.terminalAvailable(), "util-linux script (a pseudo-terminal) is not installed");
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir);
        List<List<String>> all = FakeIbmcloud.addresses(LIVE);
        all.forEach(ibmcloud::exists);
        String script = app.get("/api/cleanup/script/node/" + LIVE.id() + "?force=true").body();

        for (String typed : List.of("nutanix-poc-bm-node-01\n", "\n", "yes\n", "")) {
            FakeIbmcloud.Run run = ibmcloud.runOnTerminal(script, FAST, typed);

            assertThat(run.exitCode()).as(typed + ": " + run.output()).isEqualTo(2);
            assertThat(run.stdout()).contains("!!! LIVE NODES", "It deletes these 12 resource(s)", LIVE.serverId(),
                    "Type '" + LIVE.name() + "' (the node name) to delete these resources", "does not match", "nothing was deleted")
                    .doesNotContain("Deleted", "Done");
        }
        assertThat(ibmcloud.deletes()).isEmpty();
        assertThat(all).allSatisfy(address -> assertThat(ibmcloud.present(address)).as(address.toString()).isTrue());
        // the session was checked before the question; nothing but that was asked of the CLI
        assertThat(ibmcloud.calls()).containsOnly(List.of("target"));
    }

    @Test
    void onATerminalTheTargetsNameGoesAhead(@TempDir Path dir) {
        Assumptions.assumeTrue(ScriptRunner.terminalAvailable(), "util-linux script (a pseudo-terminal) is not installed");
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir);
        List<List<String>> all = FakeIbmcloud.addresses(LIVE);
        all.forEach(ibmcloud::exists);
        String script = app.get("/api/cleanup/script/node/" + LIVE.id() + "?force=true").body();

        FakeIbmcloud.Run run = ibmcloud.runOnTerminal(script, FAST, "  " + LIVE.name() + "  \n");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("Confirmed.", "✓ Done");
        assertThat(ibmcloud.deletes()).hasSize(12);
        assertThat(all).allSatisfy(address -> assertThat(ibmcloud.present(address)).isFalse());
    }

    @Test
    void withoutATerminalOnlyYesGoesAheadAndAnyOtherArgumentIsAUsageError(@TempDir Path dir) {
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir);
        DemoData.Node node = DemoData.nodes().get(2);
        List<List<String>> all = FakeIbmcloud.addresses(node);
        all.forEach(ibmcloud::exists);
        String script = app.get("/api/cleanup/script/node/" + node.id()).body();

        FakeIbmcloud.Run unattended = ibmcloud.run(script, FAST);
        assertThat(unattended.exitCode()).as(unattended.output()).isEqualTo(2);
        assertThat(unattended.stdout()).contains("It deletes these 12 resource(s)", node.serverId()).doesNotContain("LIVE");
        assertThat(unattended.stderr()).contains("not run on a terminal and --yes not given: nothing was deleted");
        assertThat(ibmcloud.calls()).containsExactly(List.of("target"));

        for (String wrong : List.of("--force", "yes", "--yes=1", "-yes")) {
            FakeIbmcloud.Run usage = ibmcloud.run(script, FAST, wrong);
            assertThat(usage.exitCode()).as(wrong + ": " + usage.output()).isEqualTo(2);
            assertThat(usage.stderr()).contains("unknown argument '" + wrong + "'", "[--yes]");
        }
        FakeIbmcloud.Run help = ibmcloud.run(script, FAST, "--help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.stdout()).contains("[--yes]", "unattended runs");
        assertThat(ibmcloud.calls()).as("a usage error or --help asks the CLI nothing").containsExactly(List.of("target"));
        assertThat(ibmcloud.deletes()).isEmpty();
        assertThat(all).allSatisfy(address -> assertThat(ibmcloud.present(address)).isTrue());

        FakeIbmcloud.Run yes = ibmcloud.run(script, FAST, "-y");
        assertThat(yes.exitCode()).as(yes.output()).isZero();
        assertThat(yes.stdout()).contains("--yes given: deleting without a typed confirmation.", "✓ Done");
        assertThat(all).allSatisfy(address -> assertThat(ibmcloud.present(address)).isFalse());
    }

    private static void assertEverythingOfTheLiveNodeExists() {
        assertThat(sim.exists("bare_metal_server", LIVE.serverId())).isTrue();
        assertThat(sim.exists("virtual_network_interface", LIVE.mgmtVniId())).isTrue();
        assertThat(sim.exists("virtual_network_interface", LIVE.workloadVniId())).isTrue();
        LIVE.ips().forEach(ip -> assertThat(sim.exists("subnet_reserved_ip", ip.id())).as(ip.id()).isTrue());
        LIVE.records().forEach(r -> assertThat(sim.exists("dns_record", r.id())).as(r.id()).isTrue());
        assertThat(app.get("/api/cleanup/status?node_name=" + LIVE.name()).json().get("current_status").asText()).isEqualTo("deployed");
    }
}
