package com.cleanupservice.simulator;

import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FloatingIpTest {
    private static IbmCloudSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(Duration.ZERO));
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        sim.reset();
    }

    private static Map<String, Object> floatingIp(String id, String name, String targetId) {
        return sim.create("floating_ip", Fields.of("id", id, "name", name, "target_id", targetId).json());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasIbmShape() {
        sim.createVirtualNetworkInterface("vni-1", "eth", "subnet-1", null, false);
        floatingIp("fip-bound", "public", "vni-1");
        floatingIp("fip-free", null, null);

        Map<String, Object> bound = client.vpcGet("/floating_ips/fip-bound").json();
        assertThat(bound).containsEntry("id", "fip-bound").containsEntry("name", "public")
                .containsEntry("status", "available").containsEntry("href", sim.vpcUrl() + "/floating_ips/fip-bound");
        assertThat((String) bound.get("address")).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat((String) bound.get("crn")).startsWith("crn:v1:bluemix:public:is:").contains(":floating-ip:")
                .endsWith(":fip-bound");
        assertThat(Instant.parse((String) bound.get("created_at"))).isBefore(Instant.now().plusSeconds(1));
        assertThat((Map<String, Object>) bound.get("resource_group")).containsEntry("id", IbmCloudSimulator.RESOURCE_GROUP_ID);
        assertThat((Map<String, Object>) bound.get("zone")).containsEntry("name", IbmCloudSimulator.ZONE);
        assertThat((Map<String, Object>) bound.get("target")).containsEntry("id", "vni-1").containsEntry("name", "eth")
                .containsEntry("resource_type", "virtual_network_interface")
                .containsEntry("href", sim.vpcUrl() + "/virtual_network_interfaces/vni-1");

        Map<String, Object> free = client.vpcGet("/floating_ips/fip-free").json();
        assertThat(free).doesNotContainKey("target");
        assertThat(free.get("address")).isNotEqualTo(bound.get("address"));
        assertThat((String) free.get("name")).startsWith("floating-ip-");
    }

    @Test
    void deleteReleasesItBoundOrNot() {
        sim.createVirtualNetworkInterface("vni-1", null, "subnet-1", null, false);
        floatingIp("fip-bound", null, "vni-1");
        floatingIp("fip-free", null, null);

        for (String id : List.of("fip-bound", "fip-free")) {
            SimClient.Response deleted = client.vpcDelete("/floating_ips/" + id);
            assertThat(deleted.status()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
            SimClient.Response gone = client.vpcGet("/floating_ips/" + id);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.errorCode()).isEqualTo("floating_ip_not_found");
        }
        assertThat(client.vpcDelete("/floating_ips/fip-free").status()).isEqualTo(404);
        assertThat(sim.exists("virtual_network_interface", "vni-1")).as("its target stays").isTrue();
        assertThat(sim.stats().count("delete_floating_ip")).isEqualTo(3);
        assertThat(sim.stats().count("delete_floating_ip", "fip-bound")).isEqualTo(1);
    }

    @Test
    void itsVniGoingUnbindsIt() {
        sim.createVirtualNetworkInterface("vni-free", null, "subnet-1", null, false);
        floatingIp("fip-1", null, "vni-free");
        sim.createVirtualNetworkInterface("vni-auto", null, "subnet-1", null, true);
        sim.createBareMetalServer("srv", null, "running", List.of("vni-auto"));
        floatingIp("fip-2", null, "vni-auto");

        assertThat(client.vpcDelete("/virtual_network_interfaces/vni-free").status()).isEqualTo(202);
        assertThat(client.vpcDelete("/bare_metal_servers/srv").status()).isEqualTo(202);

        assertThat(sim.exists("virtual_network_interface", "vni-auto")).as("went with its server").isFalse();
        for (String id : List.of("fip-1", "fip-2")) {
            SimClient.Response fip = client.vpcGet("/floating_ips/" + id);
            assertThat(fip.status()).isEqualTo(200);
            assertThat(fip.json()).doesNotContainKey("target");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void listPagesFiltersAndSorts() {
        sim.createVirtualNetworkInterface("vni-1", null, "subnet-1", null, false);
        floatingIp("fip-c", "c", "vni-1");
        floatingIp("fip-a", "a", null);
        floatingIp("fip-b", "b", null);

        SimClient.Response first = client.vpcGet("/floating_ips?limit=2");
        assertThat(first.json()).containsEntry("total_count", 3).containsEntry("limit", 2);
        assertThat((List<Map<String, Object>>) first.json().get("floating_ips")).extracting(f -> f.get("id"))
                .containsExactly("fip-c", "fip-a");
        String next = (String) ((Map<String, Object>) first.json().get("next")).get("href");
        assertThat((List<Map<String, Object>>) client.get(next).json().get("floating_ips")).extracting(f -> f.get("id"))
                .containsExactly("fip-b");

        assertThat((List<Map<String, Object>>) client.vpcGet("/floating_ips?sort=name").json().get("floating_ips"))
                .extracting(f -> f.get("id")).containsExactly("fip-a", "fip-b", "fip-c");
        assertThat((List<Map<String, Object>>) client.vpcGet("/floating_ips?target.id=vni-1").json().get("floating_ips"))
                .extracting(f -> f.get("id")).containsExactly("fip-c");
        assertThat(client.vpcGet("/floating_ips?resource_group.id=other").json()).containsEntry("total_count", 0);
        assertThat(client.vpcGet("/floating_ips?sort=address").status()).isEqualTo(400);
        assertThat(sim.stats().count("list_floating_ips")).isEqualTo(6);
    }

    @Test
    @SuppressWarnings("unchecked")
    void adminCreatesAndListsThem() {
        sim.createVirtualNetworkInterface("vni-1", null, "subnet-1", null, false);
        SimClient.Response created = client.admin("POST", "/sim/resources",
                "{\"kind\":\"floating_ip\",\"id\":\"fip-1\",\"name\":\"web\",\"address\":\"52.118.9.9\",\"target_id\":\"vni-1\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).containsEntry("address", "52.118.9.9").containsKey("target");

        SimClient.Response missingVni = client.admin("POST", "/sim/resources",
                "{\"kind\":\"floating_ip\",\"target_id\":\"nope\"}");
        assertThat(missingVni.status()).isEqualTo(400);
        assertThat(missingVni.errorMessage()).contains("nope");
        assertThat(client.admin("POST", "/sim/resources", "{\"kind\":\"floating_ip\",\"address\":\"52.118.9.9\"}")
                .status()).as("address in use").isEqualTo(400);
        assertThat(client.admin("POST", "/sim/resources", "{\"kind\":\"floating_ip\",\"zone\":\"x\"}").status())
                .isEqualTo(400);

        Map<String, Object> all = client.admin("GET", "/sim/resources", null).json();
        assertThat((List<Map<String, Object>>) all.get("floating_ips")).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("id", "fip-1"));
        assertThat(sim.find("floating_ip", "fip-1")).isPresent();
    }

    @Test
    void faultRulesApplyToItsOperations() {
        floatingIp("fip-1", null, null);
        assertThat(SimulatorOperations.ALL).contains("get_floating_ip", "delete_floating_ip", "list_floating_ips");
        sim.faults().add(FaultRule.status("delete_floating_ip", 503).resourceId("fip-1").times(1));

        assertThat(client.vpcDelete("/floating_ips/fip-1").status()).isEqualTo(503);
        assertThat(sim.exists("floating_ip", "fip-1")).isTrue();
        assertThat(client.vpcDelete("/floating_ips/fip-1").status()).isEqualTo(204);
        assertThatThrownBy(() -> new FaultRule("delete_floating_ip", null, FaultRule.Type.DELETE_FAILS, null, null,
                0, 0, 1, null)).as("its DELETE is immediate: nothing to fail later")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void survivesARestartWithItsTarget() {
        DataSource ds = TestDatabase.freshDataSource();
        try (IbmCloudSimulator first = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).dataSource(ds))) {
            first.createVirtualNetworkInterface("vni-1", null, "subnet-1", null, false);
            first.create("floating_ip", Fields.of("id", "fip-1", "name", "kept", "target_id", "vni-1").json());
        }
        try (IbmCloudSimulator second = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).dataSource(ds))) {
            assertThat(second.find("floating_ip", "fip-1")).hasValueSatisfying(f -> assertThat(f)
                    .containsEntry("name", "kept").containsKey("target"));
        }
    }
}
