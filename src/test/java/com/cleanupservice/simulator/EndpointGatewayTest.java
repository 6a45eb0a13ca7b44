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

/** Endpoint gateways over HTTP: IBM's JSON, their reserved IP, the asynchronous delete, the subnet they hold. */
class EndpointGatewayTest {
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
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ips(String subnetId) {
        return (List<Map<String, Object>>) client.vpcGet("/subnets/" + subnetId + "/reserved_ips").json()
                .get("reserved_ips");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasIbmShapeAndItsReservedIpNamesIt() {
        sim.create("endpoint_gateway", Map.of("id", "eg-1", "name", "cos", "subnet_id", "sub-a"));

        Map<String, Object> gateway = client.vpcGet("/endpoint_gateways/eg-1").json();
        assertThat(gateway).containsEntry("id", "eg-1").containsEntry("name", "cos")
                .containsEntry("resource_type", "endpoint_gateway").containsEntry("lifecycle_state", "stable")
                .containsEntry("health_state", "ok").containsEntry("href", sim.vpcUrl() + "/endpoint_gateways/eg-1");
        assertThat((String) gateway.get("crn")).endsWith("::endpoint-gateway:eg-1");
        assertThat((Map<String, Object>) gateway.get("target"))
                .containsEntry("crn", EndpointGatewayKind.COS_CRN).containsEntry("resource_type", "provider_cloud_service");
        assertThat((Map<String, Object>) gateway.get("vpc")).containsEntry("id", IbmCloudSimulator.VPC_ID);
        List<Map<String, Object>> gatewayIps = (List<Map<String, Object>>) gateway.get("ips");
        assertThat(gatewayIps).singleElement().satisfies(ip -> assertThat(ip)
                .containsKeys("address", "href", "id", "name").containsEntry("resource_type", "subnet_reserved_ip"));

        assertThat(ips("sub-a")).singleElement().satisfies(ip -> {
            assertThat(ip).containsEntry("id", gatewayIps.get(0).get("id")).containsEntry("owner", "user")
                    .containsEntry("auto_delete", true);
            assertThat((Map<String, Object>) ip.get("target")).containsEntry("id", "eg-1")
                    .containsEntry("resource_type", "endpoint_gateway");
        });
        assertThat(client.vpcGet("/endpoint_gateways?name=cos").json().get("endpoint_gateways")).asList().hasSize(1);
        assertThat(client.vpcGet("/endpoint_gateways?name=other").json().get("endpoint_gateways")).asList().isEmpty();
    }

    @Test
    void deleteIsAsynchronousTakesItsReservedIpAndFreesTheSubnet() {
        sim.create("endpoint_gateway", Map.of("id", "eg-1", "subnet_id", "sub-a"));

        SimClient.Response held = client.vpcDelete("/subnets/sub-a");
        assertThat(held.status()).isEqualTo(409);
        assertThat(held.errorCode()).isEqualTo("subnet_in_use_endpoint_gateway_exists");
        assertThat(held.errorMessage()).contains("endpoint_gateway eg-1");

        assertThat(client.vpcDelete("/endpoint_gateways/eg-1").status()).isEqualTo(204);
        SimClient.Response deleting = client.vpcGet("/endpoint_gateways/eg-1");
        if (deleting.status() == 200) { // unless the 200 ms already passed
            assertThat(deleting.json()).containsEntry("lifecycle_state", "deleting");
        }
        await(WAIT, () -> client.vpcGet("/endpoint_gateways/eg-1").status() == 404);
        assertThat(ips("sub-a")).as("its reserved IP went with it").isEmpty();
        assertThat(client.vpcDelete("/subnets/sub-a").status()).isEqualTo(204);
    }

    @Test
    void whileDeletingItStillHoldsTheSubnet() {
        sim.setNetworkDeleteDelay(Duration.ofHours(1));
        sim.create("endpoint_gateway", Map.of("id", "eg-1", "subnet_id", "sub-a"));

        assertThat(client.vpcDelete("/endpoint_gateways/eg-1").status()).isEqualTo(204);
        assertThat(client.vpcGet("/endpoint_gateways/eg-1").json()).containsEntry("lifecycle_state", "deleting");
        assertThat(client.vpcDelete("/endpoint_gateways/eg-1").status()).as("again").isEqualTo(204);
        assertThat(client.vpcDelete("/subnets/sub-a").errorCode()).isEqualTo("subnet_in_use_endpoint_gateway_exists");
    }

    @Test
    @SuppressWarnings("unchecked")
    void deletingItsReservedIpUnbindsIt() {
        sim.create("endpoint_gateway", Map.of("id", "eg-1", "subnet_id", "sub-a"));
        String ipId = (String) ips("sub-a").get(0).get("id");

        assertThat(client.vpcDelete("/subnets/sub-a/reserved_ips/" + ipId).status()).isEqualTo(204);
        assertThat((List<Object>) client.vpcGet("/endpoint_gateways/eg-1").json().get("ips")).isEmpty();
    }
}
