package com.cleanupservice.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.cleanupservice.simulator.SimClient.await;
import static org.assertj.core.api.Assertions.assertThat;

class VpcApiTest {
    private static final Duration DELETE_DELAY = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static IbmCloudSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(DELETE_DELAY));
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        sim.reset();
        sim.setBareMetalDeleteDelay(DELETE_DELAY);
    }

    /** A server on one VNI (with its own reserved IP), all with the given auto_delete flags. */
    private static String serverWithVni(String serverId, String vniId, boolean vniAutoDelete, String ipId,
                                        boolean ipAutoDelete) {
        sim.createReservedIp("subnet-1", ipId, null, null, ipAutoDelete);
        sim.createVirtualNetworkInterface(vniId, null, "subnet-1", ipId, vniAutoDelete);
        sim.createBareMetalServer(serverId, serverId + "-name", "running", List.of(vniId));
        return serverId;
    }

    @Test
    @SuppressWarnings("unchecked")
    void serverJsonHasIbmShape() {
        serverWithVni("srv-1", "vni-1", true, "ip-1", true);

        SimClient.Response response = client.vpcGet("/bare_metal_servers/srv-1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        Map<String, Object> server = response.json();
        assertThat(server).containsEntry("id", "srv-1").containsEntry("name", "srv-1-name")
                .containsEntry("status", "running").containsEntry("lifecycle_state", "stable")
                .containsEntry("resource_type", "bare_metal_server")
                .containsEntry("href", sim.vpcUrl() + "/bare_metal_servers/srv-1");
        assertThat((String) server.get("crn")).startsWith("crn:v1:bluemix:public:is:").endsWith(":srv-1");
        assertThat(Instant.parse((String) server.get("created_at"))).isBefore(Instant.now().plusSeconds(1));
        assertThat((Map<String, Object>) server.get("resource_group")).containsEntry("id", IbmCloudSimulator.RESOURCE_GROUP_ID);
        assertThat((Map<String, Object>) server.get("vpc")).containsEntry("id", IbmCloudSimulator.VPC_ID);
        assertThat((Map<String, Object>) server.get("zone")).containsEntry("name", IbmCloudSimulator.ZONE);
        Map<String, Object> primary = (Map<String, Object>) server.get("primary_network_attachment");
        assertThat((Map<String, Object>) primary.get("virtual_network_interface")).containsEntry("id", "vni-1");
        assertThat((List<Object>) server.get("network_attachments")).hasSize(1);

        Map<String, Object> vni = client.vpcGet("/virtual_network_interfaces/vni-1").json();
        assertThat(vni).containsEntry("id", "vni-1").containsEntry("auto_delete", true)
                .containsEntry("resource_type", "virtual_network_interface").containsEntry("lifecycle_state", "stable");
        assertThat((Map<String, Object>) vni.get("primary_ip")).containsEntry("id", "ip-1").containsKey("address");
        assertThat((Map<String, Object>) vni.get("subnet")).containsEntry("id", "subnet-1");
        assertThat((Map<String, Object>) vni.get("target"))
                .containsEntry("id", primary.get("id"))
                .containsEntry("resource_type", "bare_metal_server_network_attachment");
        assertThat((List<Object>) vni.get("ips")).hasSize(1);

        Map<String, Object> ip = client.vpcGet("/subnets/subnet-1/reserved_ips/ip-1").json();
        assertThat(ip).containsEntry("id", "ip-1").containsEntry("owner", "user").containsEntry("auto_delete", true)
                .containsEntry("resource_type", "subnet_reserved_ip").containsEntry("lifecycle_state", "stable")
                .containsEntry("href", sim.vpcUrl() + "/subnets/subnet-1/reserved_ips/ip-1");
        assertThat((Map<String, Object>) ip.get("target")).containsEntry("id", "vni-1")
                .containsEntry("resource_type", "virtual_network_interface");
    }

    @Test
    void generatedIdsLookLikeIbmIds() {
        Map<String, Object> ip = sim.createReservedIp("subnet-1", null, null, null, false);
        Map<String, Object> vni = sim.createVirtualNetworkInterface(null, null, "subnet-1", null, false);
        Map<String, Object> server = sim.createBareMetalServer(null, null, null, List.of((String) vni.get("id")));

        assertThat((String) ip.get("id")).startsWith("0717-");
        assertThat((String) ip.get("address")).matches("10\\.240\\.\\d+\\.\\d+");
        assertThat((String) vni.get("id")).startsWith("0717-");
        assertThat(server).containsEntry("status", "running");
        assertThat((String) server.get("id")).startsWith("0717-");
    }

    @Test
    void unknownIdsAnswer404WithIbmErrorBody() {
        SimClient.Response server = client.vpcGet("/bare_metal_servers/nope");
        assertThat(server.status()).isEqualTo(404);
        assertThat(server.errorCode()).isEqualTo("bare_metal_server_not_found");
        Map<String, Object> body = server.json();
        assertThat(body).containsEntry("status_code", 404);
        assertThat(server.headers().firstValue("X-Request-Id")).hasValue((String) body.get("trace"));

        assertThat(client.vpcGet("/virtual_network_interfaces/nope").errorCode())
                .isEqualTo("virtual_network_interface_not_found");
        assertThat(client.vpcDelete("/virtual_network_interfaces/nope").status()).isEqualTo(404);
        sim.createReservedIp("subnet-1", "ip-1", null, null, false);
        SimClient.Response wrongSubnet = client.vpcGet("/subnets/subnet-2/reserved_ips/ip-1");
        assertThat(wrongSubnet.status()).isEqualTo(404);
        assertThat(wrongSubnet.errorCode()).isEqualTo("reserved_ip_not_found");
        assertThat(client.vpcDelete("/bare_metal_servers/nope").status()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void listWalksPagesThroughNextHrefs() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            created.add((String) sim.createReservedIp("subnet-a", null, null, null, false).get("id"));
        }
        sim.createReservedIp("subnet-b", null, null, null, false);

        List<String> seen = new ArrayList<>();
        int pages = 0;
        SimClient.Response page = client.vpcGet("/subnets/subnet-a/reserved_ips");
        while (true) {
            pages++;
            assertThat(page.status()).isEqualTo(200);
            Map<String, Object> body = page.json();
            assertThat(body).containsEntry("limit", 50).containsEntry("total_count", 120);
            assertThat((String) ((Map<String, Object>) body.get("first")).get("href"))
                    .startsWith(sim.vpcUrl() + "/subnets/subnet-a/reserved_ips?").contains("version=2024-04-30");
            for (Object ip : (List<Object>) body.get("reserved_ips")) {
                seen.add((String) ((Map<String, Object>) ip).get("id"));
            }
            Map<String, Object> next = (Map<String, Object>) body.get("next");
            if (next == null) {
                break;
            }
            String href = (String) next.get("href");
            assertThat(href).startsWith(sim.vpcUrl()).contains("start=").contains("generation=2");
            page = client.get(href);
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(120).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(created);

        Map<String, Object> big = client.vpcGet("/subnets/subnet-a/reserved_ips?limit=100").json();
        assertThat((List<Object>) big.get("reserved_ips")).hasSize(100);
        assertThat(big).containsKey("next");
        assertThat(client.vpcGet("/subnets/subnet-a/reserved_ips?limit=101").status()).isEqualTo(400);
        assertThat(client.vpcGet("/subnets/subnet-a/reserved_ips?limit=0").status()).isEqualTo(400);
        assertThat(client.vpcGet("/subnets/subnet-a/reserved_ips?start=%21%21").status()).isEqualTo(400);
        sim.create("subnet", Map.of("id", "empty"));
        assertThat((List<Object>) client.vpcGet("/subnets/empty/reserved_ips").json().get("reserved_ips")).isEmpty();
        assertThat(client.vpcGet("/subnets/unknown/reserved_ips").status()).as("no such subnet").isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsServersAndVnisWithFilters() {
        serverWithVni("srv-1", "vni-1", true, "ip-1", true);
        serverWithVni("srv-2", "vni-2", true, "ip-2", true);
        sim.createVirtualNetworkInterface("vni-free", null, "subnet-1", null, false);

        Map<String, Object> all = client.vpcGet("/bare_metal_servers").json();
        assertThat(all).containsEntry("total_count", 2).doesNotContainKey("next");
        assertThat((List<Map<String, Object>>) all.get("bare_metal_servers"))
                .extracting(s -> s.get("id")).containsExactly("srv-1", "srv-2");

        Map<String, Object> byName = client.vpcGet("/bare_metal_servers?name=srv-2-name").json();
        assertThat((List<Map<String, Object>>) byName.get("bare_metal_servers"))
                .extracting(s -> s.get("id")).containsExactly("srv-2");
        assertThat(client.vpcGet("/bare_metal_servers?resource_group.id=" + IbmCloudSimulator.RESOURCE_GROUP_ID)
                .json()).containsEntry("total_count", 2);
        assertThat(client.vpcGet("/bare_metal_servers?resource_group.id=other").json()).containsEntry("total_count", 0);
        assertThat(client.vpcGet("/bare_metal_servers?vpc.id=other").json()).containsEntry("total_count", 0);

        Map<String, Object> firstPage = client.vpcGet("/bare_metal_servers?limit=1&name=srv-1-name").json();
        assertThat(firstPage).doesNotContainKey("next");
        Map<String, Object> onePerPage = client.vpcGet("/bare_metal_servers?limit=1").json();
        assertThat((String) ((Map<String, Object>) onePerPage.get("next")).get("href")).contains("limit=1");

        Map<String, Object> vnis = client.vpcGet("/virtual_network_interfaces").json();
        assertThat((List<Map<String, Object>>) vnis.get("virtual_network_interfaces"))
                .extracting(v -> v.get("id")).containsExactly("vni-1", "vni-2", "vni-free");
    }

    @Test
    void vniAndFloatingIpListsTakeIbmsFiltersAndIgnoreParametersTheyDoNotKnow() {
        serverWithVni("srv-1", "vni-1", true, "ip-1", true);
        sim.createVirtualNetworkInterface("vni-free", null, "subnet-1", null, false);
        sim.create("floating_ip", Map.of("id", "fip-bound", "target_id", "vni-1"));
        sim.create("floating_ip", Map.of("id", "fip-free"));
        String group = IbmCloudSimulator.RESOURCE_GROUP_ID;

        assertThat(ids(client.vpcGet("/virtual_network_interfaces?resource_group.id=" + group), "virtual_network_interfaces"))
                .containsExactly("vni-1", "vni-free");
        assertThat(ids(client.vpcGet("/virtual_network_interfaces?resource_group.id=other"), "virtual_network_interfaces")).isEmpty();
        assertThat(ids(client.vpcGet("/floating_ips?target.id=vni-1"), "floating_ips")).containsExactly("fip-bound");
        assertThat(ids(client.vpcGet("/floating_ips?target.id=vni-1&resource_group.id=" + group), "floating_ips"))
                .containsExactly("fip-bound");
        assertThat(ids(client.vpcGet("/floating_ips?target.id=vni-1&resource_group.id=other"), "floating_ips")).isEmpty();
        assertThat(ids(client.vpcGet("/floating_ips?resource_group.id=" + group), "floating_ips"))
                .containsExactly("fip-bound", "fip-free");
        assertThat(ids(client.vpcGet("/bare_metal_servers?name=srv-1-name&vpc.id=" + IbmCloudSimulator.VPC_ID
                + "&resource_group.id=" + group), "bare_metal_servers")).containsExactly("srv-1");

        // A parameter IBM does not define for a list filters nothing and is no error, on every list alike: a newer
        // SDK may send filters our API version does not list (listVirtualNetworkInterfaces has no vpc.id,
        // listFloatingIps no name).
        assertThat(ids(client.vpcGet("/virtual_network_interfaces?vpc.id=other"), "virtual_network_interfaces"))
                .containsExactly("vni-1", "vni-free");
        assertThat(ids(client.vpcGet("/floating_ips?name=nope"), "floating_ips")).containsExactly("fip-bound", "fip-free");
        assertThat(ids(client.vpcGet("/bare_metal_servers?frobnicate=1"), "bare_metal_servers")).containsExactly("srv-1");
    }

    @Test
    void everyFilterIbmDocumentsIsAppliedNeverIgnored() {
        serverWithVni("srv-1", "vni-1", true, "ip-1", true);
        sim.createVirtualNetworkInterface("vni-free", "free-name", "subnet-1", null, false);
        sim.create("floating_ip", Map.of("id", "fip-bound", "target_id", "vni-1"));
        sim.create("floating_ip", Map.of("id", "fip-free"));
        sim.create("security_group", Map.of("id", "sg-1"));
        String vniName = (String) client.vpcGet("/virtual_network_interfaces/vni-1").json().get("name");
        String vniCrn = (String) client.vpcGet("/virtual_network_interfaces/vni-1").json().get("crn");
        @SuppressWarnings("unchecked")
        String vpcCrn = (String) ((Map<String, Object>) client.vpcGet("/bare_metal_servers/srv-1").json().get("vpc"))
                .get("crn");
        String vpcName = IbmCloudSimulator.VPC_NAME;

        // listBareMetalServers: vpc.id, vpc.name, vpc.crn, resource_group.id, name, reservation.*
        assertThat(ids(client.vpcGet("/bare_metal_servers?vpc.crn=" + vpcCrn), "bare_metal_servers")).containsExactly("srv-1");
        assertThat(ids(client.vpcGet("/bare_metal_servers?vpc.crn=crn:v1:other"), "bare_metal_servers")).isEmpty();
        assertThat(ids(client.vpcGet("/bare_metal_servers?vpc.name=" + vpcName), "bare_metal_servers")).containsExactly("srv-1");
        assertThat(ids(client.vpcGet("/bare_metal_servers?vpc.name=other"), "bare_metal_servers")).isEmpty();
        for (String reservation : List.of("reservation.id", "reservation.crn", "reservation.name")) {
            assertThat(ids(client.vpcGet("/bare_metal_servers?" + reservation + "=r-1"), "bare_metal_servers"))
                    .as("no simulated server has a reservation: " + reservation).isEmpty();
        }

        // listFloatingIps: target.id, target.name, target.crn, target.resource_type, resource_group.id
        assertThat(ids(client.vpcGet("/floating_ips?target.name=" + vniName), "floating_ips")).containsExactly("fip-bound");
        assertThat(ids(client.vpcGet("/floating_ips?target.name=free-name"), "floating_ips")).isEmpty();
        assertThat(ids(client.vpcGet("/floating_ips?target.crn=" + vniCrn), "floating_ips")).containsExactly("fip-bound");
        assertThat(ids(client.vpcGet("/floating_ips?target.crn=crn:v1:other"), "floating_ips")).isEmpty();
        assertThat(ids(client.vpcGet("/floating_ips?target.resource_type=virtual_network_interface"), "floating_ips"))
                .containsExactly("fip-bound");
        assertThat(ids(client.vpcGet("/floating_ips?target.resource_type=network_interface"), "floating_ips")).isEmpty();

        // listSecurityGroups: vpc.id, vpc.name, vpc.crn, resource_group.id
        assertThat(ids(client.vpcGet("/security_groups?vpc.crn=" + vpcCrn), "security_groups")).contains("sg-1");
        assertThat(ids(client.vpcGet("/security_groups?vpc.crn=crn:v1:other"), "security_groups")).isEmpty();
        assertThat(ids(client.vpcGet("/security_groups?vpc.name=other"), "security_groups")).isEmpty();

        // listSubnetReservedIps: target.id, target.name, target.crn, target.resource_type
        String ips = "/subnets/subnet-1/reserved_ips";
        assertThat(ids(client.vpcGet(ips + "?target.id=vni-1"), "reserved_ips")).containsExactly("ip-1");
        assertThat(ids(client.vpcGet(ips + "?target.id=nope"), "reserved_ips")).isEmpty();
        assertThat(ids(client.vpcGet(ips + "?target.name=" + vniName), "reserved_ips")).containsExactly("ip-1");
        assertThat(ids(client.vpcGet(ips + "?target.crn=" + vniCrn), "reserved_ips")).containsExactly("ip-1");
        assertThat(ids(client.vpcGet(ips + "?target.resource_type=virtual_network_interface"), "reserved_ips"))
                .hasSize(2);
        assertThat(ids(client.vpcGet(ips + "?target.resource_type=endpoint_gateway"), "reserved_ips")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFilteredListKeepsItsFilterOnEveryPage() {
        for (int i = 1; i <= 3; i++) {
            sim.createVirtualNetworkInterface("vni-" + i, null, "subnet-1", null, false);
        }
        Map<String, Object> first = client.vpcGet("/virtual_network_interfaces?limit=2&resource_group.id=other").json();
        assertThat(first).containsEntry("total_count", 0).doesNotContainKey("next");

        Map<String, Object> page = client.vpcGet("/virtual_network_interfaces?limit=2&resource_group.id="
                + IbmCloudSimulator.RESOURCE_GROUP_ID).json();
        String next = (String) ((Map<String, Object>) page.get("next")).get("href");
        assertThat(next).contains("resource_group.id=" + IbmCloudSimulator.RESOURCE_GROUP_ID, "limit=2");
        assertThat(ids(client.get(next), "virtual_network_interfaces")).containsExactly("vni-3");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(SimClient.Response list, String collection) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return ((List<Map<String, Object>>) list.json().get(collection)).stream().map(r -> r.get("id")).toList();
    }

    @Test
    void listsSortByNameOrCreationEitherWay() {
        sim.createBareMetalServer("srv-1", "b", "running", List.of());
        sim.createBareMetalServer("srv-2", "a", "running", List.of());
        sim.createBareMetalServer("srv-3", "c", "running", List.of());
        sim.createBareMetalServer("srv-4", "a", "running", List.of());

        assertThat(ids(client.vpcGet("/bare_metal_servers?sort=name"), "bare_metal_servers"))
                .as("ties in creation order").containsExactly("srv-2", "srv-4", "srv-1", "srv-3");
        assertThat(ids(client.vpcGet("/bare_metal_servers?sort=-name"), "bare_metal_servers"))
                .containsExactly("srv-3", "srv-1", "srv-4", "srv-2");
        assertThat(ids(client.vpcGet("/bare_metal_servers?sort=created_at"), "bare_metal_servers"))
                .containsExactly("srv-1", "srv-2", "srv-3", "srv-4");
        assertThat(ids(client.vpcGet("/bare_metal_servers?sort=-created_at"), "bare_metal_servers"))
                .containsExactly("srv-4", "srv-3", "srv-2", "srv-1");
        sim.createVirtualNetworkInterface("vni-z", "z", "subnet-1", null, false);
        sim.createVirtualNetworkInterface("vni-y", "y", "subnet-1", null, false);
        assertThat(ids(client.vpcGet("/virtual_network_interfaces?sort=name"), "virtual_network_interfaces"))
                .containsExactly("vni-y", "vni-z");
    }

    @Test
    @SuppressWarnings("unchecked")
    void sortedPagesFollowTheSortAndSurviveTheNextResourceGoing() {
        for (String name : List.of("e", "b", "d", "a", "c")) {
            sim.createReservedIp("subnet-s", "ip-" + name, name, null, false);
        }

        SimClient.Response first = client.vpcGet("/subnets/subnet-s/reserved_ips?sort=-name&limit=2");
        assertThat(ids(first, "reserved_ips")).containsExactly("ip-e", "ip-d");
        String next = (String) ((Map<String, Object>) first.json().get("next")).get("href");
        assertThat(next).contains("sort=-name").contains("limit=2");
        // the resource the token points to goes before the page is asked for
        assertThat(client.vpcDelete("/subnets/subnet-s/reserved_ips/ip-c").status()).isEqualTo(204);

        SimClient.Response second = client.get(next);
        assertThat(ids(second, "reserved_ips")).containsExactly("ip-b", "ip-a");
        assertThat(second.json()).containsEntry("total_count", 4).doesNotContainKey("next");
    }

    @Test
    void reservedIpsSortByAddressValue() {
        sim.createReservedIp("subnet-1", "ip-10", null, "10.240.0.10", false);
        sim.createReservedIp("subnet-1", "ip-9", null, "10.240.0.9", false);
        sim.createReservedIp("subnet-1", "ip-1-2", null, "10.240.1.2", false);

        assertThat(ids(client.vpcGet("/subnets/subnet-1/reserved_ips?sort=address"), "reserved_ips"))
                .containsExactly("ip-9", "ip-10", "ip-1-2");
        assertThat(ids(client.vpcGet("/subnets/subnet-1/reserved_ips?sort=-address"), "reserved_ips"))
                .containsExactly("ip-1-2", "ip-10", "ip-9");
    }

    @Test
    void unknownSortFieldIs400() {
        sim.create("subnet", Map.of("id", "subnet-1"));
        for (String path : List.of("/bare_metal_servers?sort=status", "/bare_metal_servers?sort=-address",
                "/virtual_network_interfaces?sort=id", "/subnets/subnet-1/reserved_ips?sort=-")) {
            SimClient.Response refused = client.vpcGet(path);
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("bad_request");
            assertThat(refused.errorMessage()).contains("sort").contains("-created_at").contains("name");
        }
        assertThat(client.vpcGet("/subnets/subnet-1/reserved_ips?sort=-address").status()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void deletingServerDisappearsAfterDelayWithItsAutoDeleteVnis() {
        sim.createReservedIp("subnet-1", "ip-auto", null, null, true);
        sim.createVirtualNetworkInterface("vni-auto", null, "subnet-1", "ip-auto", true);
        sim.createReservedIp("subnet-1", "ip-kept", null, null, false);
        sim.createVirtualNetworkInterface("vni-auto-ip-kept", null, "subnet-1", "ip-kept", true);
        sim.createReservedIp("subnet-1", "ip-standalone", null, null, false);
        sim.createVirtualNetworkInterface("vni-standalone", null, "subnet-1", "ip-standalone", false);
        sim.createBareMetalServer("srv", null, "running", List.of("vni-auto", "vni-auto-ip-kept", "vni-standalone"));

        SimClient.Response delete = client.vpcDelete("/bare_metal_servers/srv");
        assertThat(delete.status()).isEqualTo(202);
        assertThat(delete.body()).isEmpty();

        Map<String, Object> deleting = client.vpcGet("/bare_metal_servers/srv").json();
        assertThat(deleting).containsEntry("status", "deleting").containsEntry("lifecycle_state", "deleting");
        assertThat(client.vpcDelete("/bare_metal_servers/srv").status()).as("idempotent").isEqualTo(202);
        SimClient.Response vniInUse = client.vpcDelete("/virtual_network_interfaces/vni-standalone");
        assertThat(vniInUse.status()).isEqualTo(409);
        assertThat(vniInUse.errorCode()).isEqualTo("virtual_network_interface_in_use");

        await(WAIT, () -> client.vpcGet("/bare_metal_servers/srv").status() == 404);

        assertThat(sim.exists("virtual_network_interface", "vni-auto")).isFalse();
        assertThat(sim.exists("subnet_reserved_ip", "ip-auto")).isFalse();
        assertThat(sim.exists("virtual_network_interface", "vni-auto-ip-kept")).isFalse();
        assertThat(sim.find("subnet_reserved_ip", "ip-kept")).hasValueSatisfying(ip -> assertThat(ip).doesNotContainKey("target"));
        Map<String, Object> standalone = client.vpcGet("/virtual_network_interfaces/vni-standalone").json();
        assertThat(standalone).doesNotContainKey("target");
        assertThat((Map<String, Object>) standalone.get("primary_ip")).containsEntry("id", "ip-standalone");
        assertThat(client.vpcDelete("/subnets/subnet-1/reserved_ips/ip-kept").status()).isEqualTo(204);

        // the standalone VNI outlives the server and keeps its IP bound until it is deleted itself
        assertThat(client.vpcDelete("/subnets/subnet-1/reserved_ips/ip-standalone").status()).isEqualTo(409);
        SimClient.Response vniDelete = client.vpcDelete("/virtual_network_interfaces/vni-standalone");
        assertThat(vniDelete.status()).isEqualTo(202);
        assertThat(vniDelete.json()).containsEntry("id", "vni-standalone").containsEntry("lifecycle_state", "deleting");
        assertThat(client.vpcGet("/virtual_network_interfaces/vni-standalone").status()).isEqualTo(404);
        assertThat(sim.find("subnet_reserved_ip", "ip-standalone")).hasValueSatisfying(ip -> assertThat(ip).doesNotContainKey("target"));
        assertThat(client.vpcDelete("/subnets/subnet-1/reserved_ips/ip-standalone").status()).isEqualTo(204);
        assertThat(client.vpcGet("/subnets/subnet-1/reserved_ips/ip-standalone").status()).isEqualTo(404);
    }

    @Test
    void freeVniDeleteTakesItsAutoDeleteIpAlong() {
        sim.createVirtualNetworkInterface("vni", null, "subnet-1", null, false);
        String ipId = (String) sim.find("virtual_network_interface", "vni").map(v -> ((Map<?, ?>) v.get("primary_ip")).get("id")).orElseThrow();
        assertThat(sim.find("subnet_reserved_ip", ipId)).hasValueSatisfying(ip -> assertThat(ip).containsEntry("auto_delete", true));

        assertThat(client.vpcDelete("/virtual_network_interfaces/vni").status()).isEqualTo(202);

        assertThat(sim.exists("virtual_network_interface", "vni")).isFalse();
        assertThat(sim.exists("subnet_reserved_ip", ipId)).isFalse();
    }

    @Test
    void reservedIpCannotBeDeletedWhileBound() {
        sim.createReservedIp("subnet-1", "ip", null, "10.240.9.9", false);
        sim.createVirtualNetworkInterface("vni", null, null, "ip", false);

        SimClient.Response inUse = client.vpcDelete("/subnets/subnet-1/reserved_ips/ip");
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorCode()).isEqualTo("reserved_ip_in_use");

        assertThat(client.vpcDelete("/virtual_network_interfaces/vni").status()).isEqualTo(202);
        SimClient.Response deleted = client.vpcDelete("/subnets/subnet-1/reserved_ips/ip");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
    }

    @Test
    void pendingAndSuspendedServersCannotBeDeleted() {
        sim.createBareMetalServer("srv", null, "pending", List.of());

        SimClient.Response pending = client.vpcDelete("/bare_metal_servers/srv");
        assertThat(pending.status()).isEqualTo(409);
        assertThat(pending.errorCode()).isEqualTo("bare_metal_server_status_invalid");
        assertThat(pending.errorMessage()).contains("pending");

        sim.setBareMetalServerStatus("srv", "suspended");
        SimClient.Response suspended = client.vpcDelete("/bare_metal_servers/srv");
        assertThat(suspended.status()).isEqualTo(409);
        assertThat(suspended.errorMessage()).contains("suspended");

        sim.setBareMetalServerStatus("srv", "stopped");
        assertThat(client.vpcDelete("/bare_metal_servers/srv").status()).isEqualTo(202);
    }

    @Test
    void failedServerCanBeDeletedAgain() {
        sim.createBareMetalServer("srv", null, "failed", List.of());
        assertThat(client.vpcGet("/bare_metal_servers/srv").json()).containsEntry("lifecycle_state", "failed");

        assertThat(client.vpcDelete("/bare_metal_servers/srv").status()).isEqualTo(202);

        await(WAIT, () -> !sim.exists("bare_metal_server", "srv"));
    }

    @Test
    void vniCanBeDeletedOnceItsServerIsGone() {
        serverWithVni("srv", "vni", false, "ip", false);
        assertThat(client.vpcDelete("/virtual_network_interfaces/vni").status()).isEqualTo(409);

        sim.setBareMetalDeleteDelay(Duration.ZERO);
        assertThat(client.vpcDelete("/bare_metal_servers/srv").status()).isEqualTo(202);

        assertThat(client.vpcGet("/bare_metal_servers/srv").status()).isEqualTo(404);
        assertThat(client.vpcDelete("/virtual_network_interfaces/vni").status()).isEqualTo(202);
    }
}
