package com.cleanupservice.cli;

import com.cleanupservice.cli.HelperRun.Result;
import com.cleanupservice.testsupport.SandboxApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The helper against a service that requires a bearer token: sent from CLEANUP_API_TOKEN, never shown. */
class HelperScriptTokenTest {
    private static final String TOKEN = "s3cret";
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.api.token", TOKEN));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void withoutTheTokenTheServiceRefusesAndTheHelperSaysWhy() {
        Result r = HelperRun.at(app.baseUrl()).run("status");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("HTTP 401", "export CLEANUP_API_TOKEN");
        assertThat(r.output()).doesNotContain(TOKEN);
    }

    @Test
    void aWrongTokenIsRefusedWithoutBeingShown() {
        Result r = HelperRun.at(app.baseUrl()).env("CLEANUP_API_TOKEN", "not-it").run("status");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("HTTP 401", "CLEANUP_API_TOKEN was sent but the service refused it");
        assertThat(r.output()).doesNotContain("not-it");
    }

    @Test
    void withTheTokenEveryKindOfCallWorksAndTheTokenNeverAppears() {
        HelperRun helper = HelperRun.at(app.baseUrl()).env("CLEANUP_API_TOKEN", TOKEN);

        Result status = helper.run("status");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.stdout()).contains("Nodes by status:");

        // a POST with a JSON body (the token travels in a curl config, the body on stdin: both must arrive)
        Result orphaned = helper.run("cleanup-orphaned");
        assertThat(orphaned.exit()).as(orphaned.toString()).isZero();
        assertThat(orphaned.stdout()).contains("(not updated for 24 h)");

        Result cleanup = helper.run("cleanup-node", "1", "--async");
        assertThat(cleanup.exit()).as(cleanup.toString()).isZero();
        assertThat(cleanup.stdout()).contains("100.0%");

        Result json = helper.run("--json", "status");
        assertThat(json.exit()).isZero();
        for (Result r : new Result[]{status, orphaned, cleanup, json}) {
            assertThat(r.output()).doesNotContain(TOKEN);
        }
    }
}
