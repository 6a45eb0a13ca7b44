package com.cleanupservice.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The addresses IBM keeps in every subnet, listed as {@code owner: provider} when the setting is on. */
class ProviderReservedIpsTest {
    private static final List<String> PROVIDER_ADDRESSES =
            List.of("10.240.0.0", "10.240.0.1", "10.240.0.2", "10.240.0.3", "10.240.255.255");
    private static IbmCloudSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).providerReservedIps(true));
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        sim.reset();
        sim.setProviderReservedIps(true);
        sim.create("subnet", Map.of("id", "subnet-1")); // subnets whose reserved IPs are listed must exist
        sim.create("subnet", Map.of("id", "subnet-empty"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(String subnetId) {
        SimClient.Response response = client.vpcGet("/subnets/" + subnetId + "/reserved_ips");
        assertThat(response.status()).isEqualTo(200);
        return (List<Map<String, Object>>) response.json().get("reserved_ips");
    }

    @Test
    void theProviderAddressesLieInTheirSubnetsRange() {
        sim.createReservedIp("subnet-workload", "ip-w1", null, "10.241.5.10", false);
        Map<String, Object> next = sim.createReservedIp("subnet-workload", "ip-w2", null, null, false);

        assertThat(list("subnet-workload")).extracting(ip -> ip.get("address")).containsExactly("10.241.0.0",
                "10.241.0.1", "10.241.0.2", "10.241.0.3", "10.241.255.255", "10.241.5.10", "10.241.0.4");
        assertThat(next.get("address")).as("a free address is taken from the subnet's range").isEqualTo("10.241.0.4");
        assertThatThrownBy(() -> sim.createReservedIp("subnet-workload", null, null, "10.241.0.1", false))
                .hasMessageContaining("reserved by the provider");
        assertThat(sim.createReservedIp("subnet-workload", "ip-other", null, "10.240.0.1", false).get("address"))
                .as("another range's gateway address is not this subnet's").isEqualTo("10.240.0.1");
        assertThat(list("subnet-1")).extracting(ip -> ip.get("address")).as("a subnet without addresses: the default range")
                .containsExactlyElementsOf(PROVIDER_ADDRESSES);
    }

    @Test
    void everySubnetListsTheProviderAddressesFirst() {
        Map<String, Object> mine = sim.createReservedIp("subnet-1", "ip-mine", null, null, false);

        List<Map<String, Object>> ips = list("subnet-1");
        assertThat(ips).extracting(ip -> ip.get("address")).containsExactly("10.240.0.0", "10.240.0.1", "10.240.0.2",
                "10.240.0.3", "10.240.255.255", mine.get("address"));
        assertThat(ips.subList(0, 5)).allSatisfy(ip -> assertThat(ip).containsEntry("owner", "provider")
                .containsEntry("auto_delete", false).containsEntry("lifecycle_state", "stable")
                .containsEntry("resource_type", "subnet_reserved_ip").doesNotContainKey("target"));
        assertThat(ips.get(1)).containsEntry("name", "ibm-default-gateway");
        assertThat(ips.get(5)).containsEntry("owner", "user");
        assertThat(mine.get("address")).as("a reservation never takes a provider address").isEqualTo("10.240.0.4");
        assertThat(client.vpcGet("/subnets/subnet-1/reserved_ips").json()).containsEntry("total_count", 6);
        assertThat(list("subnet-empty")).extracting(ip -> ip.get("address")).containsExactlyElementsOf(PROVIDER_ADDRESSES);
        assertThat(list("subnet-1").get(0).get("id")).as("ids are stable").isEqualTo(ips.get(0).get("id"))
                .isNotEqualTo(list("subnet-empty").get(0).get("id"));
    }

    @Test
    void providerAddressesCannotBeDeletedNorReserved() {
        Map<String, Object> gateway = list("subnet-1").get(1);
        String path = "/subnets/subnet-1/reserved_ips/" + gateway.get("id");

        assertThat(client.vpcGet(path).json()).isEqualTo(gateway);
        SimClient.Response refused = client.vpcDelete(path);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("reserved_ip_provider_owned");
        assertThat(client.vpcGet(path).status()).isEqualTo(200);
        assertThat(client.vpcGet("/subnets/subnet-2/reserved_ips/" + gateway.get("id")).status())
                .as("only in its own subnet").isEqualTo(404);

        assertThatThrownBy(() -> sim.createReservedIp("subnet-1", null, null, "10.240.0.1", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("provider");
    }

    @Test
    void theyAreNotPartOfTheAdminListing() {
        list("subnet-1");
        Map<String, Object> all = new java.util.HashMap<>(sim.resources());
        all.remove("subnets"); // the two this test created
        assertThat(all.values()).allSatisfy(collection -> assertThat((List<?>) collection).isEmpty());
    }

    @Test
    void theSettingCanBeSwitchedAtRuntime() {
        String gatewayId = (String) list("subnet-1").get(1).get("id");
        sim.createReservedIp("subnet-1", "ip-mine", null, null, false);

        SimClient.Response off = client.admin("PUT", "/sim/config", "{\"provider_reserved_ips\": false}");
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json()).containsEntry("provider_reserved_ips", false);
        assertThat(list("subnet-1")).extracting(ip -> ip.get("id")).containsExactly("ip-mine");
        assertThat(client.vpcGet("/subnets/subnet-1/reserved_ips/" + gatewayId).status()).isEqualTo(404);

        assertThat(client.admin("PUT", "/sim/config", "{\"provider_reserved_ips\": \"yes\"}").status()).isEqualTo(400);
        assertThat(client.admin("PUT", "/sim/config", "{\"provider_reserved_ips\": true}").json())
                .containsEntry("provider_reserved_ips", true);
        assertThat(list("subnet-1")).hasSize(6);
    }
}
