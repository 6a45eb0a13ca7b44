package com.cleanupservice.cleanup;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmCalls;
import com.cleanupservice.simulator.RateLimit;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Under IBM's rate limit a cleanup learns the rate from the 429s, paces itself under it, and loses nothing. */
class RateLimitedCleanupTest {

    @Test
    void aDeploymentCleanedUnderARateLimitEndsWithNothingFailedAndFewCallsRefused() {
        try (SandboxApp app = SandboxApp.start(Map.of("cleanup.demo.enabled", "false", "cleanup.retry.budget-ms", "120000",
                "cleanup.simulator.bare-metal-delete-ms", "300"))) {
            List<DemoData.Node> nodes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                nodes.add(DemoData.node(20 + i, "limited-node-" + (20 + i), "failed"));
            }
            DemoData.seed(app.jdbc(), app.simulator(), "limited", nodes, true);
            app.simulator().setRateLimit(RateLimit.vpc(15).withDns(15).burst(5));
            app.simulator().stats().reset();

            Reply reply = app.post("/api/cleanup/deployment/limited");

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().get("failed_operations").asInt()).isZero();
            for (DemoData.Node node : nodes) {
                assertThat(app.simulator().exists("bare_metal_server", node.serverId())).isFalse();
            }
            IbmCalls calls = app.context().getRegistry().findSingleByType(IbmCalls.class);
            assertThat(calls.rate(IbmApi.VPC)).as("a rate learned from the 429s").isFinite().isLessThan(30);
            long refused = app.simulator().stats().rateLimitedTotal();
            assertThat(refused).as("paced: most calls go through").isGreaterThan(0).isLessThan(app.simulator().stats().total() / 3);
        }
    }
}
