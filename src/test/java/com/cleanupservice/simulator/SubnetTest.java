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

/** Subnets and public gateways over HTTP: IBM's JSON, the 409s while in use, the asynchronous delete, implicit subnets. */
class SubnetTest {
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
    }

    private static Map<String, Object> subnet(String id, Object... more) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>(Map.of("id", id, "name", id + "-name"));
        for (int i = 0; i < more.length; i += 2) {
            fields.put((String) more[i], more[i + 1]);
        }
        return sim.create("subnet", fields);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasIbmShape() {
        sim.create("public_gateway", Map.of("id", "pgw-1", "name", "gw"));
        subnet("sub-1", "vpc_id", IbmCloudSimulator.VPC_ID, "public_gateway_id", "pgw-1",
                "ipv4_cidr_block", "10.240.64.0/24");
        sim.createReservedIp("sub-1", "ip-1", null, null, false);

        Map<String, Object> subnet = client.vpcGet("/subnets/sub-1").json();
        assertThat(subnet).containsEntry("id", "sub-1").containsEntry("name", "sub-1-name")
                .containsEntry("resource_type", "subnet").containsEntry("status", "available")
                .containsEntry("ip_version", "ipv4").containsEntry("ipv4_cidr_block", "10.240.64.0/24")
                .containsEntry("total_ipv4_address_count", 256).containsEntry("available_ipv4_address_count", 250)
                .containsEntry("href", sim.vpcUrl() + "/subnets/sub-1");
        assertThat(subnet.keySet()).containsExactly("available_ipv4_address_count", "created_at", "crn", "href", "id",
                "ip_version", "ipv4_cidr_block", "name", "public_gateway", "resource_group", "resource_type", "status",
                "total_ipv4_address_count", "vpc", "zone");
        assertThat((String) subnet.get("crn")).contains(":subnet:").endsWith(":sub-1");
        assertThat((Map<String, Object>) subnet.get("vpc")).containsEntry("id", IbmCloudSimulator.VPC_ID);
        assertThat((Map<String, Object>) subnet.get("zone")).containsEntry("name", IbmCloudSimulator.ZONE);
        assertThat((Map<String, Object>) subnet.get("public_gateway")).containsEntry("id", "pgw-1")
                .containsEntry("name", "gw").containsEntry("resource_type", "public_gateway").containsKeys("crn", "href");

        Map<String, Object> gateway = client.vpcGet("/public_gateways/pgw-1").json();
        assertThat(gateway.keySet()).containsExactly("created_at", "crn", "floating_ip", "href", "id", "name",
                "resource_group", "resource_type", "status", "vpc", "zone");
        assertThat(gateway).containsEntry("resource_type", "public_gateway").containsEntry("status", "available");
        assertThat((Map<String, Object>) gateway.get("floating_ip")).containsKeys("address", "crn", "id", "name");

        List<Map<String, Object>> list = (List<Map<String, Object>>) client.vpcGet("/subnets").json().get("subnets");
        assertThat(list).extracting(s -> s.get("id")).containsExactly("sub-1");
        assertThat(client.vpcGet("/public_gateways").json().get("public_gateways")).asList().hasSize(1);
        assertThat(client.vpcGet("/subnets/nope").status()).isEqualTo(404);
        assertThat(client.vpcGet("/subnets/nope").errorCode()).isEqualTo("subnet_not_found");
    }

    @Test
    void deleteIsRefusedWhileSomethingIsInItThenAsynchronous() {
        subnet("sub-1");
        sim.createReservedIp("sub-1", "ip-vni", null, null, false);
        sim.createVirtualNetworkInterface("vni-1", null, null, "ip-vni", false);
        sim.createReservedIp("sub-1", "ip-plain", null, null, false);

        SimClient.Response vni = client.vpcDelete("/subnets/sub-1");
        assertThat(vni.status()).isEqualTo(409);
        assertThat(vni.errorCode()).isEqualTo("subnet_in_use_network_interface_exists");
        assertThat(vni.errorMessage()).contains("virtual_network_interface vni-1");

        assertThat(client.vpcDelete("/virtual_network_interfaces/vni-1").status()).isEqualTo(202);
        assertThat(client.vpcDelete("/subnets/sub-1/reserved_ips/ip-vni").status()).isEqualTo(204);
        SimClient.Response ip = client.vpcDelete("/subnets/sub-1");
        assertThat(ip.status()).isEqualTo(409);
        assertThat(ip.errorCode()).isEqualTo("subnet_in_use_reserved_ip_exists");
        assertThat(ip.errorMessage()).contains("subnet_reserved_ip ip-plain");

        assertThat(client.vpcDelete("/subnets/sub-1/reserved_ips/ip-plain").status()).isEqualTo(204);
        assertThat(client.vpcDelete("/subnets/sub-1").status()).isEqualTo(204);
        assertThat(client.vpcGet("/subnets/sub-1").json()).containsEntry("status", "deleting");
        assertThat(client.vpcDelete("/subnets/sub-1").status()).as("again while deleting").isEqualTo(204);
        await(WAIT, () -> client.vpcGet("/subnets/sub-1").status() == 404);
        assertThat(client.vpcGet("/subnets/sub-1/reserved_ips").status()).isEqualTo(404);
    }

    @Test
    void providerOwnedReservedIpsDoNotHoldASubnet() {
        sim.setProviderReservedIps(true);
        try {
            subnet("sub-1");
            assertThat(client.vpcGet("/subnets/sub-1/reserved_ips").json().get("reserved_ips")).asList().hasSize(5);
            assertThat(client.vpcDelete("/subnets/sub-1").status()).isEqualTo(204);
        } finally {
            sim.setProviderReservedIps(false);
        }
    }

    @Test
    void unknownSubnetsHaveNoReservedIps() {
        SimClient.Response list = client.vpcGet("/subnets/nowhere/reserved_ips");
        assertThat(list.status()).isEqualTo(404);
        assertThat(list.errorCode()).isEqualTo("subnet_not_found");
        assertThat(client.vpcGet("/subnets/nowhere/reserved_ips/ip-1").status()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReservationInAnUnknownSubnetCreatesItImplicitly() {
        sim.createReservedIp("subnet-x", "ip-1", null, null, false);
        sim.createVirtualNetworkInterface("vni-1", null, "subnet-y", null, false);

        assertThat(client.vpcGet("/subnets/subnet-x").json()).containsEntry("status", "available")
                .containsEntry("ipv4_cidr_block", SubnetKind.DEFAULT_CIDR);
        assertThat(client.vpcGet("/subnets/subnet-y/reserved_ips").json().get("reserved_ips")).asList().hasSize(1);
        assertThat((List<Object>) sim.resources().get("subnets")).as("implicit subnets are not listed by the admin")
                .isEmpty();
        assertThat((List<Map<String, Object>>) client.vpcGet("/subnets").json().get("subnets"))
                .extracting(s -> s.get("id")).containsExactly("subnet-x", "subnet-y");

        // an admin create of the same id makes it explicit, with its IPs still in it
        subnet("subnet-x", "ipv4_cidr_block", "10.240.0.0/20");
        assertThat((List<Map<String, Object>>) sim.resources().get("subnets")).extracting(s -> s.get("id"))
                .containsExactly("subnet-x");
        assertThat(client.vpcGet("/subnets/subnet-x").json()).containsEntry("ipv4_cidr_block", "10.240.0.0/20");
        assertThat(client.vpcDelete("/subnets/subnet-x").status()).isEqualTo(409);
        assertThatThrownBy(() -> subnet("subnet-x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists");

        // another account's reservation in the same subnet id makes no subnet there
        sim.create("subnet_reserved_ip", Map.of("subnet_id", "subnet-x", "id", "ip-other", "account", "sandbox-2"));
        assertThat(new SimClient(sim, "sandbox-2-api-key").vpcGet("/subnets/subnet-x").status()).isEqualTo(404);
    }

    /** The deployment network, taken down in the order IBM's 409s impose, in another account and region. */
    @Test
    @SuppressWarnings("unchecked")
    void aDeploymentsNetworkGoesInDependencyOrder() {
        Map<String, Object> eu = Map.of("account", "sandbox-2", "region", "eu-de");
        java.util.function.BiFunction<String, Map<String, Object>, Map<String, Object>> create = (kind, fields) -> {
            Map<String, Object> all = new java.util.HashMap<>(fields);
            all.putAll(eu);
            return sim.create(kind, all);
        };
        create.apply("public_gateway", Map.of("id", "pgw"));
        create.apply("subnet", Map.of("id", "mgmt", "public_gateway_id", "pgw"));
        create.apply("subnet", Map.of("id", "work"));
        create.apply("virtual_network_interface", Map.of("id", "vni-m", "subnet_id", "mgmt"));
        create.apply("virtual_network_interface", Map.of("id", "vni-w", "subnet_id", "work"));
        create.apply("load_balancer", Map.of("id", "lb", "subnet_ids", List.of("mgmt", "work"), "bounce_once", true));
        create.apply("endpoint_gateway", Map.of("id", "vpe", "subnet_id", "work"));
        create.apply("key", Map.of("id", "ssh"));
        SimClient eu2 = new SimClient(sim, "sandbox-2-api-key");
        assertThat(client.vpcGet("/subnets/mgmt").status()).as("another account's").isEqualTo(404);
        assertThat(eu2.vpcGet("/subnets/mgmt").status()).as("another region's").isEqualTo(404);
        assertThat(eu2.vpcGet("eu-de", "/subnets/mgmt").status()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) eu2.vpcGet("eu-de", "/load_balancers/lb").json().get("subnets"))
                .extracting(subnet -> subnet.get("id")).containsExactly("mgmt", "work");

        // first the subnets' contents: VNIs, load balancer (which bounces once), endpoint gateway
        assertThat(eu2.vpcDelete("eu-de", "/subnets/mgmt").json().toString()).contains("virtual_network_interface vni-m");
        assertThat(eu2.vpcDelete("eu-de", "/public_gateways/pgw").status()).isEqualTo(409);
        assertThat(eu2.vpcDelete("eu-de", "/virtual_network_interfaces/vni-m").status()).isEqualTo(202);
        assertThat(eu2.vpcDelete("eu-de", "/virtual_network_interfaces/vni-w").status()).isEqualTo(202);
        assertThat(eu2.vpcDelete("eu-de", "/load_balancers/lb").status()).isEqualTo(202);
        assertThat(eu2.vpcDelete("eu-de", "/endpoint_gateways/vpe").status()).isEqualTo(204);
        await(WAIT, () -> "active".equals(eu2.vpcGet("eu-de", "/load_balancers/lb").json().get("provisioning_status")));
        assertThat(eu2.vpcDelete("eu-de", "/subnets/work").errorCode()).isEqualTo("subnet_in_use_load_balancer_exists");
        assertThat(eu2.vpcDelete("eu-de", "/load_balancers/lb").status()).as("deleted again").isEqualTo(202);
        await(WAIT, () -> eu2.vpcGet("eu-de", "/load_balancers/lb").status() == 404
                && eu2.vpcGet("eu-de", "/endpoint_gateways/vpe").status() == 404);

        // then the gateway detached, the subnets, the gateway and the key
        assertThat(eu2.vpcDelete("eu-de", "/subnets/mgmt/public_gateway").status()).isEqualTo(204);
        assertThat(eu2.vpcDelete("eu-de", "/subnets/mgmt").status()).isEqualTo(204);
        assertThat(eu2.vpcDelete("eu-de", "/subnets/work").status()).isEqualTo(204);
        assertThat(eu2.vpcDelete("eu-de", "/public_gateways/pgw").status()).isEqualTo(204);
        assertThat(eu2.vpcDelete("eu-de", "/keys/ssh").status()).isEqualTo(204);
        await(WAIT, () -> eu2.vpcGet("eu-de", "/subnets/mgmt").status() == 404
                && eu2.vpcGet("eu-de", "/subnets/work").status() == 404);
        assertThat(sim.resources("sandbox-2", "eu-de").values())
                .allSatisfy(collection -> assertThat((List<?>) collection).isEmpty());
    }

    @Test
    void aPublicGatewayIsDetachedBeforeItIsDeleted() {
        sim.create("public_gateway", Map.of("id", "pgw-1"));
        sim.create("public_gateway", Map.of("id", "pgw-2"));
        subnet("sub-1", "public_gateway_id", "pgw-1");
        subnet("sub-2");

        SimClient.Response inUse = client.vpcDelete("/public_gateways/pgw-1");
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorCode()).isEqualTo("public_gateway_in_use");
        assertThat(inUse.errorMessage()).contains("sub-1");
        assertThat(client.vpcGet("/subnets/sub-1/public_gateway").json()).containsEntry("id", "pgw-1");
        assertThat(client.vpcGet("/subnets/sub-2/public_gateway").status()).isEqualTo(404);

        SimClient.Response attach = client.vpcPut("/subnets/sub-2/public_gateway", "{\"id\": \"pgw-1\"}");
        assertThat(attach.status()).isEqualTo(201);
        assertThat(attach.json()).containsEntry("id", "pgw-1").containsEntry("resource_type", "public_gateway");
        assertThat(client.vpcPut("/subnets/sub-2/public_gateway", "{\"id\": \"pgw-2\"}").status())
                .as("another one attached").isEqualTo(409);
        assertThat(client.vpcPut("/subnets/sub-2/public_gateway", "{\"id\": \"nope\"}").status()).isEqualTo(404);
        assertThat(client.vpcPut("/subnets/sub-2/public_gateway", "{}").status()).isEqualTo(400);
        assertThat(client.vpcPut("/subnets/sub-2/public_gateway", "not json").status()).isEqualTo(400);

        assertThat(client.vpcDelete("/subnets/sub-1/public_gateway").status()).isEqualTo(204);
        assertThat(client.vpcDelete("/subnets/sub-1/public_gateway").status()).isEqualTo(404);
        assertThat(client.vpcDelete("/public_gateways/pgw-1").status()).as("still on sub-2").isEqualTo(409);
        assertThat(client.vpcDelete("/subnets/sub-2/public_gateway").status()).isEqualTo(204);
        assertThat(client.vpcGet("/subnets/sub-2").json()).doesNotContainKey("public_gateway");
        assertThat(client.vpcDelete("/public_gateways/pgw-1").status()).isEqualTo(204);
        assertThat(client.vpcGet("/public_gateways/pgw-1").status()).isEqualTo(404);
        assertThat(sim.stats().snapshot().toString()).contains("set_subnet_public_gateway");
    }
}
