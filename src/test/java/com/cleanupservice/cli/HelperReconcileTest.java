package com.cleanupservice.cli;

import com.cleanupservice.cli.HelperRun.Result;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cleanup-helper.sh script --force} and {@code reconcile} against the real service: a live node's script only
 * after its name is typed (or --yes), and the ledger told what IBM Cloud no longer has, with the helper's exit codes.
 */
@SharedSandbox
class HelperReconcileTest {
    private static final DemoData.Node LIVE = DemoData.nodes().get(1);
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    private static HelperRun helper() {
        return HelperRun.at(app.baseUrl());
    }

    @Test
    void aLiveNodesScriptNeedsForceAndItsNameTyped(@TempDir Path dir) throws Exception {
        Result refused = helper().in(dir).run("script", "--node", "2");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains("HTTP 409", "Script refused for node " + LIVE.name(),
                "refused: " + LIVE.name() + " (deployed)", "script --node 2 --force", "type the node name");
        assertThat(dir.resolve("cleanup-node-2.sh")).doesNotExist();

        Result wrong = helper().in(dir).stdin("nutanix-poc-bm-node-01\n").run("script", "--node", "2", "--force");
        assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(2);
        assertThat(wrong.stderr()).contains("Live: " + LIVE.name() + " (deployed)", "Type '" + LIVE.name() + "' to confirm",
                "does not match", "no script was written");
        Result nothing = helper().in(dir).run("script", "--node", "2", "--force");
        assertThat(nothing.exit()).as(nothing.toString()).isEqualTo(2);
        assertThat(nothing.stderr()).contains("no confirmation could be read");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("no script was written").isEmpty();
        }

        Result typed = helper().in(dir).stdin(LIVE.name() + "\n").run("script", "--node", "2", "--force");
        assertThat(typed.exit()).as(typed.toString()).isZero();
        Path file = dir.resolve("cleanup-" + LIVE.name() + ".sh");
        assertThat(Files.isExecutable(file)).isTrue();
        assertThat(Files.readString(file)).contains("!!! LIVE NODES", LIVE.serverId());
        assertThat(typed.stdout()).contains("Wrote cleanup-" + LIVE.name() + ".sh", "--yes for unattended runs", "reconcile");

        Result yes = helper().in(dir).run("--yes", "script", "demo-deployment", "dep.sh", "--force");
        assertThat(yes.exit()).as(yes.toString()).isZero();
        assertThat(yes.stderr()).contains("--yes given");
        assertThat(Files.readString(dir.resolve("dep.sh"))).contains("node " + LIVE.name() + " (id 2, deployed, LIVE)");
        // a target with nothing live needs no confirmation, forced or not
        Result notLive = helper().in(dir).run("script", "--node", "3", "n3.sh", "--force");
        assertThat(notLive.exit()).as(notLive.toString()).isZero();
        assertThat(notLive.stderr()).doesNotContain("Type '");
        // getting scripts deleted nothing
        assertThat(sim.exists("bare_metal_server", LIVE.serverId())).isTrue();
    }

    @Test
    void reconcileMarksGoneWhatIbmNoLongerHasAndSaysWhatIsLeft() {
        // tracked, but never in IBM Cloud (deleted by a script, say), except its server
        DemoData.Node node = DemoData.node(170, "cli-rec-170", "failed");
        DemoData.track(app.jdbc(), "cli-rec", List.of(node), false);
        sim.createBareMetalServer(node.serverId(), node.name(), "stopped", List.of());

        Result partial = helper().run("reconcile", node.name());
        assertThat(partial.exit()).as(partial.toString()).isEqualTo(1);
        assertThat(partial.stdout()).contains("Node cli-rec-170: 12 tracked row(s) looked up, 11 marked GONE",
                "GONE    virtual_network_interface cli-rec-170-mgmt-vni (" + node.mgmtVniId() + ") of cli-rec-170",
                "present bare_metal_server cli-rec-170 (" + node.serverId() + ") of cli-rec-170: Bare metal server",
                "left as they were");

        Result json = helper().run("--json", "reconcile", "--deployment", "cli-rec");
        assertThat(json.exit()).as(json.toString()).isEqualTo(1);
        assertThat(json.stdout()).contains("\"checked\": 1", "\"all_gone\": false");

        app.jdbc().update("UPDATE nodes SET deployment_status = 'cleanup_in_progress', cleanup_claimed_at = now() WHERE id = ?", node.id());
        Result refused = helper().run("reconcile", String.valueOf(node.id()));
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains("HTTP 409", "a cleanup of this node is already running", "runs");
        app.jdbc().update("UPDATE nodes SET deployment_status = 'cleanup_failed', cleanup_claimed_at = NULL WHERE id = ?", node.id());

        Result unknown = helper().run("reconcile", "--deployment", node.name());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("HTTP 404", "is a node, not a deployment", "reconcile " + node.name());
        Result usage = helper().run("reconcile");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.stderr()).contains("a node id or name (or --deployment <id>) is required");
    }

    @Test
    void reconcileOfANodeWhoseResourcesAreAllGoneIsSuccess() {
        DemoData.Node node = DemoData.node(171, "cli-rec-171", "failed");
        DemoData.track(app.jdbc(), "cli-rec-2", List.of(node), false);

        Result done = helper().run("reconcile", "171");

        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.stdout()).contains("12 marked GONE (IBM Cloud answered 404), 0 still present, 0 could not be looked up")
                .doesNotContain("left as they were");
        Result again = helper().run("reconcile", "--deployment", "cli-rec-2");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.stdout()).contains("nothing to reconcile");
    }
}
