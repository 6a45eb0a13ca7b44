package com.cleanupservice.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdminApiTest {
    private static IbmCloudSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0));
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        sim.reset();
        sim.setBareMetalDeleteDelay(Duration.ofSeconds(5));
    }

    @Test
    @SuppressWarnings("unchecked")
    void createsResourcesOfEveryKind() {
        SimClient.Response ip = client.admin("POST", "/sim/resources",
                "{\"kind\":\"subnet_reserved_ip\",\"subnet_id\":\"sub\",\"id\":\"ip-1\",\"address\":\"10.1.2.3\",\"auto_delete\":true}");
        assertThat(ip.status()).isEqualTo(201);
        assertThat(ip.json()).containsEntry("id", "ip-1").containsEntry("address", "10.1.2.3").containsEntry("auto_delete", true);

        SimClient.Response vni = client.admin("POST", "/sim/resources",
                "{\"kind\":\"virtual_network_interface\",\"id\":\"vni-1\",\"name\":\"eth\",\"subnet_id\":\"sub\",\"primary_ip_id\":\"ip-1\"}");
        assertThat(vni.status()).isEqualTo(201);
        assertThat(vni.json()).containsEntry("auto_delete", false);

        SimClient.Response server = client.admin("POST", "/sim/resources",
                "{\"kind\":\"bare_metal_server\",\"id\":\"srv-1\",\"name\":\"node\",\"status\":\"stopped\",\"vni_ids\":[\"vni-1\"]}");
        assertThat(server.status()).isEqualTo(201);
        assertThat(server.json()).containsEntry("status", "stopped");

        SimClient.Response record = client.admin("POST", "/sim/resources",
                "{\"kind\":\"dns_record\",\"instance_id\":\"i\",\"zone_id\":\"z\",\"name\":\"node.example.com\",\"type\":\"A\",\"rdata\":\"10.1.2.3\"}");
        assertThat(record.status()).isEqualTo(201);
        assertThat((String) record.json().get("id")).startsWith("A:");

        Map<String, Object> all = client.admin("GET", "/sim/resources", null).json();
        assertThat((List<Object>) all.get("bare_metal_servers")).hasSize(1);
        assertThat((List<Object>) all.get("virtual_network_interfaces")).hasSize(1);
        assertThat((List<Object>) all.get("subnet_reserved_ips")).hasSize(1);
        assertThat((List<Map<String, Object>>) all.get("dns_records")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("zone_id", "z").containsEntry("instance_id", "i"));
    }

    @Test
    void rejectsBadResourceInput() {
        assertThat(client.admin("POST", "/sim/resources", "{\"kind\":\"vpc\"}").status()).isEqualTo(400);
        assertThat(client.admin("POST", "/sim/resources", "{\"kind\":\"subnet_reserved_ip\"}").status()).isEqualTo(400);
        assertThat(client.admin("POST", "/sim/resources",
                "{\"kind\":\"subnet_reserved_ip\",\"subnet_id\":\"s\",\"colour\":\"red\"}").status()).isEqualTo(400);
        assertThat(client.admin("POST", "/sim/resources", "not json").status()).isEqualTo(400);
        assertThat(client.admin("POST", "/sim/resources", "[]").status()).isEqualTo(400);
        SimClient.Response missingVni = client.admin("POST", "/sim/resources",
                "{\"kind\":\"bare_metal_server\",\"vni_ids\":[\"nope\"]}");
        assertThat(missingVni.status()).isEqualTo(400);
        assertThat(missingVni.errorMessage()).contains("nope");
        assertThat(sim.resources().values()).allSatisfy(list -> assertThat((List<?>) list).isEmpty());
    }

    @Test
    void patchesServerStatus() {
        sim.createBareMetalServer("srv", null, "running", List.of());

        SimClient.Response patched = client.admin("PATCH", "/sim/bare_metal_servers/srv", "{\"status\":\"failed\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json()).containsEntry("status", "failed").containsEntry("lifecycle_state", "failed");
        assertThat(client.vpcGet("/bare_metal_servers/srv").json()).containsEntry("status", "failed");

        assertThat(client.admin("PATCH", "/sim/bare_metal_servers/srv", "{\"status\":\"melting\"}").status()).isEqualTo(400);
        assertThat(client.admin("PATCH", "/sim/bare_metal_servers/nope", "{\"status\":\"failed\"}").status()).isEqualTo(404);
    }

    @Test
    void configuresDeleteDelay() {
        SimClient.Response put = client.admin("PUT", "/sim/config", "{\"bare_metal_delete_delay_ms\": 0}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json()).containsEntry("bare_metal_delete_delay_ms", 0);
        assertThat(sim.bareMetalDeleteDelay()).isEqualTo(Duration.ZERO);
        assertThat(client.admin("GET", "/sim/config", null).json()).containsEntry("bare_metal_delete_delay_ms", 0);

        sim.createBareMetalServer("srv", null, "running", List.of());
        assertThat(client.vpcDelete("/bare_metal_servers/srv").status()).isEqualTo(202);
        assertThat(client.vpcGet("/bare_metal_servers/srv").status()).isEqualTo(404);

        assertThat(client.admin("PUT", "/sim/config", "{\"bare_metal_delete_delay_ms\": -1}").status()).isEqualTo(400);
        assertThat(client.admin("PUT", "/sim/config", "{\"delay\": 1}").status()).isEqualTo(400);
    }

    @Test
    void managesFaultRules() {
        SimClient.Response added = client.admin("POST", "/sim/faults",
                "{\"operation\":\"get_bare_metal_server\",\"type\":\"status\",\"status\":429,\"retry_after\":1,\"remaining\":1}");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json()).containsEntry("type", "status").containsEntry("retry_after", 1);
        assertThat(sim.faults().rules()).singleElement()
                .satisfies(r -> assertThat(r.type()).isEqualTo(FaultRule.Type.STATUS));

        SimClient.Response replaced = client.admin("PUT", "/sim/faults",
                "[{\"operation\":\"*\",\"type\":\"latency\",\"latency_ms\":1},{\"type\":\"hang\",\"resource_id\":\"x\",\"probability\":0.5}]");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.jsonArray()).hasSize(2);
        assertThat(client.admin("GET", "/sim/faults", null).jsonArray()).hasSize(2);
        assertThat(sim.faults().rules().get(1)).isEqualTo(FaultRule.hang("*").resourceId("x").probability(0.5));

        assertThat(client.admin("POST", "/sim/faults", "{\"type\":\"explode\"}").status()).isEqualTo(400);
        assertThat(client.admin("POST", "/sim/faults",
                "{\"operation\":\"get_bare_metal_server\",\"type\":\"delete_fails\"}").status()).isEqualTo(400);
        assertThat(client.admin("PUT", "/sim/faults", "{\"type\":\"hang\"}").status()).isEqualTo(400);
        assertThat(sim.faults().rules()).hasSize(2);

        assertThat(client.admin("DELETE", "/sim/faults", null).status()).isEqualTo(204);
        assertThat(sim.faults().rules()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsAndResetsStats() {
        sim.createBareMetalServer("srv", null, "running", List.of());
        client.vpcGet("/bare_metal_servers/srv");

        Map<String, Object> stats = client.admin("GET", "/sim/stats", null).json();
        assertThat(((Number) stats.get("total")).longValue()).isEqualTo(sim.stats().total()).isPositive();
        assertThat((Map<String, Object>) stats.get("resources"))
                .containsEntry("get_bare_metal_server", Map.of("srv", 1));

        assertThat(client.admin("DELETE", "/sim/stats", null).status()).isEqualTo(204);
        assertThat(sim.stats().total()).isZero();
    }

    @Test
    void resetRemovesEverything() {
        sim.createBareMetalServer("srv", null, "running", List.of());
        sim.faults().add(FaultRule.hang("*"));

        assertThat(client.admin("POST", "/sim/reset", null).status()).isEqualTo(204);

        assertThat(sim.exists("bare_metal_server", "srv")).isFalse();
        assertThat(sim.faults().rules()).isEmpty();
        assertThat(sim.stats().total()).isZero();
        assertThat(client.vpcGet("/bare_metal_servers/srv").status()).as("tokens survive a reset").isEqualTo(404);
    }
}
