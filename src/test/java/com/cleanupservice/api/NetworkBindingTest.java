package com.cleanupservice.api;

import com.cleanupservice.testsupport.SandboxApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Off loopback only with a token, in every mode: a sandbox on the network would let anyone drive it. */
class NetworkBindingTest {

    @Test
    void aSandboxOnEveryInterfaceWithoutATokenRefusesToStart() {
        assertThatThrownBy(() -> SandboxApp.start(Map.of("cleanup.http.host", "0.0.0.0")).close())
                .hasStackTraceContaining("refusing to listen on 0.0.0.0 without an API token")
                .hasStackTraceContaining("CLEANUP_API_TOKEN");
    }

    @Test
    void withATokenItStartsAndTheApiNeedsIt() {
        try (SandboxApp app = SandboxApp.start(Map.of("cleanup.http.host", "0.0.0.0", "cleanup.api.token", "t0ken"))) {
            assertThat(app.get("/api/cleanup/status").status()).isEqualTo(401);
            assertThat(app.get("/observe/health").status()).isEqualTo(200);
        }
    }
}
