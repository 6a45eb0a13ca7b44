package com.cleanupservice.script;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo deployment's script through the real service, then run against the stand-in {@code ibmcloud}: the exact
 * deletes, in dependency order, and nothing else; and nothing at all unless the CLI, once told to target the rows'
 * account and region, shows it a session there and answers every show with the resource or a "not found". Read-only on the demo data (changes
 * are in ScriptAfterChangesTest).
 */
class CleanupScriptTest {
    /** Not the default region, so that the configured one is seen to reach the script. */
    private static final String REGION = "eu-de";
    private static final Map<String, String> FAST = Map.of("POLL_SECONDS", "0", "WAIT_TIMEOUT_SECONDS", "30");
    /** The demo's node 02 is deployed (live): its deployment's script needs force=true (ScriptGuardTest). */
    private static final String DEPLOYMENT_SCRIPT = "/api/cleanup/script/" + DemoData.DEPLOYMENT + "?force=true";
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.ibm.region", REGION));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void theDeploymentScriptIsABashDownloadWithEveryExactId() {
        Reply reply = app.get(DEPLOYMENT_SCRIPT);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/x-shellscript");
        assertThat(reply.header("Content-Disposition")).isEqualTo("attachment; filename=cleanup-demo-deployment.sh");
        String script = reply.body();
        assertThat(script).startsWith("#!/usr/bin/env bash\n").contains("\nset -euo pipefail\n")
                .contains("\nIBMCLOUD=\"${IBMCLOUD:-ibmcloud}\"\n", "\ntarget_place 'sandbox' 'sandbox0account0000000000000000' 'eu-de'\n",
                        "\nDNS_INSTANCE_ID=\"${DNS_INSTANCE_ID:-}\"\n",
                        "\nDNS_ZONE_ID=\"${DNS_ZONE_ID:-}\"\n", "\nWAIT_TIMEOUT_SECONDS=\"${WAIT_TIMEOUT_SECONDS:-1800}\"\n",
                        "\nPOLL_SECONDS=\"${POLL_SECONDS:-10}\"\n")
                .contains("the 37 tracked resource(s) not yet marked GONE");
        assertThat(ScriptChecks.bashSyntaxErrors(script)).isEmpty();
        for (DemoData.Node node : DemoData.nodes()) {
            for (String id : ids(node)) {
                assertThat(script).as(node.name()).contains("'" + id + "'");
            }
        }
        assertThat(script).contains("'" + DemoData.clusterRecord().id() + "'");
        // exact ids only: no listing, no search by name
        assertThat(script).doesNotContain("contains(", "grep", "jq", "resource-records", "reserved-ips ", "select(");
        // every command goes through the configurable CLI, never a literal ibmcloud
        assertThat(script.lines().filter(l -> !l.startsWith("#")).filter(l -> l.matches(".*(^|\\s)ibmcloud\\s.*")))
                .as("lines calling ibmcloud directly").isEmpty();
    }

    @Test
    void theDeploymentScriptPassesShellcheck() {
        Assumptions.assumeTrue(ScriptChecks.shellcheckInstalled(), "shellcheck is not installed");

        String script = app.get(DEPLOYMENT_SCRIPT).body();

        assertThat(ScriptChecks.shellcheckFindings(script)).isEmpty();
    }

    @Test
    void runAgainstAStandInItDeletesExactlyTheTrackedResourcesInDependencyOrder(@TempDir Path dir) {
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir, REGION);
        List<List<String>> all = new ArrayList<>();
        DemoData.nodes().forEach(n -> all.addAll(FakeIbmcloud.addresses(n)));
        all.add(FakeIbmcloud.dnsRecord(DemoData.clusterRecord().id()));
        all.forEach(ibmcloud::exists);
        String script = app.get(DEPLOYMENT_SCRIPT).body();

        FakeIbmcloud.Run run = ibmcloud.run(script, FAST, "--yes");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        List<List<String>> deletes = ibmcloud.deletes();
        assertThat(deletes).containsExactlyElementsOf(expectedDeletes());
        // the order the issue asks for, independently of how the generator sorts inside a step
        for (DemoData.Node n : DemoData.nodes()) {
            int server = indexOf(deletes, n.serverId());
            int lastVni = Math.max(indexOf(deletes, n.mgmtVniId()), indexOf(deletes, n.workloadVniId()));
            int firstVni = Math.min(indexOf(deletes, n.mgmtVniId()), indexOf(deletes, n.workloadVniId()));
            assertThat(server).as("server before VNIs of " + n.name()).isLessThan(firstVni);
            n.ips().forEach(ip -> assertThat(indexOf(deletes, ip.id())).as("VNIs before " + ip.type() + " IP").isGreaterThan(lastVni));
            int ptr = indexOf(deletes, n.records().get(3).id());
            int a = indexOf(deletes, n.records().get(0).id());
            assertThat(ptr).as("PTR before the A record it points to").isLessThan(a);
        }
        assertThat(all).allSatisfy(address -> assertThat(ibmcloud.present(address)).as(address.toString()).isFalse());
        assertThat(run.stdout()).contains("✓ Deleted bare_metal_server nutanix-poc-bm-node-01 [" + DemoData.nodes().get(0).serverId() + "]")
                .contains("✓ Done");
        // only show and delete commands of the tracked ids were issued (the fake exits 2 on anything else)
        assertThat(ibmcloud.calls()).first().isEqualTo(List.of("target"));
        assertThat(ibmcloud.resourceCalls()).allSatisfy(call -> assertThat(call.get(1)).isIn("bare-metal-server",
                "bare-metal-server-delete", "virtual-network-interface", "virtual-network-interface-delete",
                "subnet-reserved-ip", "subnet-reserved-ip-delete", "resource-record", "resource-record-delete"));

        // run again: every show answers "not found" (VPC codes ending in not_found, DNS a 404), nothing is deleted,
        // and that is success
        int deletesBefore = ibmcloud.deletes().size();
        FakeIbmcloud.Run again = ibmcloud.run(script, FAST, "--yes");
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        assertThat(ibmcloud.deletes()).hasSize(deletesBefore);
        assertThat(again.stdout()).contains("· already gone: bare_metal_server nutanix-poc-bm-node-01",
                "· already gone: dns_record", "· already gone: subnet_reserved_ip", "✓ Done");
    }

    @Test
    void withoutASessionNothingIsDeletedAndTheScriptSaysWhy(@TempDir Path dir) {
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir, REGION);
        DemoData.nodes().forEach(n -> FakeIbmcloud.addresses(n).forEach(ibmcloud::exists));
        String script = app.get(DEPLOYMENT_SCRIPT).body();

        FakeIbmcloud.Run run = ibmcloud.run(script, FakeIbmcloud.LOGGED_OUT, "--yes");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("ibmcloud is not logged in", "run 'ibmcloud login'",
                "Not logged in. Use 'ibmcloud login' to log in.");
        assertThat(run.stdout() + run.stderr()).doesNotContain("Done", "already gone", "Deleted");
        assertThat(ibmcloud.calls()).containsExactly(List.of("target"));
    }

    @Test
    void aCliThatFailsEverythingDeletesNothingAndIsNoSuccess(@TempDir Path dir) {
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir, REGION);
        List<List<String>> all = FakeIbmcloud.addresses(DemoData.nodes().get(0));
        all.forEach(ibmcloud::exists);
        String script = app.get(DEPLOYMENT_SCRIPT).body();

        FakeIbmcloud.Run run = ibmcloud.run(script, Map.of("IBMCLOUD", "/bin/false"), "--yes");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("ibmcloud is not logged in (or does not work)", "'/bin/false target' exited 1");
        assertThat(run.stdout() + run.stderr()).doesNotContain("Done", "already gone");
        assertThat(ibmcloud.calls()).isEmpty();
        assertThat(all).allSatisfy(address -> assertThat(ibmcloud.present(address)).isTrue());
    }

    @Test
    void aCliThatDoesNotSwitchToTheRegionOrAccountDeletesNothing(@TempDir Path dir) {
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir, "us-south");
        List<List<String>> all = new ArrayList<>();
        DemoData.nodes().forEach(n -> all.addAll(FakeIbmcloud.addresses(n)));
        all.forEach(ibmcloud::exists);
        String script = app.get(DEPLOYMENT_SCRIPT).body();
        Map<String, String> ignoring = new java.util.HashMap<>(FAST);
        ignoring.put("FAKE_IBMCLOUD_IGNORE_TARGET", "1");

        // the target command says it switched, but 'ibmcloud target' shows another region: only what it shows counts
        FakeIbmcloud.Run other = ibmcloud.run(script, ignoring, "--yes");
        assertThat(other.exitCode()).as(other.stdout() + other.stderr()).isEqualTo(2);
        assertThat(other.stderr()).contains("after 'ibmcloud target -c sandbox0account0000000000000000 -r eu-de', the CLI's session targets region us-south, "
                + "not eu-de: stopped before deleting anything in account sandbox (sandbox0account0000000000000000), region eu-de");

        ignoring.put("FAKE_IBMCLOUD_REGION", "");
        FakeIbmcloud.Run none = ibmcloud.run(script, ignoring, "--yes");
        assertThat(none.exitCode()).as(none.stdout() + none.stderr()).isEqualTo(2);
        assertThat(none.stderr()).contains("the CLI's session targets no region, not eu-de");

        // the region is right, the account is not
        ignoring.put("FAKE_IBMCLOUD_REGION", REGION);
        FakeIbmcloud.Run account = ibmcloud.run(script, ignoring, "--yes");
        assertThat(account.exitCode()).as(account.stdout() + account.stderr()).isEqualTo(2);
        assertThat(account.stderr()).contains("the CLI's session targets account 0123456789abcdef, not sandbox0account0000000000000000 (sandbox)");

        // an account the user may not target: the target command fails, the script stops
        Map<String, String> noAccess = new java.util.HashMap<>(FAST);
        noAccess.put("FAKE_IBMCLOUD_ACCOUNTS", "0123456789abcdef");
        FakeIbmcloud.Run refused = ibmcloud.run(script, noAccess, "--yes");
        assertThat(refused.exitCode()).as(refused.stdout() + refused.stderr()).isEqualTo(2);
        assertThat(refused.stderr()).contains("could not target account sandbox (sandbox0account0000000000000000), region eu-de",
                "Account 'sandbox0account0000000000000000' was not found");

        for (FakeIbmcloud.Run run : List.of(other, none, account, refused)) {
            assertThat(run.stdout() + run.stderr()).doesNotContain("Done", "already gone", "Deleted");
        }
        assertThat(ibmcloud.resourceCalls()).isEmpty();
        assertThat(all).allSatisfy(address -> assertThat(ibmcloud.present(address)).isTrue());

        // a REGION override would send the lookups elsewhere: refused before any call
        FakeIbmcloud.Run overridden = ibmcloud.run(script, Map.of("REGION", "us-south", "POLL_SECONDS", "0"), "--yes");
        assertThat(overridden.exitCode()).as(overridden.stdout() + overridden.stderr()).isEqualTo(2);
        assertThat(overridden.stderr()).contains("REGION is set ('us-south')");

        // a CLI that follows: the script switches it itself, from whatever it targeted before; REGION naming the one
        // region every block is in (what scripts before accounts and regions took) is accepted
        Map<String, String> sameRegion = new java.util.HashMap<>(FAST);
        sameRegion.put("REGION", REGION);
        FakeIbmcloud.Run switched = ibmcloud.run(script, sameRegion, "--yes");
        assertThat(switched.exitCode()).as(switched.stdout() + switched.stderr()).isZero();
        assertThat(switched.stdout()).contains("✓ the CLI targets account sandbox (sandbox0account0000000000000000), region eu-de", "✓ Done");
        assertThat(all).allSatisfy(address -> assertThat(ibmcloud.present(address)).isFalse());
    }

    @Test
    void aShowThatFailsForAnotherReasonStopsTheScriptBeforeWhatDependsOnIt(@TempDir Path dir) {
        DemoData.Node node = DemoData.nodes().get(0);
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir, REGION);
        FakeIbmcloud.addresses(node).forEach(ibmcloud::exists);
        // the VNI its step checks first answers a 500 (with a hostile byte in it, which must not reach the terminal)
        String firstVni = Stream.of(node.mgmtVniId(), node.workloadVniId()).sorted().findFirst().orElseThrow();
        ibmcloud.showFails(FakeIbmcloud.vni(firstVni), "Error Code: internal_error\nError Message: \u001b[2Jsomething broke\nStatus code: 500");
        String script = app.get("/api/cleanup/script/node/" + node.name()).body();

        FakeIbmcloud.Run run = ibmcloud.run(script, FAST, "--yes");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(1);
        assertThat(run.stderr()).contains("cannot tell whether virtual_network_interface", firstVni,
                "without saying it was not found", "Error Code: internal_error", "\\x1b[2Jsomething broke")
                .doesNotContain("\u001b");
        assertThat(run.stdout()).doesNotContain("Done");
        // the server went (step 1); nothing of the VNI step or after it was deleted
        assertThat(ibmcloud.deletes()).containsExactly(List.of("is", "bare-metal-server-delete", node.serverId(), "--force"));
        // and the service is to be told about what did go
        assertThat(run.stderr()).contains("1 resource(s) were deleted before it stopped", "cleanup-helper.sh reconcile " + node.id());
        assertThat(ibmcloud.present(FakeIbmcloud.vni(firstVni))).isTrue();
        node.ips().forEach(ip -> assertThat(ibmcloud.present(FakeIbmcloud.reservedIp(ip.subnetId(), ip.id()))).isTrue());
    }

    @Test
    void aPollThatFailsIsNotGoneAndStopsTheScript(@TempDir Path dir) {
        DemoData.Node node = DemoData.nodes().get(0);
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir, REGION);
        FakeIbmcloud.addresses(node).forEach(ibmcloud::exists);
        ibmcloud.showFailsAfterDelete(FakeIbmcloud.server(node.serverId()), "Error Code: forbidden\nStatus code: 403");
        String script = app.get("/api/cleanup/script/node/" + node.name()).body();

        FakeIbmcloud.Run run = ibmcloud.run(script, FAST, "--yes");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).contains("✓ Deleted bare_metal_server").doesNotContain("all gone", "Done");
        assertThat(run.stderr()).contains("cannot tell whether bare_metal_server", "Error Code: forbidden");
        assertThat(ibmcloud.deletes()).containsExactly(List.of("is", "bare-metal-server-delete", node.serverId(), "--force"));
    }

    @Test
    void aDeleteThatFailsStopsTheScriptWithWhatTheCliSaid(@TempDir Path dir) {
        DemoData.Node node = DemoData.nodes().get(0);
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir, REGION);
        FakeIbmcloud.addresses(node).forEach(ibmcloud::exists);
        ibmcloud.deleteFails(FakeIbmcloud.server(node.serverId()), "Error Code: bare_metal_server_in_use\u009b2J\nStatus code: 409");
        String script = app.get("/api/cleanup/script/node/" + node.name()).body();

        FakeIbmcloud.Run run = ibmcloud.run(script, FAST, "--yes");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(1);
        assertThat(run.stderr()).contains("could not delete bare_metal_server", "(exit 1); nothing that depends on it was touched",
                "bare_metal_server_in_use\\x9b2J").doesNotContain("\u009b");
        assertThat(run.stdout()).doesNotContain("Done");
        assertThat(ibmcloud.present(FakeIbmcloud.server(node.serverId()))).isTrue();
        assertThat(ibmcloud.deletes()).hasSize(1);
    }

    @Test
    void aResourceThatNeverGoesStopsTheScriptAfterTheTimeout(@TempDir Path dir) {
        DemoData.Node node = DemoData.nodes().get(1);
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir, REGION);
        FakeIbmcloud.addresses(node).forEach(ibmcloud::exists);
        ibmcloud.neverGoes(FakeIbmcloud.server(node.serverId()));
        String script = app.get("/api/cleanup/script/node/" + node.name() + "?force=true").body();

        FakeIbmcloud.Run run = ibmcloud.run(script, Map.of("POLL_SECONDS", "1", "WAIT_TIMEOUT_SECONDS", "1"), "--yes");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(1);
        assertThat(run.stderr()).contains("step 1 of 5: bare_metal_server (1): 1 resource(s) still present after 1s; stopped before the next step");
        // the server's delete was sent; nothing that waits for it was touched, nor any later step
        assertThat(ibmcloud.deletes()).containsExactly(List.of("is", "bare-metal-server-delete", node.serverId(), "--force"));
        assertThat(ibmcloud.present(FakeIbmcloud.vni(node.workloadVniId()))).isTrue();
    }

    @Test
    void aNodeScriptByNameOrByIdHoldsThatNodeOnly() {
        DemoData.Node node = DemoData.nodes().get(0);

        Reply byName = app.get("/api/cleanup/script/node/" + node.name());
        Reply byId = app.get("/api/cleanup/script/node/" + node.id());

        for (Reply reply : List.of(byName, byId)) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.header("Content-Type")).startsWith("text/x-shellscript");
            assertThat(reply.header("Content-Disposition")).isEqualTo("attachment; filename=cleanup-" + node.name() + ".sh");
            assertThat(ScriptChecks.bashSyntaxErrors(reply.body())).isEmpty();
            ids(node).forEach(id -> assertThat(reply.body()).contains("'" + id + "'"));
            ids(DemoData.nodes().get(1)).forEach(id -> assertThat(reply.body()).doesNotContain(id));
            assertThat(reply.body()).doesNotContain(DemoData.clusterRecord().id())
                    .contains("Cleanup script for node " + node.name() + " (id 1, deployment demo-deployment)");
        }
        assertThat(withoutTimestamp(byName.body())).isEqualTo(withoutTimestamp(byId.body()));
    }

    @Test
    void anUnknownTargetIsA404InJson() {
        Reply deployment = app.get("/api/cleanup/script/no-such-deployment");
        Reply node = app.get("/api/cleanup/script/node/no-such-node");
        Reply invalid = app.get("/api/cleanup/script/demo%20deployment");

        assertThat(deployment.status()).isEqualTo(404);
        assertThat(deployment.header("Content-Type")).startsWith("application/json");
        assertThat(deployment.header("Content-Disposition")).isNull();
        assertThat(deployment.json().get("error").asText()).isEqualTo("Deployment not found: no-such-deployment");
        assertThat(deployment.json().get("status").asInt()).isEqualTo(404);
        assertThat(node.status()).isEqualTo(404);
        assertThat(node.json().get("error").asText()).isEqualTo("Node not found: no-such-node");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("error").asText()).startsWith("invalid id");
    }

    /** Steps in plan order; inside a step by id (the planner's order). */
    private static List<List<String>> expectedDeletes() {
        List<DemoData.Node> nodes = DemoData.nodes();
        List<List<String>> expected = new ArrayList<>();
        nodes.stream().map(DemoData.Node::serverId).sorted()
                .forEach(id -> expected.add(List.of("is", "bare-metal-server-delete", id, "--force")));
        nodes.stream().flatMap(n -> Stream.of(n.mgmtVniId(), n.workloadVniId())).sorted()
                .forEach(id -> expected.add(List.of("is", "virtual-network-interface-delete", id, "--force")));
        nodes.stream().flatMap(n -> n.ips().stream()).sorted(Comparator.comparing(DemoData.Ip::id))
                .forEach(ip -> expected.add(List.of("is", "subnet-reserved-ip-delete", ip.subnetId(), ip.id(), "--force")));
        List<DemoData.Record> records = new ArrayList<>();
        nodes.forEach(n -> records.addAll(n.records()));
        records.add(DemoData.clusterRecord());
        records.stream().filter(r -> r.type().equals("PTR")).map(DemoData.Record::id).sorted().forEach(id -> expected.add(dnsDelete(id)));
        records.stream().filter(r -> !r.type().equals("PTR")).map(DemoData.Record::id).sorted().forEach(id -> expected.add(dnsDelete(id)));
        return expected;
    }

    private static List<String> dnsDelete(String id) {
        return List.of("dns", "resource-record-delete", DemoData.DNS_ZONE, id, "-i", DemoData.DNS_INSTANCE, "--force");
    }

    static List<String> ids(DemoData.Node node) {
        List<String> ids = new ArrayList<>(List.of(node.serverId(), node.mgmtVniId(), node.workloadVniId()));
        node.ips().forEach(ip -> ids.add(ip.id()));
        node.records().forEach(r -> ids.add(r.id()));
        return ids;
    }

    private static int indexOf(List<List<String>> deletes, String id) {
        for (int i = 0; i < deletes.size(); i++) {
            if (deletes.get(i).contains(id)) {
                return i;
            }
        }
        throw new AssertionError(id + " was not deleted");
    }

    private static String withoutTimestamp(String script) {
        return script.replaceAll("# Generated \\S+ ", "# Generated ");
    }
}
