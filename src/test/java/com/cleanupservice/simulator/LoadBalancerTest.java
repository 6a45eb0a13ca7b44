package com.cleanupservice.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.cleanupservice.simulator.SimClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Load balancers over HTTP: IBM's JSON, the asynchronous delete, the bounce back to active, the subnets they hold. */
class LoadBalancerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static IbmCloudSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).networkDeleteDelay(Duration.ofMillis(200)));
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        sim.reset();
        sim.setNetworkDeleteDelay(Duration.ofMillis(200));
        sim.create("subnet", Map.of("id", "sub-a"));
        sim.create("subnet", Map.of("id", "sub-b"));
    }

    private static String status(String id) {
        SimClient.Response lb = client.vpcGet("/load_balancers/" + id);
        return lb.status() == 404 ? "gone" : (String) lb.json().get("provisioning_status");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasIbmShape() {
        sim.create("load_balancer", Map.of("id", "lb-1", "name", "prism", "subnet_ids", List.of("sub-a", "sub-b"),
                "is_public", true));

        Map<String, Object> lb = client.vpcGet("/load_balancers/lb-1").json();
        assertThat(lb).containsEntry("id", "lb-1").containsEntry("name", "prism")
                .containsEntry("resource_type", "load_balancer").containsEntry("provisioning_status", "active")
                .containsEntry("operating_status", "online").containsEntry("is_public", true)
                .containsEntry("href", sim.vpcUrl() + "/load_balancers/lb-1");
        assertThat((String) lb.get("crn")).startsWith("crn:v1:bluemix:public:is:us-south:a/")
                .endsWith("::load-balancer:lb-1");
        assertThat((String) lb.get("hostname")).endsWith("-us-south.lb.appdomain.cloud");
        assertThat((List<Map<String, Object>>) lb.get("subnets")).extracting(s -> s.get("id"))
                .containsExactly("sub-a", "sub-b");
        assertThat((List<Map<String, Object>>) lb.get("subnets")).allSatisfy(s -> assertThat(s)
                .containsKeys("crn", "href", "name").containsEntry("resource_type", "subnet"));
        assertThat(client.vpcGet("/load_balancers").json().get("load_balancers")).asList().hasSize(1);

        assertThatThrownBy(() -> sim.create("load_balancer", Map.of("subnet_ids", List.of("nope"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subnet nope does not exist");
        assertThatThrownBy(() -> sim.create("load_balancer", Map.of("name", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subnet_ids");
    }

    @Test
    void deleteIsAsynchronousAndHoldsItsSubnetsUntilGone() {
        sim.create("load_balancer", Map.of("id", "lb-1", "subnet_ids", List.of("sub-a", "sub-b")));

        SimClient.Response held = client.vpcDelete("/subnets/sub-b");
        assertThat(held.status()).isEqualTo(409);
        assertThat(held.errorCode()).isEqualTo("subnet_in_use_load_balancer_exists");
        assertThat(held.errorMessage()).contains("load_balancer lb-1");

        sim.setNetworkDeleteDelay(Duration.ofHours(1));
        SimClient.Response delete = client.vpcDelete("/load_balancers/lb-1");
        assertThat(delete.status()).isEqualTo(202);
        assertThat(delete.body()).isEmpty();
        assertThat(status("lb-1")).isEqualTo("delete_pending");
        assertThat(client.vpcGet("/load_balancers/lb-1").json()).containsEntry("operating_status", "offline");
        assertThat(client.vpcDelete("/load_balancers/lb-1").status()).as("again while pending").isEqualTo(202);
        assertThat(client.vpcDelete("/subnets/sub-a").status()).as("pending is not gone").isEqualTo(409);
    }

    @Test
    void aPendingDeleteEndsWithTheLoadBalancerGone() {
        sim.create("load_balancer", Map.of("id", "lb-1", "subnet_ids", List.of("sub-a")));

        assertThat(client.vpcDelete("/load_balancers/lb-1").status()).isEqualTo(202);
        await(WAIT, () -> status("lb-1").equals("gone"));
        assertThat(client.vpcGet("/load_balancers/lb-1").errorCode()).isEqualTo("load_balancer_not_found");
        assertThat(client.vpcDelete("/subnets/sub-a").status()).isEqualTo(204);
    }

    @Test
    void oneToldToBounceComesBackActiveOnceThenASecondDeleteRemovesIt() {
        sim.create("load_balancer", Map.of("id", "lb-1", "subnet_ids", List.of("sub-a"), "bounce_once", true));

        assertThat(client.vpcDelete("/load_balancers/lb-1").status()).isEqualTo(202);
        await(WAIT, () -> !status("lb-1").equals("delete_pending"));
        assertThat(status("lb-1")).as("bounced back").isEqualTo("active");

        assertThat(client.vpcDelete("/load_balancers/lb-1").status()).isEqualTo(202);
        await(WAIT, () -> !status("lb-1").equals("delete_pending"));
        assertThat(status("lb-1")).isEqualTo("gone");
    }

    @Test
    void theBounceCanBeArmedLater() {
        sim.create("load_balancer", Map.of("id", "lb-1", "subnet_ids", List.of("sub-a")));
        SimClient.Response patched = client.admin("PATCH", "/sim/load_balancers/lb-1", "{\"bounce_once\": true}");
        assertThat(patched.status()).isEqualTo(200);

        assertThat(client.vpcDelete("/load_balancers/lb-1").status()).isEqualTo(202);
        await(WAIT, () -> !status("lb-1").equals("delete_pending"));
        assertThat(status("lb-1")).isEqualTo("active");
    }
}
