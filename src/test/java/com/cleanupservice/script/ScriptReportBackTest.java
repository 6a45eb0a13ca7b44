package com.cleanupservice.script;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a script deleted reaches the ledger: run against a stand-in {@code ibmcloud} that really deletes in the
 * sandbox's simulator ({@code src/test/resources/script/sim-ibmcloud}), a script with {@code CLEANUP_URL} set posts
 * the ids it saw gone to the reconcile endpoint, and exactly the rows IBM Cloud answers 404 for become GONE; one whose
 * resource still exists stays PRESENT, and the script says so with exit 3. The service here requires a bearer token,
 * which the script reads from CLEANUP_API_TOKEN and never shows.
 */
class ScriptReportBackTest {
    private static final String TOKEN = "report-back-s3cret";
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.api.token", TOKEN));
        sim = app.simulator();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aForcedScriptOfTheLiveNodeDeletesItReportsItAndTheLedgerSaysGone(@TempDir Path dir) {
        DemoData.Node live = DemoData.nodes().get(1);
        assertThat(get("/api/cleanup/script/node/" + live.id()).status()).isEqualTo(409);
        String script = get("/api/cleanup/script/node/" + live.id() + "?force=true").body();
        assertThat(script).doesNotContain(TOKEN);

        FakeIbmcloud.Run run = runAgainstTheSimulator(dir, script, Map.of("CLEANUP_URL", app.baseUrl(), "CLEANUP_API_TOKEN", TOKEN), "--yes");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("✓ Done", "✓ Reported to the service: Node " + live.name() + ": 12 tracked row(s) looked up, 12 marked GONE");
        assertThat(run.output()).doesNotContain(TOKEN);
        assertThat(sim.exists("bare_metal_server", live.serverId())).isFalse();
        JsonNode rows = get("/api/cleanup/resources?node_name=" + live.name()).json().get("resources");
        assertThat(rows).hasSize(12);
        rows.forEach(r -> {
            assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("GONE");
            assertThat(r.get("last_error").asText()).isEqualTo("IBM Cloud answered 404 (reconcile)");
            assertThat(r.get("last_http_status").asInt()).isEqualTo(404);
        });
        // run again traced (bash -x everywhere): everything is found gone and reported again; the token never shows
        FakeIbmcloud.Run traced = runAgainstTheSimulator(dir, script,
                Map.of("CLEANUP_URL", app.baseUrl(), "CLEANUP_API_TOKEN", TOKEN, "SHELLOPTS", "xtrace"), "--yes");
        assertThat(traced.exitCode()).as(traced.output()).isZero();
        assertThat(traced.stderr()).contains("+ report_back", "curl ");
        assertThat(traced.stdout()).contains("· already gone", "✓ Reported to the service", "nothing to reconcile");
        assertThat(traced.output()).doesNotContain(TOKEN);
        // nothing of it is left to script: the live node no longer blocks
        Reply after = get("/api/cleanup/script/node/" + live.id());
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        assertThat(after.body()).contains("Nothing to clean up");
    }

    @Test
    void aRowWhoseResourceStillExistsStaysPresentAndTheScriptEndsWith3(@TempDir Path dir) {
        DemoData.Node node = seed(160, "report-160");
        // the CLI says this record is not found without deleting it (looking in the wrong place): IBM still has it
        String hidden = node.records().get(1).id();
        String script = get("/api/cleanup/script/node/" + node.id()).body();

        FakeIbmcloud.Run run = runAgainstTheSimulator(dir, script,
                Map.of("CLEANUP_URL", app.baseUrl() + "/api/cleanup/", "CLEANUP_API_TOKEN", TOKEN, "SIM_IBMCLOUD_HIDE", hidden), "--yes");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.stdout()).contains("✓ Done");
        assertThat(run.stderr()).contains("! Every resource is gone, but the service was not told",
                "could not mark all of them GONE", "11 marked GONE", "1 still present", hidden,
                "cleanup-helper.sh reconcile " + node.id());
        assertThat(sim.exists("dns_record", hidden)).isTrue();
        Map<String, String> states = states(node.name());
        assertThat(states.get(hidden)).isEqualTo("PRESENT");
        assertThat(states.entrySet().stream().filter(e -> !e.getKey().equals(hidden)).map(Map.Entry::getValue)).hasSize(11).containsOnly("GONE");
    }

    @Test
    void withoutCleanupUrlItPrintsTheCommandAndThatCommandsEndpointDoesIt(@TempDir Path dir) {
        DemoData.Node node = seed(161, "report-161");
        String script = get("/api/cleanup/script/node/" + node.name()).body();

        FakeIbmcloud.Run run = runAgainstTheSimulator(dir, script, Map.of(), "-y");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("✓ Done", "The service still lists these resources as PRESENT",
                "cleanup-helper.sh reconcile " + node.id());
        assertThat(states(node.name()).values()).containsOnly("PRESENT");

        Reply reconciled = send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/cleanup/reconcile/node/" + node.id()))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(reconciled.status()).as(reconciled.body()).isEqualTo(200);
        assertThat(reconciled.json().get("all_gone").asBoolean()).isTrue();
        assertThat(states(node.name()).values()).containsOnly("GONE");
    }

    @Test
    void aReportThatCannotBeMadeIsExit3WithAWarningNeverASilentSuccess(@TempDir Path dir) throws IOException {
        DemoData.Node a = seed(162, "report-162");
        FakeIbmcloud.Run unreachable = runAgainstTheSimulator(dir, get("/api/cleanup/script/node/" + a.id()).body(),
                Map.of("CLEANUP_URL", "http://127.0.0.1:" + closedPort()), "--yes");
        assertThat(unreachable.exitCode()).as(unreachable.output()).isEqualTo(3);
        assertThat(unreachable.stdout()).contains("✓ Done");
        assertThat(unreachable.stderr()).contains("the service was not told: curl could not reach", "cleanup-helper.sh reconcile 162");
        assertThat(sim.exists("bare_metal_server", a.serverId())).isFalse();

        // a token the service refuses: exit 3, and neither token is shown
        DemoData.Node b = seed(163, "report-163");
        FakeIbmcloud.Run refused = runAgainstTheSimulator(dir, get("/api/cleanup/script/node/" + b.id()).body(),
                Map.of("CLEANUP_URL", app.baseUrl(), "CLEANUP_API_TOKEN", "not-it"), "--yes");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
        assertThat(refused.stderr()).contains("it answered HTTP 401");
        assertThat(refused.output()).doesNotContain("not-it", TOKEN);
        assertThat(states(a.name()).values()).containsOnly("PRESENT");
        assertThat(states(b.name()).values()).containsOnly("PRESENT");
    }

    // ---- the stand-in CLI over the simulator, the service with its token ---------------------------------------

    /** The script run unattended against {@code sim-ibmcloud}, whose deletes reach the simulator. */
    private static FakeIbmcloud.Run runAgainstTheSimulator(Path dir, String script, Map<String, String> env, String... args) {
        Path cli = dir.resolve("ibmcloud");
        try (InputStream in = ScriptReportBackTest.class.getResourceAsStream("/script/sim-ibmcloud")) {
            Files.write(cli, in.readAllBytes());
            Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("IBMCLOUD", cli.toString());
        all.put("SIM_IBMCLOUD_URL", sim.baseUrl());
        all.put("POLL_SECONDS", "0");
        all.put("WAIT_TIMEOUT_SECONDS", "60");
        all.putAll(env);
        return ScriptRunner.run(dir, script, all, null, args);
    }

    /** A failed node of its own deployment, created in the simulator and tracked. */
    private static DemoData.Node seed(int id, String name) {
        DemoData.Node node = DemoData.node(id, name, "failed");
        DemoData.seed(app.jdbc(), sim, name + "-dep", List.of(node), false);
        return node;
    }

    private static Map<String, String> states(String nodeName) {
        Map<String, String> states = new LinkedHashMap<>();
        get("/api/cleanup/resources?node_name=" + nodeName).json().get("resources")
                .forEach(r -> states.put(r.get("resource_id").asText(), r.get("state").asText()));
        return states;
    }

    private static Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET());
    }

    private static Reply send(HttpRequest.Builder request) {
        return app.send(request.header("Authorization", "Bearer " + TOKEN));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
