package com.cleanupservice.cli;

import com.cleanupservice.cli.HelperRun.Result;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The helper's listings take {@code --account} and {@code --region} and pass them on (issue 24): {@code resources},
 * {@code failures} and {@code report}. On the shared application: deployment {@code cli-pl} with node {@code cli-pl-eu}
 * in eu-de of sandbox-2 (its floating IP refused with 403: one failure) and {@code cli-pl-home} recorded without a place.
 */
@SharedSandbox
class HelperPlacesTest {
    private static SandboxApp app;
    private static String runId;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        record("cli-pl-eu", ", \"account\": \"sandbox-2\", \"region\": \"eu-de\"");
        record("cli-pl-home", "");
        app.simulator().faults().add(FaultRule.status("delete_floating_ip", 403).resourceId("cli-pl-eu-fip"));
        try {
            Reply cleanup = app.post("/api/cleanup/deployment/cli-pl");
            assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(207);
            runId = cleanup.json().get("run_id").asText();
        } finally {
            app.simulator().faults().clear();
        }
    }

    private static void record(String name, String place) {
        for (String json : new String[] {"{\"kind\": \"bare_metal_server\", \"id\": \"" + name + "-srv\"" + place + "}",
                "{\"kind\": \"floating_ip\", \"id\": \"" + name + "-fip\"" + place + "}"}) {
            Reply created = app.send(HttpRequest.newBuilder(URI.create(app.simulator().baseUrl() + "/sim/resources"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        Reply node = app.post("/api/nodes", "{\"node_name\": \"" + name + "\", \"deployment_id\": \"cli-pl\", \"deployment_status\": "
                + "\"failed\", \"bare_metal_id\": \"" + name + "-srv\"" + place + "}");
        assertThat(node.status()).as(node.body()).isEqualTo(201);
        Reply fip = app.post("/api/nodes/" + name + "/resources", "{\"type\": \"floating_ip\", \"id\": \"" + name + "-fip\"}");
        assertThat(fip.status()).as(fip.body()).isEqualTo(201);
    }

    private static HelperRun helper() {
        return HelperRun.at(app.baseUrl());
    }

    @Test
    void resourcesAreListedWithTheirPlaceAndFiltered() {
        Result all = helper().run("resources", "node", "cli-pl-eu");
        assertThat(all.exit()).as(all.toString()).isZero();
        assertThat(all.stdout()).contains("Node cli-pl-eu, deployment cli-pl", "floating_ip  cli-pl-eu-fip  FAILED  in sandbox-2/eu-de",
                "bare_metal_server  cli-pl-eu-srv  GONE  in sandbox-2/eu-de", "2 resource(s).");

        Result home = helper().run("resources", "node", "cli-pl-home", "--account", "sandbox", "--region", "us-south");
        assertThat(home.exit()).as(home.toString()).isZero();
        assertThat(home.stdout()).as("recorded without a place: the default's").contains("in sandbox/us-south", "2 resource(s).");
        Result elsewhere = helper().run("resources", "node", "cli-pl-home", "--region", "eu-de");
        assertThat(elsewhere.stdout()).contains("(none)", "0 resource(s).");

        Result json = helper().run("--json", "resources", "node", "cli-pl-eu", "--account", "sandbox-2");
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.stdout()).contains("\"account\": \"sandbox-2\"", "\"region\": \"eu-de\"", "\"count\": 2");
    }

    @Test
    void failuresAreFilteredByAccountAndRegion() {
        Result second = helper().run("failures", "--deployment", "cli-pl", "--account", "sandbox-2", "--region", "eu-de");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.stdout()).contains("cli-pl-eu-fip", "in sandbox-2/eu-de", "1 failure(s).");
        Result home = helper().run("failures", "--deployment", "cli-pl", "--account", "sandbox");
        assertThat(home.exit()).as(home.toString()).isZero();
        assertThat(home.stdout()).contains("No open failures.").doesNotContain("cli-pl-eu-fip");
    }

    @Test
    void theReportIsFilteredByAccountAndRegion() {
        Result r = helper().run("report", runId, "--csv", "--region", "eu-de");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo(app.get("/api/cleanup/runs/" + runId + "/report?format=csv&region=eu-de").body());
        assertThat(r.stdout().split("\r\n")).hasSize(3);
        assertThat(r.stdout()).contains("cli-pl-eu-fip").doesNotContain("cli-pl-home");
    }

    @Test
    void anUnknownPlaceIsAnErrorNamingTheConfiguredOnes() {
        Result account = helper().run("failures", "--account", "nobody");
        assertThat(account.exit()).as(account.toString()).isEqualTo(2);
        assertThat(account.stdout()).isEmpty();
        assertThat(account.stderr()).contains("HTTP 400", "nobody", "sandbox-2");
        Result region = helper().run("report", runId, "--region", "jp-tok");
        assertThat(region.exit()).as(region.toString()).isEqualTo(2);
        assertThat(region.stderr()).contains("HTTP 400", "jp-tok", "eu-de");
        Result missing = helper().run("resources", "node", "cli-pl-eu", "--region");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.stderr()).contains("--region needs a value");
    }

    @Test
    void helpNamesTheFilters() {
        assertThat(helper().run("help", "resources").stdout()).contains("--account", "--region", "/api/cleanup/resources");
        assertThat(helper().run("failures", "--help").stdout()).contains("--account <a>", "--region <r>");
        assertThat(helper().run("report", "--help").stdout()).contains("--account <a>", "--region <r>");
        assertThat(helper().run("--help").stdout()).contains("resources node <name>", "--account A", "--region R");
        Result usage = helper().run("resources");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.stderr()).contains("Usage: cleanup-helper.sh resources node <node_name>");
    }
}
