package com.cleanupservice.script;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Scripts follow the tracking tables: what a cleanup removed is gone from them, and hostile ids stay data. */
class ScriptAfterChangesTest {
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void afterANodeCleanupItsIdsLeaveTheScriptsAndItsOwnScriptHasNothingToDo(@TempDir Path dir) {
        DemoData.Node cleaned = DemoData.nodes().get(0);
        Reply cleanup = app.post("/api/cleanup/node/1");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);

        String deployment = app.get("/api/cleanup/script/" + DemoData.DEPLOYMENT).body();
        Reply node = app.get("/api/cleanup/script/node/1");

        CleanupScriptTest.ids(cleaned).forEach(id -> assertThat(deployment).doesNotContain(id));
        CleanupScriptTest.ids(DemoData.nodes().get(1)).forEach(id -> assertThat(deployment).contains("'" + id + "'"));
        CleanupScriptTest.ids(DemoData.nodes().get(2)).forEach(id -> assertThat(deployment).contains("'" + id + "'"));
        assertThat(deployment).contains("'" + DemoData.clusterRecord().id() + "'");
        assertThat(ScriptChecks.bashSyntaxErrors(deployment)).isEmpty();

        assertThat(node.status()).isEqualTo(200);
        assertThat(node.body()).contains("Nothing to clean up for node " + cleaned.name())
                .contains("Last cleanup run of this target: " + cleanup.json().get("run_id").asText() + " (completed");
        CleanupScriptTest.ids(cleaned).forEach(id -> assertThat(node.body()).doesNotContain(id));
        assertThat(ScriptChecks.bashSyntaxErrors(node.body())).isEmpty();
        if (ScriptChecks.shellcheckInstalled()) {
            assertThat(ScriptChecks.shellcheckFindings(node.body())).isEmpty();
        }
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir);
        FakeIbmcloud.Run run = ibmcloud.run(node.body(), Map.of());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("Nothing to clean up");
        assertThat(ibmcloud.calls()).isEmpty();
    }

    @Test
    void anIdThatLooksLikeCodeIsPassedAsOneArgumentAndNeverRuns(@TempDir Path dir) {
        DemoData.Node node = DemoData.nodes().get(2);
        Path pwned = dir.resolve("pwned");
        String evilId = "a'b; touch " + pwned + "; '$(touch " + pwned + ")`touch " + pwned + "`\"$(touch " + pwned + ")\"\ntouch " + pwned;
        String evilName = "x$(touch " + pwned + ")'\ntouch " + pwned;
        app.jdbc().update("INSERT INTO vnic_info (node_name, vnic_name, vnic_id, vnic_type) VALUES (?, ?, ?, 'management_vni')",
                node.name(), evilName, evilId);
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir);
        FakeIbmcloud.addresses(node).forEach(ibmcloud::exists);
        ibmcloud.exists(FakeIbmcloud.vni(evilId));

        Reply reply = app.get("/api/cleanup/script/node/" + node.id());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains(Bash.quote(evilId));
        assertThat(ScriptChecks.bashSyntaxErrors(reply.body())).isEmpty();
        FakeIbmcloud.Run run = ibmcloud.run(reply.body(), Map.of("POLL_SECONDS", "0", "WAIT_TIMEOUT_SECONDS", "30"));

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(Files.exists(pwned)).as("an id was executed").isFalse();
        assertThat(ibmcloud.deletes()).contains(List.of("is", "virtual-network-interface-delete", evilId, "--force"));
        assertThat(ibmcloud.calls()).contains(List.of("is", "virtual-network-interface", evilId));
        assertThat(ibmcloud.present(FakeIbmcloud.vni(evilId))).isFalse();
        assertThat(run.stdout()).contains("✓ Deleted virtual_network_interface " + evilName + " [" + evilId + "]");
    }
}
