package com.cleanupservice.cleanup;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cleanup pipeline's routes with Camel's test kit, on an application of their own (its routes are advised):
 * {@link AdviceWith} puts a mock endpoint in front of the dead letter route and a failure into the loading of a node's
 * rows; {@link NotifyBuilder} waits for an accepted run's exchange instead of polling the run's record.
 */
class CleanupRoutesTest {
    private static final AtomicBoolean BREAK_LOADING = new AtomicBoolean();

    private static SandboxApp app;
    private static CamelContext context;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() throws Exception {
        app = SandboxApp.start(Map.of("cleanup.demo.enabled", "false"));
        context = app.context();
        sim = app.simulator();
        AdviceWith.adviceWith(context, "record-dead-letter", route -> route.weaveAddFirst().to("mock:dead-letters"));
        AdviceWith.adviceWith(context, "load-resources", route -> route.weaveAddFirst().process(e -> {
            if (BREAK_LOADING.getAndSet(false)) {
                throw new IllegalStateException("injected: the node's rows could not be loaded");
            }
        }));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void reset() {
        sim.faults().clear();
        BREAK_LOADING.set(false);
        MockEndpoint.resetMocks(context);
    }

    @Test
    void aDeleteIbmForbidsReachesTheDeadLetterRouteOnceAndNoOtherResourceDoes() throws Exception {
        DemoData.Node node = seed("crt-dead-letter", 901, 1).get(0);
        String cvm = node.ips().get(2).id();
        sim.faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(cvm));
        MockEndpoint deadLetters = context.getEndpoint("mock:dead-letters", MockEndpoint.class);
        deadLetters.expectedMessageCount(1);
        deadLetters.message(0).body().convertToString().contains(cvm);

        Reply reply = app.post("/api/cleanup/node/" + node.name());

        assertThat(reply.status()).as(reply.body()).isEqualTo(207);
        deadLetters.assertIsSatisfied();
        assertThat(sim.exists("subnet_reserved_ip", cvm)).isTrue();
        assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();
    }

    @Test
    void aNodeWhoseRowsCannotBeLoadedIsReleasedWithAnOutcomeAndCleanedByTheNextRequest() {
        DemoData.Node node = seed("crt-broken-load", 902, 1).get(0);
        BREAK_LOADING.set(true);

        Reply broken = app.post("/api/cleanup/node/" + node.name());

        assertThat(broken.status()).as(broken.body()).isEqualTo(207);
        assertThat(broken.json().get("error").asText()).contains("broke off");
        assertThat(broken.json().get("node_status").asText()).isEqualTo("cleanup_failed");
        assertThat(sim.exists("bare_metal_server", node.serverId())).as("nothing deleted").isTrue();
        assertThat(BREAK_LOADING.get()).as("the injected failure was hit").isFalse();

        Reply again = app.post("/api/cleanup/node/" + node.name());

        assertThat(again.status()).as("the claim was released: " + again.body()).isEqualTo(200);
        assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();
    }

    @Test
    void anAcceptedDeploymentCleanupIsAwaitedByItsExchangeNotByPolling() {
        List<DemoData.Node> nodes = seed("crt-async", 910, 3);
        NotifyBuilder finished = new NotifyBuilder(context).wereSentTo("direct:cleanup-deployment").whenDone(1).create();

        Reply accepted = app.post("/api/cleanup/deployment/crt-async?async=true");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(finished.matches(60, TimeUnit.SECONDS)).as("the run's exchange is done").isTrue();
        JsonNode run = app.get("/api/cleanup/runs/" + accepted.json().get("run_id").asText()).json();
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
        nodes.forEach(n -> assertThat(sim.exists("bare_metal_server", n.serverId())).isFalse());
    }

    private static List<DemoData.Node> seed(String deployment, int firstId, int count) {
        List<DemoData.Node> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(DemoData.node(firstId + i, deployment + "-node-" + (firstId + i), "failed"));
        }
        DemoData.seed(app.jdbc(), sim, deployment, nodes, false);
        return nodes;
    }
}
