package com.cleanupservice.discovery;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/cleanup/drift/...?async=true}: 202 and a run of kind "drift" whose summary is the report. */
@SharedSandbox
class AsyncDriftTest {
    private static final String NODE = "nutanix-poc-bm-node-01";
    private static SandboxApp app;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        app.simulator().createReservedIp(DemoData.MANAGEMENT_SUBNET, "0717-extra-ip", NODE + "-extra-ip", "10.240.1.50", false);
    }

    @Test
    void anAsyncNodeReportIsARunWhoseSummaryIsTheReport() {
        Reply accepted = app.get("/api/cleanup/drift/node/1?async=true");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String runId = accepted.json().get("run_id").asText();
        assertThat(accepted.header("Location")).isEqualTo("/api/cleanup/runs/" + runId);
        assertThat(accepted.json().get("message").asText()).contains("drift report of node " + NODE);

        JsonNode run = app.awaitRunEnd(runId);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(run.get("kind").asText()).isEqualTo("drift");
        JsonNode summary = run.get("summary");
        assertThat(summary.get("node_name").asText()).isEqualTo(NODE);
        assertThat(summary.get("complete").asBoolean()).isTrue();
        assertThat(ids(summary.get("untracked"))).containsExactly("0717-extra-ip");
        assertThat(summary.at("/untracked/0/evidence").toString()).contains("named after node " + NODE);
    }

    @Test
    void anAsyncDeploymentReportToo() {
        Reply accepted = app.get("/api/cleanup/drift/deployment/" + DemoData.DEPLOYMENT + "?async=true");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode run = app.awaitRunEnd(accepted.json().get("run_id").asText());
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(run.at("/summary/deployment_id").asText()).isEqualTo(DemoData.DEPLOYMENT);
        assertThat(ids(run.at("/summary/untracked"))).contains("0717-extra-ip");
    }

    @Test
    void anUnknownTargetIsRefusedAtOnceAndTheSynchronousReportIsUnchanged() {
        assertThat(app.get("/api/cleanup/drift/node/no-such-node?async=true").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/drift/deployment/no-such-deployment?async=true").status()).isEqualTo(404);
        assertThat(app.get("/api/cleanup/drift/node/1?async=maybe").status()).isEqualTo(400);

        Reply now = app.get("/api/cleanup/drift/node/1?async=false");
        assertThat(now.status()).as(now.body()).isEqualTo(200);
        assertThat(ids(now.json().get("untracked"))).containsExactly("0717-extra-ip");
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }
}
