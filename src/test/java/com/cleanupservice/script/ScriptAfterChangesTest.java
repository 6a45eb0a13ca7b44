package com.cleanupservice.script;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts follow the tracking tables: what a cleanup removed is gone from them, and hostile ids stay data. On the
 * shared application, with deployments and nodes (ids 230-234) of its own.
 */
@SharedSandbox
class ScriptAfterChangesTest {
    private static final String DEPLOYMENT = "sac-deployment";
    private static SandboxApp app;
    /** Laid out like the demo deployment: failed, deployed, timeout, and a record of the deployment's own. */
    private static List<DemoData.Node> nodes;
    private static DemoData.Record deploymentRecord;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        nodes = List.of(DemoData.node(230, "sac-node-230", "failed"), DemoData.node(231, "sac-node-231", "deployed"),
                DemoData.node(232, "sac-node-232", "timeout"));
        DemoData.seed(app.jdbc(), app.simulator(), DEPLOYMENT, nodes, false);
        deploymentRecord = new DemoData.Record("A:sac-deployment-cluster", "sac-cluster." + DemoData.ZONE_NAME, "A", "10.240.230.250");
        app.simulator().createDnsRecord(DemoData.DNS_INSTANCE, DemoData.DNS_ZONE, deploymentRecord.id(), deploymentRecord.name(),
                deploymentRecord.type(), deploymentRecord.rdata());
        app.jdbc().update("""
                INSERT INTO dns_records (node_name, deployment_id, record_name, record_type, rdata, record_id, dns_instance_id, dns_zone_id)
                VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)
                """, DEPLOYMENT, deploymentRecord.name(), deploymentRecord.type(), deploymentRecord.rdata(), deploymentRecord.id(),
                DemoData.DNS_INSTANCE, DemoData.DNS_ZONE);
    }

    @Test
    void afterANodeCleanupItsIdsLeaveTheScriptsAndItsOwnScriptHasNothingToDo(@TempDir Path dir) {
        DemoData.Node cleaned = nodes.get(0);
        Reply cleanup = app.post("/api/cleanup/node/" + cleaned.id());
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);

        // the second node is deployed (live): its resources are in the deployment's script only with force=true
        String deployment = app.get("/api/cleanup/script/" + DEPLOYMENT + "?force=true").body();
        Reply node = app.get("/api/cleanup/script/node/" + cleaned.id());

        CleanupScriptTest.ids(cleaned).forEach(id -> assertThat(deployment).doesNotContain(id));
        CleanupScriptTest.ids(nodes.get(1)).forEach(id -> assertThat(deployment).contains("'" + id + "'"));
        CleanupScriptTest.ids(nodes.get(2)).forEach(id -> assertThat(deployment).contains("'" + id + "'"));
        assertThat(deployment).contains("'" + deploymentRecord.id() + "'");
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
        FakeIbmcloud.Run run = ibmcloud.run(node.body(), Map.of(), "--yes");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("Nothing to clean up");
        assertThat(ibmcloud.calls()).isEmpty();
    }

    @Test
    void controlCharactersInNamesAreEscapedInTheScriptAndInWhatItPrints(@TempDir Path dir) {
        // straight into the database, as an older provisioner could have done (its API now refuses such names)
        String hostile = "\u001b[2J\u001b[H\u009b31m\u0085\u007f\r\n\u2028✓ Done";
        DemoData.Node node = DemoData.node(233, "evil-node" + hostile, "failed");
        DemoData.seed(app.jdbc(), app.simulator(), "evil-deployment", List.of(node), false);
        app.jdbc().update("UPDATE vnic_info SET vnic_name = ? WHERE vnic_id = ?", "vni" + hostile, node.mgmtVniId());
        String shown = "\\x1b[2J\\x1b[H\\x9b31m\\x85\\x7f\\x0d\\n\\u2028✓ Done";
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir);
        FakeIbmcloud.addresses(node).forEach(ibmcloud::exists);

        Reply reply = app.get("/api/cleanup/script/node/233");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String script = reply.body();
        FakeIbmcloud.Run run = ibmcloud.run(script, Map.of("POLL_SECONDS", "0", "WAIT_TIMEOUT_SECONDS", "30"), "--yes");

        assertThat(script).contains("# Cleanup script for node evil-node" + shown + " (id 233",
                "'virtual_network_interface vni" + shown + " [" + node.mgmtVniId() + "]'");
        // the script's own lines are its only line breaks; nothing else a terminal or an editor would act on
        assertThat(controlCharacters(script.replace("\n", ""))).isEmpty();
        assertThat(ScriptChecks.bashSyntaxErrors(script)).isEmpty();
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("Cleaning up node evil-node" + shown + " (id 233",
                "✓ Deleted virtual_network_interface vni" + shown, "✓ Deleted bare_metal_server evil-node" + shown);
        assertThat(controlCharacters((run.stdout() + run.stderr()).replace("\n", ""))).isEmpty();
    }

    /** The C0, DEL, C1 and line separator characters of {@code text}, as code points. */
    private static List<Integer> controlCharacters(String text) {
        return text.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029).boxed().toList();
    }

    @Test
    void anIdThatLooksLikeCodeIsPassedAsOneArgumentAndNeverRuns(@TempDir Path dir) {
        DemoData.Node node = DemoData.node(234, "sac-code-node-234", "timeout");
        DemoData.seed(app.jdbc(), app.simulator(), "sac-code-deployment", List.of(node), false);
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
        FakeIbmcloud.Run run = ibmcloud.run(reply.body(), Map.of("POLL_SECONDS", "0", "WAIT_TIMEOUT_SECONDS", "30"), "--yes");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(Files.exists(pwned)).as("an id was executed").isFalse();
        assertThat(ibmcloud.deletes()).contains(List.of("is", "virtual-network-interface-delete", evilId, "--force"));
        assertThat(ibmcloud.calls()).contains(List.of("is", "virtual-network-interface", evilId));
        assertThat(ibmcloud.present(FakeIbmcloud.vni(evilId))).isFalse();
        assertThat(run.stdout()).contains("✓ Deleted virtual_network_interface " + Bash.visible(evilName) + " [" + Bash.visible(evilId) + "]");
    }
}
