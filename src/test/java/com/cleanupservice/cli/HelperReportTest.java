package com.cleanupservice.cli;

import com.cleanupservice.cli.HelperRun.Result;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cleanup-helper.sh report <run_id> [--csv]}: the run's report on stdout exactly as the service sends it,
 * nothing on stdout when it is refused. On the shared application: a partial cleanup of a node of its own (701,
 * deployment {@code cli-report}; one reserved IP refused with 403).
 */
@SharedSandbox
class HelperReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SandboxApp app;
    private static String runId;
    private static int resources;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        DemoData.Node node = DemoData.node(701, "cli-report-701", "failed");
        DemoData.seed(app.jdbc(), app.simulator(), "cli-report", List.of(node), false);
        resources = node.resourceCount();
        app.simulator().faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(node.ips().get(2).id()));
        try {
            Reply cleanup = app.post("/api/cleanup/node/" + node.name());
            assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(207);
            runId = cleanup.json().get("run_id").asText();
        } finally {
            app.simulator().faults().clear();
        }
    }

    private static HelperRun helper() {
        return HelperRun.at(app.baseUrl());
    }

    @Test
    void theJsonReportGoesToStdoutAsTheServiceSentIt() throws Exception {
        Result r = helper().run("report", runId);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo(app.get("/api/cleanup/runs/" + runId + "/report").body());
        JsonNode lines = JSON.readTree(r.stdout());
        assertThat(lines).hasSize(resources);
        assertThat(lines.findValuesAsText("outcome")).containsOnly("DELETED", "ALREADY_GONE", "FAILED").contains("FAILED");
    }

    @Test
    void csvGoesToStdoutByteForByte() {
        Result r = helper().run("report", runId, "--csv");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo(app.get("/api/cleanup/runs/" + runId + "/report?format=csv").body());
        assertThat(r.stdout()).startsWith("run_id,type,ibm_id,node,deployment,outcome,attempts,last_error,trace_id,started_at,ended_at,account,region\r\n");
        assertThat(r.stdout().split("\r\n")).hasSize(1 + resources);
        assertThat(r.stdout()).contains(",cli-report-701,cli-report,FAILED,2,HTTP 403");
    }

    @Test
    void anUnknownRunOrABadIdIsAnErrorWithNothingOnStdout() {
        Result unknown = helper().run("report", UUID.randomUUID().toString(), "--csv");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.stdout()).isEmpty();
        assertThat(unknown.stderr()).contains("HTTP 404", "Run not found", "runs");

        Result bad = helper().run("report", "not-a-run");
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.stdout()).isEmpty();
        assertThat(bad.stderr()).contains("HTTP 400", "UUID");
    }

    @Test
    void usageAndHelp() {
        Result missing = helper().run("report");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.stderr()).contains("a run id is required", "Usage: cleanup-helper.sh report <run_id> [--csv]");
        Result unknownOption = helper().run("report", runId, "--xlsx");
        assertThat(unknownOption.exit()).isEqualTo(2);
        assertThat(unknownOption.stderr()).contains("unknown option '--xlsx'");
        Result help = helper().run("report", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.stdout()).contains("Usage: cleanup-helper.sh report", "--csv", "formula");
        assertThat(helper().run("--help").stdout()).contains("report <run_id> [--csv]");
    }
}
