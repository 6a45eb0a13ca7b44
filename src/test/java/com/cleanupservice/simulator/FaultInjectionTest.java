package com.cleanupservice.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.cleanupservice.simulator.SimulatorOperations.CREATE_IAM_TOKEN;
import static com.cleanupservice.simulator.SimulatorOperations.DELETE_BARE_METAL_SERVER;
import static com.cleanupservice.simulator.SimulatorOperations.DELETE_DNS_RECORD;
import static com.cleanupservice.simulator.SimulatorOperations.GET_BARE_METAL_SERVER;
import static com.cleanupservice.simulator.SimulatorOperations.GET_DNS_RECORD;
import static com.cleanupservice.simulator.SimulatorOperations.LIST_BARE_METAL_SERVERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {
    private static final Duration DELETE_DELAY = Duration.ofMillis(200);
    private static IbmCloudSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(DELETE_DELAY));
        client = new SimClient(sim);
        client.token(); // before any rule: IAM is not what these tests are about
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        sim.reset();
        sim.createBareMetalServer("srv", null, "running", List.of());
        sim.createBareMetalServer("other", null, "running", List.of());
    }

    private static int getServer(String id) {
        return client.vpcGet("/bare_metal_servers/" + id).status();
    }

    @Test
    void latencyDelaysTheRequestThenServesIt() {
        sim.faults().add(FaultRule.latency(GET_BARE_METAL_SERVER, 150, 20));
        sim.faults().add(FaultRule.latency("*", 150, 0));

        long started = System.nanoTime();
        int status = getServer("srv");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(status).isEqualTo(200);
        assertThat(elapsedMs).as("both latency rules add up").isGreaterThanOrEqualTo(300);
    }

    @Test
    void status429CarriesRetryAfter() {
        sim.faults().add(FaultRule.status(DELETE_BARE_METAL_SERVER, 429).retryAfter(2));

        SimClient.Response response = client.vpcDelete("/bare_metal_servers/srv");

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(response.errorCode()).isEqualTo("too_many_requests");
        assertThat(response.json()).containsEntry("status_code", 429).containsKey("trace");
        assertThat(sim.find("bare_metal_server", "srv")).hasValueSatisfying(s -> assertThat(s).containsEntry("status", "running"));
    }

    @Test
    void status500And503() {
        sim.faults().add(FaultRule.status(GET_BARE_METAL_SERVER, 500).resourceId("srv"));
        sim.faults().add(FaultRule.status(GET_BARE_METAL_SERVER, 503));

        SimClient.Response internal = client.vpcGet("/bare_metal_servers/srv");
        assertThat(internal.status()).as("first matching rule wins").isEqualTo(500);
        assertThat(internal.errorCode()).isEqualTo("internal_error");
        assertThat(internal.headers().firstValue("Retry-After")).isEmpty();
        SimClient.Response unavailable = client.vpcGet("/bare_metal_servers/other");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.errorCode()).isEqualTo("service_unavailable");
    }

    @Test
    void hangKeepsTheClientWaiting() {
        sim.faults().add(FaultRule.hang(GET_BARE_METAL_SERVER).resourceId("srv"));

        assertThatThrownBy(() -> client.sendOrThrow(client.authorized(
                        sim.vpcUrl() + SimClient.withVersion("/bare_metal_servers/srv")).timeout(Duration.ofMillis(400))))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(getServer("other")).isEqualTo(200);
    }

    @Test
    void resetAbortsTheConnection() {
        sim.faults().add(FaultRule.reset(DELETE_DNS_RECORD));

        assertThatThrownBy(() -> client.sendOrThrow(client.authorized(
                        sim.dnsUrl() + "/instances/i/dnszones/z/resource_records/A:1").DELETE()))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);

        sim.faults().clear();
        assertThat(client.dnsDelete("/instances/i/dnszones/z/resource_records/A:1").status()).isEqualTo(404);
    }

    @Test
    void probabilityZeroNeverFires() {
        sim.faults().add(FaultRule.status("*", 500).probability(0));

        for (int i = 0; i < 20; i++) {
            assertThat(getServer("srv")).isEqualTo(200);
        }
    }

    @Test
    void remainingBudgetIsSpent() {
        sim.faults().add(FaultRule.status(GET_BARE_METAL_SERVER, 503).times(2));

        assertThat(getServer("srv")).isEqualTo(503);
        assertThat(sim.faults().rules()).singleElement().satisfies(r -> assertThat(r.remaining()).isEqualTo(1));
        assertThat(getServer("srv")).isEqualTo(503);
        assertThat(getServer("srv")).isEqualTo(200);
        assertThat(sim.faults().rules()).singleElement().satisfies(r -> assertThat(r.remaining()).isZero());
    }

    @Test
    void resourceIdNarrowsTheRule() {
        sim.faults().add(FaultRule.status("*", 500).resourceId("srv"));

        assertThat(getServer("srv")).isEqualTo(500);
        assertThat(getServer("other")).isEqualTo(200);
        assertThat(client.vpcGet("/bare_metal_servers").status()).isEqualTo(200);
    }

    @Test
    void wildcardSparesIamButANamedRuleHitsIt() {
        sim.faults().add(FaultRule.status("*", 500));
        assertThat(client.iam("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=k").status())
                .isEqualTo(200);

        sim.faults().replace(List.of(FaultRule.status(CREATE_IAM_TOKEN, 503)));
        SimClient.Response iam = client.iam("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=k");
        assertThat(iam.status()).isEqualTo(503);
        assertThat(iam.json()).containsEntry("errorCode", "service_unavailable").containsKey("errorMessage");
    }

    @Test
    void faultsAnswerBeforeAuthentication() {
        sim.faults().add(FaultRule.status(GET_DNS_RECORD, 503));
        SimClient.Response response = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sim.dnsUrl() + "/instances/i/dnszones/z/resource_records/A:1")));
        assertThat(response.status()).isEqualTo(503);
    }

    @Test
    void deleteFailsLeavesTheServerFailed() {
        sim.faults().add(FaultRule.deleteFails().resourceId("srv").times(1));

        assertThat(client.vpcDelete("/bare_metal_servers/srv").status()).isEqualTo(202);
        assertThat(client.vpcGet("/bare_metal_servers/srv").json()).containsEntry("status", "deleting");

        SimClient.await(Duration.ofSeconds(5), () -> "failed".equals(
                client.vpcGet("/bare_metal_servers/srv").json().get("status")));
        assertThat(client.vpcGet("/bare_metal_servers/srv").json()).containsEntry("lifecycle_state", "failed");

        assertThat(client.vpcDelete("/bare_metal_servers/srv").status()).as("failed can be deleted again").isEqualTo(202);
        SimClient.await(Duration.ofSeconds(5), () -> getServer("srv") == 404);
    }

    @Test
    void statsCountEveryRequestPerOperationAndResource() {
        sim.faults().add(FaultRule.status(GET_BARE_METAL_SERVER, 503).resourceId("other"));

        getServer("srv");
        getServer("srv");
        getServer("other");
        getServer("missing");
        client.vpcGet("/bare_metal_servers");
        client.vpcDelete("/bare_metal_servers/srv");

        SimulatorStats stats = sim.stats();
        assertThat(stats.count(GET_BARE_METAL_SERVER)).isEqualTo(4);
        assertThat(stats.count(GET_BARE_METAL_SERVER, "srv")).isEqualTo(2);
        assertThat(stats.count(GET_BARE_METAL_SERVER, "other")).as("faulted requests count too").isEqualTo(1);
        assertThat(stats.count(GET_BARE_METAL_SERVER, "missing")).isEqualTo(1);
        assertThat(stats.count(LIST_BARE_METAL_SERVERS)).isEqualTo(1);
        assertThat(stats.count(DELETE_BARE_METAL_SERVER, "srv")).isEqualTo(1);
        assertThat(stats.count(DELETE_DNS_RECORD)).isZero();
        assertThat(stats.total()).isEqualTo(6);

        Map<String, Object> snapshot = stats.snapshot();
        assertThat(snapshot).containsEntry("total", 6L);
        assertThat(snapshot.get("operations")).isEqualTo(Map.of(GET_BARE_METAL_SERVER, 4L,
                LIST_BARE_METAL_SERVERS, 1L, DELETE_BARE_METAL_SERVER, 1L));

        stats.reset();
        assertThat(stats.total()).isZero();
        assertThat(stats.count(GET_BARE_METAL_SERVER, "srv")).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void acceptedCountsOnlyTheRequestsTheSimulatorCarriedOut() {
        sim.faults().add(FaultRule.status(DELETE_BARE_METAL_SERVER, 503).resourceId("other").times(1));

        assertThat(client.vpcDelete("/bare_metal_servers/srv").status()).isEqualTo(202);
        assertThat(client.vpcDelete("/bare_metal_servers/other").status()).as("injected").isEqualTo(503);
        assertThat(client.vpcDelete("/bare_metal_servers/other").status()).isEqualTo(202);
        assertThat(client.vpcDelete("/bare_metal_servers/missing").status()).isEqualTo(404);
        getServer("srv");

        SimulatorStats stats = sim.stats();
        assertThat(stats.count(DELETE_BARE_METAL_SERVER, "other")).as("every request").isEqualTo(2);
        assertThat(stats.accepted(DELETE_BARE_METAL_SERVER, "other")).as("the one carried out").isEqualTo(1);
        assertThat(stats.accepted(DELETE_BARE_METAL_SERVER, "srv")).isEqualTo(1);
        assertThat(stats.accepted(DELETE_BARE_METAL_SERVER, "missing")).as("a 404 deletes nothing").isZero();
        assertThat(stats.accepted(DELETE_BARE_METAL_SERVER)).isEqualTo(2);
        assertThat(stats.accepted(GET_BARE_METAL_SERVER, "srv")).isEqualTo(1);

        Map<String, Object> accepted = (Map<String, Object>) stats.snapshot().get("accepted");
        assertThat(accepted).containsEntry("total", 3L);
        assertThat(accepted.get("resources")).isEqualTo(Map.of(DELETE_BARE_METAL_SERVER, Map.of("srv", 1L, "other", 1L),
                GET_BARE_METAL_SERVER, Map.of("srv", 1L)));
        stats.reset();
        assertThat(stats.accepted(DELETE_BARE_METAL_SERVER)).isZero();
    }
}
