package com.cleanupservice.batch;

import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cleanup.batch.max-targets} bounds a batch (400 beyond it). */
class BatchLimitsTest {
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.demo.enabled", "false", "cleanup.inbox.enabled", "false",
                "cleanup.batch.max-targets", "3"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void refusesMoreTargetsThanConfigured() {
        Reply reply = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": [\"a\", \"b\", \"c\", \"d\"]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).startsWith("Too many targets: 4 (at most 3");
    }

    @Test
    void runsABatchAtTheLimit() {
        Reply reply = app.post("/api/cleanup/batch", "{\"operation\": \"cleanup_nodes\", \"targets\": [\"a\", \"b\", \"c\"]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(207);
        assertThat(reply.json().get("total_operations").asInt()).isEqualTo(3);
        assertThat(reply.json().get("successful_operations").asInt()).isZero();
    }
}
