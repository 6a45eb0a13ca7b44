package com.cleanupservice.cli;

import com.cleanupservice.cli.HelperRun.Result;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's helper script ({@code scripts/cleanup-helper.sh}) against the real service: every command of the
 * seed spec as written there, plus dry-run, failures, retry and runs; exit codes 0 (success), 1 (partial),
 * 2 (error). Where the seed's examples use the demo nodes 1-3, a deployment laid out like the demo one stands in for
 * them ({@code cli-demo}, nodes 191-193: failed, deployed, timeout); everything else seeds its own nodes (180-190). On
 * the shared application.
 */
@SharedSandbox
class HelperScriptTest {
    private static final List<String> COMMANDS = List.of("status", "status-node", "status-deployment", "resources", "cleanup-node",
            "cleanup-deployment", "dry-run", "validate", "cleanup-orphaned", "batch-nodes", "batch-deployments",
            "batch-validate", "script", "reconcile", "failures", "retry", "runs", "drift", "interactive", "help");

    private static SandboxApp app;
    private static IbmCloudSimulator sim;
    private static List<DemoData.Node> demo;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
        demo = List.of(DemoData.node(191, "cli-demo-node-191", "failed"), DemoData.node(192, "cli-demo-node-192", "deployed"),
                DemoData.node(193, "cli-demo-node-193", "timeout"));
        DemoData.seed(app.jdbc(), sim, "cli-demo", demo, false);
    }

    @AfterEach
    void clearFaults() {
        sim.faults().clear();
    }

    private static HelperRun helper() {
        return HelperRun.at(app.baseUrl());
    }

    @Test
    void helpNeedsNoServerAndExistsForEveryCommand() {
        HelperRun nowhere = HelperRun.at("http://127.0.0.1:" + closedPort());
        assertThat(Files.isExecutable(HelperRun.SCRIPT)).as("mode 755").isTrue();

        for (String flag : List.of("--help", "-h", "help")) {
            Result help = nowhere.run(flag);
            assertThat(help.exit()).as(help.toString()).isZero();
            COMMANDS.forEach(c -> assertThat(help.stdout()).as(flag).contains(c));
            assertThat(help.stdout()).contains("CLEANUP_URL", "CLEANUP_API_TOKEN", "Exit codes");
        }
        for (String command : COMMANDS) {
            Result help = nowhere.run(command, "--help");
            assertThat(help.exit()).as(command + ": " + help).isZero();
            assertThat(help.stdout()).as(command).contains("Usage: cleanup-helper.sh " + (command.equals("help") ? "" : command));
        }
        assertThat(nowhere.run("help", "validate").stdout()).contains("validate --deployment");

        Result unknown = nowhere.run("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("unknown command 'frobnicate'");
        Result missing = nowhere.run("cleanup-node");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.stderr()).contains("a node id or name is required", "Usage: cleanup-helper.sh cleanup-node");
        Result badHours = nowhere.run("cleanup-orphaned", "two");
        assertThat(badHours.exit()).isEqualTo(2);
        assertThat(badHours.stderr()).contains("whole number");
    }

    @Test
    void anUnreachableServiceIsAnError() {
        Result r = HelperRun.at("http://127.0.0.1:" + closedPort()).run("status");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("cannot reach the cleanup service");
    }

    @Test
    void anOptionWithoutItsValueIsAUsageErrorNeverAnUnfilteredRequest() {
        for (String[] args : new String[][] {{"failures", "--node"}, {"failures", "--node", ""}, {"failures", "--deployment", "--all"},
                {"runs", "--kind"}, {"runs", "--state", ""}}) {
            Result r = HelperRun.at("http://127.0.0.1:" + closedPort()).run(args);

            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.stderr()).as(String.join(" ", args)).contains("needs a value").doesNotContain("cannot reach");
        }
    }

    @Test
    void pxeServerIsTheFallbackWhenCleanupUrlIsUnset() {
        Result r = helper().withoutEnv("CLEANUP_URL").env("PXE_SERVER", app.baseUrl().substring("http://".length()))
                .run("status");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Nodes by status:");
    }

    @Test
    void statusOverallNodeAndDeployment() throws IOException {
        Result overall = helper().run("status");
        assertThat(overall.exit()).as(overall.toString()).isZero();
        assertThat(overall.stdout()).contains("Nodes by status:", "Cleanup needed:", "cleanup completed:");

        Result node = helper().run("status-node", "cli-demo-node-193");
        assertThat(node.exit()).as(node.toString()).isZero();
        assertThat(node.stdout()).contains("Node cli-demo-node-193 (id 193)", "status: timeout", "bare_metal_server:");

        Result deployment = helper().run("status-deployment", "cli-demo");
        assertThat(deployment.exit()).as(deployment.toString()).isZero();
        assertThat(deployment.stdout()).contains("Deployment cli-demo: 3 node(s)", "cli-demo-node-191",
                "cli-demo-node-192", "cli-demo-node-193");

        Result unknown = helper().run("status-node", "no-such-node");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("HTTP 404");

        Result json = helper().run("--json", "status");
        assertThat(json.exit()).isZero();
        JsonNode parsed = new ObjectMapper().readTree(json.stdout());
        assertThat(parsed.has("overall_status")).as(json.stdout()).isTrue();
    }

    @Test
    void dryRunPrintsThePlanAndDeletesNothing() {
        long deletesBefore = deletes();

        Result r = helper().run("dry-run", "193");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("12 deletion(s) planned", "Lane 1:", "Step 1", "bare_metal_server_deletion",
                "vni_deletion", "ip_reservation_deletion", "dns_record_deletion", "DELETE /v1/bare_metal_servers/", ") in sandbox/us-south", ") in sandbox\n");
        assertThat(deletes()).isEqualTo(deletesBefore);
        assertThat(app.jdbc().rows("SELECT deployment_status FROM nodes WHERE id = 193").get(0))
                .containsEntry("deployment_status", "timeout");
    }

    @Test
    void cleanupNode1ThenValidateIt() {
        Result before = helper().run("validate", "191");
        assertThat(before.exit()).as("not yet cleaned: " + before).isEqualTo(1);
        assertThat(before.stdout()).contains("cleanup NOT complete", "FAIL bare_metal_server");

        Result cleanup = helper().run("cleanup-node", "191");
        assertThat(cleanup.exit()).as(cleanup.toString()).isZero();
        assertThat(cleanup.stdout()).contains("Cleanup completed successfully for node 191", "cli-demo-node-191",
                "ok   bare_metal_server_deletion", "13 of 13 operation(s) successful", "100.0%");
        assertThat(sim.exists("bare_metal_server", demo.get(0).serverId())).isFalse();

        Result after = helper().run("validate", "191");
        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(after.stdout()).contains("cleanup complete", "PASS bare_metal_server", "PASS dns_records");
    }

    @Test
    void aLiveNodeNeedsForceAndItsTypedName() {
        DemoData.Node node2 = demo.get(1);

        Result refused = helper().run("cleanup-node", "192");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains("HTTP 409", "deployed", "--force");

        Result wrongName = helper().stdin("cli-demo-node-191\n").run("cleanup-node", "192", "--force");
        assertThat(wrongName.exit()).as(wrongName.toString()).isEqualTo(2);
        assertThat(wrongName.stderr()).contains("Type 'cli-demo-node-192' to confirm", "does not match",
                "nothing was cleaned up");

        Result nothingTyped = helper().stdin("").run("cleanup-node", "192", "--force");
        assertThat(nothingTyped.exit()).as(nothingTyped.toString()).isEqualTo(2);
        assertThat(nothingTyped.stderr()).contains("no confirmation could be read");

        assertThat(sim.stats().count("delete_bare_metal_server", node2.serverId())).isZero();
        assertThat(sim.exists("bare_metal_server", node2.serverId())).isTrue();
        assertThat(app.jdbc().rows("SELECT deployment_status FROM nodes WHERE id = 192").get(0))
                .containsEntry("deployment_status", "deployed");

        Result confirmed = helper().stdin("cli-demo-node-192\n").run("cleanup-node", "192", "--force");
        assertThat(confirmed.exit()).as(confirmed.toString()).isZero();
        assertThat(confirmed.stdout()).contains("Cleanup completed successfully", "100.0%");
        assertThat(sim.exists("bare_metal_server", node2.serverId())).isFalse();
    }

    @Test
    void asyncCleanupShowsProgressUntilTheRunIsFinished() {
        DemoData.Node node = seed(180, "cli-async-180", "failed", "cli-async");

        Result r = helper().run("cleanup-node", node.name(), "--async");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("Accepted as run ");
        assertThat(r.stdout()).contains("progress: [", "completed", "Cleanup completed successfully", "100.0%");
        assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();
    }

    @Test
    void aPartialCleanupExits1AndItsFailureCanBeListedAndRetried() {
        DemoData.Node node = seed(181, "cli-partial-181", "failed", "cli-partial");
        String cvm = node.ips().get(2).id();
        sim.faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(cvm));
        try {
            Result partial = helper().run("cleanup-node", node.name());
            assertThat(partial.exit()).as(partial.toString()).isEqualTo(1);
            assertThat(partial.stdout()).contains("Cleanup completed with errors", "FAIL ip_reservation_deletion",
                    "12 of 13 operation(s) successful", "92.3%", "failures --node " + node.name());
        } finally {
            sim.faults().clear();
        }
        long failureId = app.get("/api/cleanup/failures?node_name=" + node.name()).json().at("/failures/0/id").asLong();

        Result failures = helper().run("failures", "--node", node.name());
        assertThat(failures.exit()).as(failures.toString()).isZero();
        assertThat(failures.stdout()).contains("#" + failureId + " open", node.name(), "subnet_reserved_ip", cvm, "403",
                "1 failure(s).");

        Result retried = helper().run("retry", String.valueOf(failureId));
        assertThat(retried.exit()).as(retried.toString()).isZero();
        assertThat(retried.stdout()).contains("Retried failure #" + failureId + ": now resolved", "100.0%");
        assertThat(sim.exists("subnet_reserved_ip", cvm)).isFalse();

        Result again = helper().run("retry", String.valueOf(failureId));
        assertThat(again.exit()).as("no longer open").isEqualTo(2);
        assertThat(again.stderr()).contains("HTTP 409");
        assertThat(helper().run("failures", "--node", node.name()).stdout()).contains("No open failures.");
        assertThat(helper().run("failures", "--node", node.name(), "--all").stdout()).contains("#" + failureId + " resolved");
    }

    @Test
    void runsListsRunsAndShowsOne() {
        DemoData.Node node = seed(182, "cli-runs-182", "failed", "cli-runs");
        String runId = app.post("/api/cleanup/node/" + node.name()).json().get("run_id").asText();

        Result list = helper().run("runs", "--limit", "50");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains(runId, node.name());

        Result one = helper().run("runs", runId);
        assertThat(one.exit()).as(one.toString()).isZero();
        assertThat(one.stdout()).contains("Run " + runId, "state: completed", "[##############################] 100%",
                "Result:", "100.0%");

        Result waited = helper().run("runs", runId, "--wait");
        assertThat(waited.exit()).as(waited.toString()).isZero();
        assertThat(waited.stdout()).contains("progress: [", "Cleanup completed successfully");

        assertThat(helper().run("runs", "not-a-run").exit()).isEqualTo(2);
    }

    @Test
    void scriptWritesAnExecutableFile(@TempDir Path dir) throws Exception {
        // node 192 is live unless another test cleaned it: --force with --yes gets the script either way
        Result r = helper().in(dir).run("--yes", "script", "cli-demo", "--force");

        assertThat(r.exit()).as(r.toString()).isZero();
        Path file = dir.resolve("cleanup-cli-demo.sh");
        assertThat(file).exists();
        assertThat(Files.isExecutable(file)).isTrue();
        assertThat(Files.readString(file)).startsWith("#!").contains("cli-demo");
        assertThat(r.stdout()).contains("Wrote cleanup-cli-demo.sh");
        assertThat(bashSyntaxCheck(file)).isZero();

        Result node = helper().in(dir).run("script", "--node", "193", "node3.sh");
        assertThat(node.exit()).as(node.toString()).isZero();
        assertThat(Files.isExecutable(dir.resolve("node3.sh"))).isTrue();

        // the seed's example id does not exist here: a clear error and no file
        Result unknown = helper().in(dir).run("script", "deployment-123");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("HTTP 404", "deployment-123");
        assertThat(dir.resolve("cleanup-deployment-123.sh")).doesNotExist();
    }

    @Test
    void cleanupOrphanedSendsTheHours() {
        DemoData.Node node = seed(183, "cli-orphan-183", "failed", "cli-orphan");
        app.jdbc().update("UPDATE nodes SET updated_at = now() - make_interval(hours => ?) WHERE id = ?", 9000, 183);

        Result r = helper().run("cleanup-orphaned", "8760");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Orphaned nodes cleaned: 1 (not updated for 8760 h)", node.name());
        assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();

        Result outOfRange = helper().run("cleanup-orphaned", "0");
        assertThat(outOfRange.exit()).isEqualTo(2);
        assertThat(outOfRange.stderr()).contains("HTTP 400", "max_age_hours");
    }

    @Test
    void batchNodesAndBatchValidate() {
        DemoData.Node a = seed(184, "cli-batch-184", "failed", "cli-batch");
        DemoData.Node b = seed(185, "cli-batch-185", "error", "cli-batch");

        // the seed's own example names: not here, so every target fails - a clear answer, not a crash
        Result seedExample = helper().run("batch-nodes", "node1,node2,node3");
        assertThat(seedExample.exit()).as(seedExample.toString()).isEqualTo(1);
        assertThat(seedExample.stdout()).contains("FAIL node1", "not found", "0 of 3 target(s) successful");

        Result cleaned = helper().run("batch-nodes", " " + a.name() + ",," + b.name() + ",");
        assertThat(cleaned.exit()).as(cleaned.toString()).isZero();
        assertThat(cleaned.stdout()).contains("ok   " + a.name(), "ok   " + b.name(), "2 of 2 target(s) successful", "100.0%");

        Result clean = helper().run("batch-validate", a.name() + "," + b.name());
        assertThat(clean.exit()).as(clean.toString()).isZero();
        assertThat(clean.stdout()).contains("CLEAN  " + a.name(), "CLEAN  " + b.name());

        Result issues = helper().run("batch-validate", a.name() + ",node2");
        assertThat(issues.exit()).as(issues.toString()).isEqualTo(1);
        assertThat(issues.stdout()).contains("ISSUES node2", "1 of 2 target(s) successful");

        assertThat(helper().run("batch-nodes", ",,").exit()).isEqualTo(2);
    }

    @Test
    void cleanupDeploymentRefusesLiveNodesUntilTheIdIsTyped() {
        DemoData.Node live = seed(186, "cli-deploy-186", "deployed", "cli-deploy");
        DemoData.Node failed = seed(187, "cli-deploy-187", "failed", "cli-deploy");

        Result refused = helper().run("cleanup-deployment", "cli-deploy");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains("HTTP 409", live.name(), "--force");

        // the seed's example passes a node name as the deployment id
        Result nodeName = helper().run("cleanup-deployment", "cli-demo-node-191");
        assertThat(nodeName.exit()).isEqualTo(2);
        assertThat(nodeName.stderr()).contains("is a node, not a deployment", "cleanup-node cli-demo-node-191");

        Result wrong = helper().stdin("cli-demo\n").run("cleanup-deployment", "cli-deploy", "--force");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(sim.exists("bare_metal_server", live.serverId())).isTrue();

        Result forced = helper().stdin("cli-deploy\n").run("cleanup-deployment", "cli-deploy", "--force", "--async");
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(forced.stdout()).contains("progress: [", "Deployment cli-deploy, 2 node(s) cleaned", "ok   " + live.name(),
                "ok   " + failed.name(), "100.0%");
        assertThat(sim.exists("bare_metal_server", live.serverId())).isFalse();
        assertThat(sim.exists("bare_metal_server", failed.serverId())).isFalse();
    }

    @Test
    void interactiveMenuReadsChoicesFromStdin() {
        Result r = helper().stdin("1\n0\n").run("interactive");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("1) Overall status", "Nodes by status:", "Bye.");

        Result noArgs = helper().stdin("2\ncli-demo-node-193\n42\n").run();
        assertThat(noArgs.exit()).as("end of input quits: " + noArgs).isZero();
        assertThat(noArgs.stdout()).contains("Node cli-demo-node-193 (id 193)");
        assertThat(noArgs.stderr()).contains("Unknown choice '42'");
    }

    /** A name that would clear the screen, set the window title, return to column 0 and recolour (CSI as C1). */
    private static final String HOSTILE = "\u001b[2J\u001b]0;owned\u0007\r\u009b31m\u007f";
    private static final String HOSTILE_SHOWN = "\\x1b[2J\\x1b]0;owned\\x07\\x0d\\x9b31m\\x7f";

    @Test
    void hostileNamesAreShownEscapedByReadingCommandsTheScriptCommandAndTheMenu(@TempDir Path dir) {
        // straight into the database, as an older provisioner could have done (its API now refuses such names)
        DemoData.Node node = seed(188, "cli-evil-188" + HOSTILE, "failed", "cli-evil");
        app.jdbc().update("UPDATE vnic_info SET vnic_name = ? WHERE vnic_id = ?", "vni" + HOSTILE, node.mgmtVniId());
        String shown = "cli-evil-188" + HOSTILE_SHOWN;

        Result deployment = helper().run("status-deployment", "cli-evil");
        assertThat(deployment.stdout()).as(deployment.toString()).contains("  " + shown + "  failed");
        Result plan = helper().run("dry-run", "188");
        assertThat(plan.stdout()).as(plan.toString()).contains("Node " + shown + " (id 188)", "vni" + HOSTILE_SHOWN);
        Result json = helper().run("--json", "dry-run", "188");
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.stdout()).contains("cli-evil-188\\u001b[2J");
        Result script = helper().in(dir).run("script", "--node", "188");
        assertThat(script.exit()).as(script.toString()).isZero();
        assertThat(script.stdout()).contains("Cleanup script for node " + shown);
        Result menu = helper().stdin("3\ncli-evil\n0\n").run("interactive");
        assertThat(menu.stdout()).as(menu.toString()).contains("  " + shown + "  failed", "Bye.");
        // what an operator pipes in is echoed as text too
        Result typed = helper().stdin("x" + HOSTILE + "\n0\n").run("interactive");
        assertThat(typed.stderr()).as(typed.toString()).contains("Unknown choice 'x" + HOSTILE_SHOWN + "'");

        for (Result r : List.of(deployment, plan, json, script, menu, typed)) {
            assertNoControlCharacters(r);
        }
    }

    @Test
    void hostileNamesAndErrorsAreShownEscapedInRefusalsCleanupsFailuresAndRuns() {
        DemoData.Node failed = seed(189, "cli-evil-189" + HOSTILE, "failed", "cli-evil-2");
        DemoData.Node live = seed(190, "cli-evil-190" + HOSTILE, "deployed", "cli-evil-2");
        String failedShown = "cli-evil-189" + HOSTILE_SHOWN;
        String liveShown = "cli-evil-190" + HOSTILE_SHOWN;

        // error paths: the service's refusal lists the live node; a bad id comes back in the error message
        Result refused = helper().run("cleanup-deployment", "cli-evil-2");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains("refused: " + liveShown + " (deployed)");
        Result confirm = helper().stdin("nope\n").run("cleanup-deployment", "cli-evil-2", "--force");
        assertThat(confirm.exit()).as(confirm.toString()).isEqualTo(2);
        assertThat(confirm.stderr()).contains("has live nodes: " + liveShown + " (deployed)");
        Result badId = helper().run("cleanup-node", "x" + HOSTILE);
        assertThat(badId.exit()).as(badId.toString()).isEqualTo(2);
        assertThat(badId.stderr()).contains("HTTP 400", "invalid id 'x\\x1b[2J");
        assertThat(sim.exists("bare_metal_server", live.serverId())).isTrue();

        // a partial cleanup, its failure (with a hostile error text) and its run
        String cvm = failed.ips().get(2).id();
        sim.faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(cvm));
        Result partial;
        try {
            partial = helper().run("cleanup-node", "189");
        } finally {
            sim.faults().clear();
        }
        assertThat(partial.exit()).as(partial.toString()).isEqualTo(1);
        assertThat(partial.stdout()).contains("Node " + failedShown + " (id 189)");
        app.jdbc().update("UPDATE dead_letters SET error = ? WHERE node_name = ?", "denied" + HOSTILE, failed.name());
        Result failures = helper().run("failures", "--deployment", "cli-evil-2");
        assertThat(failures.stdout()).as(failures.toString()).contains(failedShown, "denied" + HOSTILE_SHOWN);
        String runId = String.valueOf(app.jdbc().rows("SELECT run_id FROM dead_letters WHERE node_name = ?", failed.name())
                .get(0).get("run_id"));
        Result runs = helper().run("runs", "--limit", "5");
        assertThat(runs.stdout()).as(runs.toString()).contains(runId + "  node " + failedShown);
        Result run = helper().run("runs", runId);
        assertThat(run.stdout()).as(run.toString()).contains("Run " + runId + ": node " + failedShown, "Node " + failedShown);

        for (Result r : List.of(refused, confirm, badId, partial, failures, runs, run)) {
            assertNoControlCharacters(r);
        }
    }

    /** Nothing a terminal would act on: no C0 character but newline and tab, no DEL, no C1. */
    private static void assertNoControlCharacters(Result r) {
        String output = r.output();
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
            assertThat(control).as("U+%04X at %d of %s", (int) c, i, r).isFalse();
        }
    }

    @Test
    void shellcheckFindsNothing() throws Exception {
        Assumptions.assumeTrue(installed("shellcheck"), "shellcheck is not installed");
        Process p = new ProcessBuilder("shellcheck", HelperRun.SCRIPT.toString()).redirectErrorStream(true).start();
        String findings = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(findings).isZero();
    }

    private static DemoData.Node seed(int id, String name, String status, String deployment) {
        DemoData.Node node = DemoData.node(id, name, status);
        DemoData.seed(app.jdbc(), sim, deployment, List.of(node), false);
        return node;
    }

    private static long deletes() {
        @SuppressWarnings("unchecked")
        Map<String, Object> ops = (Map<String, Object>) sim.stats().snapshot().get("operations");
        return ops.entrySet().stream().filter(e -> e.getKey().startsWith("delete_"))
                .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    }

    private static int bashSyntaxCheck(Path file) throws Exception {
        Process p = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    static boolean installed(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A port nothing listens on (it was free a moment ago). */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
