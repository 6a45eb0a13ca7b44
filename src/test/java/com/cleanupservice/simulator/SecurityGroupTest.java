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

import static com.cleanupservice.simulator.SecurityGroupKind.DEFAULT_ID;
import static org.assertj.core.api.Assertions.assertThat;

class SecurityGroupTest {
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

    private static Map<String, Object> group(String id, String name, String... targetIds) {
        return sim.create("security_group", Map.of("id", id, "name", name, "target_ids", List.of(targetIds)));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(Object references) {
        return ((List<Map<String, Object>>) references).stream().map(r -> r.get("id")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasIbmShape() {
        sim.createVirtualNetworkInterface("vni-1", "eth", "subnet-1", null, false);
        group("sg-1", "web", "vni-1");

        Map<String, Object> sg = client.vpcGet("/security_groups/sg-1").json();
        assertThat(sg).containsEntry("id", "sg-1").containsEntry("name", "web").containsEntry("rules", List.of())
                .containsEntry("href", sim.vpcUrl() + "/security_groups/sg-1");
        assertThat((String) sg.get("crn")).startsWith("crn:v1:bluemix:public:is:").contains(":security-group:")
                .endsWith(":sg-1");
        assertThat(Instant.parse((String) sg.get("created_at"))).isBefore(Instant.now().plusSeconds(1));
        assertThat((Map<String, Object>) sg.get("resource_group")).containsEntry("id", IbmCloudSimulator.RESOURCE_GROUP_ID);
        assertThat((Map<String, Object>) sg.get("vpc")).containsEntry("id", IbmCloudSimulator.VPC_ID);
        assertThat((List<Map<String, Object>>) sg.get("targets")).singleElement().satisfies(t -> assertThat(t)
                .containsEntry("id", "vni-1").containsEntry("name", "eth")
                .containsEntry("resource_type", "virtual_network_interface"));

        Map<String, Object> vni = client.vpcGet("/virtual_network_interfaces/vni-1").json();
        assertThat((List<Map<String, Object>>) vni.get("security_groups")).singleElement().satisfies(ref -> assertThat(ref)
                .containsEntry("id", "sg-1").containsEntry("name", "web").containsKeys("crn", "href"));
    }

    @Test
    void theVpcHasOneDefaultGroupThatCannotBeDeleted() {
        sim.createVirtualNetworkInterface("vni-plain", null, "subnet-1", null, false);
        sim.createVirtualNetworkInterface("vni-web", null, "subnet-1", null, false);
        group("sg-web", "web", "vni-web");

        Map<String, Object> defaultGroup = client.vpcGet("/security_groups/" + DEFAULT_ID).json();
        assertThat(defaultGroup).containsEntry("name", SecurityGroupKind.DEFAULT_NAME);
        assertThat(ids(defaultGroup.get("targets"))).as("every VNI no other group targets").containsExactly("vni-plain");
        assertThat(ids(client.vpcGet("/virtual_network_interfaces/vni-plain").json().get("security_groups")))
                .containsExactly(DEFAULT_ID);
        assertThat(ids(client.vpcGet("/virtual_network_interfaces/vni-web").json().get("security_groups")))
                .containsExactly("sg-web");

        SimClient.Response refused = client.vpcDelete("/security_groups/" + DEFAULT_ID);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("security_group_is_default");
        assertThat(client.vpcDelete("/virtual_network_interfaces/vni-plain").status())
                .as("the default group holds nothing up").isEqualTo(202);
        assertThat(ids(client.vpcGet("/security_groups/" + DEFAULT_ID).json().get("targets"))).isEmpty();

        assertThat(ids(sim.resources().get("security_groups"))).as("built in, not created by anyone")
                .containsExactly("sg-web");
        sim.reset();
        assertThat(client.vpcGet("/security_groups/" + DEFAULT_ID).status()).as("recreated by a reset").isEqualTo(200);
        assertThat(client.vpcGet("/security_groups/sg-web").status()).isEqualTo(404);
    }

    @Test
    void aGroupWithTargetsCannotBeDeletedUntilTheyAreGone() {
        sim.createVirtualNetworkInterface("vni-1", null, "subnet-1", null, false);
        sim.createVirtualNetworkInterface("vni-auto", null, "subnet-1", null, true);
        sim.createBareMetalServer("srv", null, "running", List.of("vni-auto"));
        group("sg-1", "app", "vni-1", "vni-auto");

        SimClient.Response inUse = client.vpcDelete("/security_groups/sg-1");
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorCode()).isEqualTo("security_group_in_use");
        assertThat(inUse.errorMessage()).contains("vni-1");

        assertThat(client.vpcDelete("/virtual_network_interfaces/vni-1").status()).isEqualTo(202);
        assertThat(ids(client.vpcGet("/security_groups/sg-1").json().get("targets"))).containsExactly("vni-auto");
        assertThat(client.vpcDelete("/bare_metal_servers/srv").status()).isEqualTo(202);
        assertThat(sim.exists("virtual_network_interface", "vni-auto")).as("went with its server").isFalse();
        assertThat(ids(client.vpcGet("/security_groups/sg-1").json().get("targets"))).isEmpty();

        SimClient.Response deleted = client.vpcDelete("/security_groups/sg-1");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        SimClient.Response gone = client.vpcGet("/security_groups/sg-1");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("security_group_not_found");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listPagesAndFilters() {
        group("sg-b", "b");
        group("sg-a", "a");

        Map<String, Object> all = client.vpcGet("/security_groups").json();
        assertThat(all).containsEntry("total_count", 3);
        assertThat(ids(all.get("security_groups"))).containsExactly(DEFAULT_ID, "sg-b", "sg-a");
        Map<String, Object> first = client.vpcGet("/security_groups?limit=2&sort=name").json();
        assertThat(ids(first.get("security_groups"))).containsExactly("sg-a", "sg-b");
        String next = (String) ((Map<String, Object>) first.get("next")).get("href");
        assertThat(ids(client.get(next).json().get("security_groups"))).containsExactly(DEFAULT_ID);
        assertThat(client.vpcGet("/security_groups?vpc.id=" + IbmCloudSimulator.VPC_ID).json()).containsEntry("total_count", 3);
        assertThat(client.vpcGet("/security_groups?vpc.id=other").json()).containsEntry("total_count", 0);
        assertThat(sim.stats().count("list_security_groups")).isEqualTo(5);
    }

    @Test
    void adminCreateChecksItsTargets() {
        sim.createVirtualNetworkInterface("vni-1", null, "subnet-1", null, false);

        SimClient.Response created = client.admin("POST", "/sim/resources",
                "{\"kind\":\"security_group\",\"target_ids\":[\"vni-1\"]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat((String) created.json().get("id")).startsWith("r006-");
        assertThat((String) created.json().get("name")).startsWith("security-group-");

        SimClient.Response missing = client.admin("POST", "/sim/resources",
                "{\"kind\":\"security_group\",\"target_ids\":[\"nope\"]}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorMessage()).contains("nope");
        assertThat(client.admin("POST", "/sim/resources",
                "{\"kind\":\"security_group\",\"target_ids\":[\"vni-1\",\"vni-1\"]}").status()).isEqualTo(400);
        assertThat(client.admin("POST", "/sim/resources", "{\"kind\":\"security_group\",\"rules\":[]}").status())
                .isEqualTo(400);
        assertThat(client.admin("POST", "/sim/resources",
                "{\"kind\":\"security_group\",\"id\":\"" + DEFAULT_ID + "\"}").status()).isEqualTo(400);
    }

    @Test
    void faultRulesApplyToItsOperations() {
        group("sg-1", "x");
        assertThat(SimulatorOperations.ALL).contains("get_security_group", "delete_security_group",
                "list_security_groups");
        sim.faults().add(FaultRule.status("delete_security_group", 429).retryAfter(1).times(1));

        SimClient.Response throttled = client.vpcDelete("/security_groups/sg-1");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(client.vpcDelete("/security_groups/sg-1").status()).isEqualTo(204);
        assertThat(sim.stats().count("delete_security_group", "sg-1")).isEqualTo(2);
    }

    @Test
    void groupsAndTheirTargetsSurviveARestart() {
        DataSource ds = TestDatabase.freshDataSource();
        Object defaultCreatedAt;
        try (IbmCloudSimulator first = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).dataSource(ds))) {
            first.createVirtualNetworkInterface("vni-1", null, "subnet-1", null, false);
            first.create("security_group", Map.of("id", "sg-1", "target_ids", List.of("vni-1")));
            defaultCreatedAt = first.find("security_group", DEFAULT_ID).orElseThrow().get("created_at");
        }
        try (IbmCloudSimulator second = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).dataSource(ds))) {
            assertThat(second.find("security_group", "sg-1")).hasValueSatisfying(g -> assertThat(ids(g.get("targets")))
                    .containsExactly("vni-1"));
            assertThat(second.find("security_group", DEFAULT_ID)).as("the same default group, not a new one")
                    .hasValueSatisfying(g -> assertThat(g).containsEntry("created_at", defaultCreatedAt));
        }
    }
}
