package com.cleanupservice.validation;

import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A lookup IBM never answers ends with the client's read timeout, and is an ERROR, not a PASS. */
class ValidationTimeoutTest {
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.ibm.read-timeout-ms", "500"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aHangingLookupIsAnError() {
        Reply cleanup = app.post("/api/cleanup/node/1");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        app.simulator().faults().add(FaultRule.hang("get_bare_metal_server"));

        Reply reply = app.get("/api/cleanup/validate/1");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("cleanup_complete").asBoolean()).isFalse();
        JsonNode server = body.at("/validation_results/0");
        assertThat(server.get("check").asText()).isEqualTo("bare_metal_server");
        assertThat(server.get("status").asText()).isEqualTo("ERROR");
        assertThat(server.get("message").asText()).startsWith("Could not validate bare metal server").containsIgnoringCase("timeout");
        for (int i = 1; i < 4; i++) {
            assertThat(body.at("/validation_results/" + i + "/status").asText()).isEqualTo("PASS");
        }
    }
}
