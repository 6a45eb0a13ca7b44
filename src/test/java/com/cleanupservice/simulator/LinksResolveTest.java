package com.cleanupservice.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every link the simulator hands out answers: starting from every kind's list, every resource and the collections
 * under them, each {@code href} in each answer is followed (GET) until no new one turns up, and each answers 200.
 * Left out: links outside the simulator (the resource group's, at IBM's resource controller).
 */
class LinksResolveTest {
    private static IbmCloudSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0)
                .regions(List.of(IbmCloudSimulator.REGION, "eu-de")));
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
    }

    /** Every kind, with every relation between them that shows in JSON. */
    private static void everyKind() {
        sim.createReservedIp("subnet-1", "ip-1", null, null, false);
        sim.createVirtualNetworkInterface("vni-1", null, "subnet-1", "ip-1", false);
        sim.createVirtualNetworkInterface("vni-2", null, "subnet-1", null, true);
        sim.createVirtualNetworkInterface("vni-free", null, "subnet-2", null, false);
        sim.createBareMetalServer("srv-1", "srv-1", "running", List.of("vni-1", "vni-2"));
        sim.create("floating_ip", Map.of("id", "fip-1", "target_id", "vni-1"));
        sim.create("floating_ip", Map.of("id", "fip-2"));
        sim.create("security_group", Map.of("id", "sg-1", "target_ids", List.of("vni-1")));
        // another region's: its hrefs are under /regions/eu-de/v1
        sim.create("virtual_network_interface", Map.of("id", "vni-eu", "subnet_id", "subnet-eu", "region", "eu-de"));
        sim.create("bare_metal_server", Map.of("id", "srv-eu", "vni_ids", List.of("vni-eu"), "region", "eu-de"));
        sim.create("floating_ip", Map.of("id", "fip-eu", "target_id", "vni-eu", "region", "eu-de"));
        // the network kinds: a subnet with its gateway, a load balancer and an endpoint gateway in it, a key
        sim.create("public_gateway", Map.of("id", "pgw-1"));
        sim.create("subnet", Map.of("id", "subnet-net", "public_gateway_id", "pgw-1"));
        sim.create("load_balancer", Map.of("id", "lb-1", "subnet_ids", List.of("subnet-net", "subnet-1")));
        sim.create("endpoint_gateway", Map.of("id", "epg-1", "subnet_id", "subnet-net"));
        sim.create("key", Map.of("id", "key-1"));
        sim.createDnsRecord("inst-1", "zone-1", "A:1", "node-1.example.com", "A", "10.240.0.4");
        sim.createDnsRecord("inst-1", "zone-1", "PTR:1", "4.0.240.10.in-addr.arpa", "PTR", "node-1.example.com");
        sim.createDnsRecord("inst-1", "zone-1", "CNAME:1", "alias.example.com", "CNAME", "node-1.example.com");
    }

    @Test
    void everyHrefInEveryAnswerAnswers() {
        everyKind();
        String vpc = sim.vpcUrl();
        Deque<String> toVisit = new ArrayDeque<>();
        for (String path : List.of("/bare_metal_servers?limit=1", "/virtual_network_interfaces?limit=1",
                "/subnets/subnet-1/reserved_ips?limit=2", "/subnets/subnet-2/reserved_ips", "/floating_ips?limit=1",
                "/security_groups?limit=1", "/vpcs/" + IbmCloudSimulator.VPC_ID,
                "/bare_metal_servers/srv-1/network_attachments?limit=1", "/virtual_network_interfaces/vni-1/ips",
                "/security_groups/sg-1/targets?limit=1", "/security_groups/sg-1/rules",
                "/security_groups/" + SecurityGroupKind.DEFAULT_ID + "/targets", "/subnets?limit=1",
                "/public_gateways", "/load_balancers", "/endpoint_gateways", "/keys")) {
            toVisit.add(vpc + path);
        }
        toVisit.add(sim.dnsUrl() + "/instances/inst-1/dnszones/zone-1/resource_records?limit=1&offset=1");
        toVisit.add(sim.vpcUrl("eu-de") + "/bare_metal_servers");
        toVisit.add(sim.vpcUrl("eu-de") + "/floating_ips");

        Set<String> visited = new LinkedHashSet<>();
        while (!toVisit.isEmpty()) {
            String href = toVisit.poll();
            if (!visited.add(href)) {
                continue;
            }
            SimClient.Response answer = client.get(href.contains("version=") ? href : SimClient.withVersion(href));
            assertThat(answer.status()).as("GET %s: %s", href, answer.body()).isEqualTo(200);
            collectHrefs(answer.json(), toVisit);
        }

        assertThat(visited).as("links of every sort were followed")
                .anyMatch(h -> h.contains("/bare_metal_servers/srv-1/network_attachments/"))
                .anyMatch(h -> h.contains("/bare_metal_server/profiles/"))
                .anyMatch(h -> h.matches(".*/v1/regions/[^/]+/zones/[^/?]+"))
                .anyMatch(h -> h.matches(".*/v1/regions/[^/?]+"))
                .anyMatch(h -> h.contains("/reserved_ips/"))
                .anyMatch(h -> h.matches(".*/v1/subnets/subnet-1"))
                .anyMatch(h -> h.contains("/public_gateways/pgw-1"))
                .anyMatch(h -> h.contains("/load_balancers/lb-1"))
                .anyMatch(h -> h.contains("/endpoint_gateways/epg-1"))
                .anyMatch(h -> h.contains("/keys/key-1"))
                .anyMatch(h -> h.contains("/floating_ips/fip-1"))
                .anyMatch(h -> h.contains("/security_groups/sg-1"))
                .anyMatch(h -> h.contains("/virtual_network_interfaces/vni-free"))
                .anyMatch(h -> h.contains("/resource_records?offset=0"))
                .anyMatch(h -> h.contains("start="))
                .anyMatch(h -> h.contains("/regions/eu-de/v1/bare_metal_servers/srv-eu/network_attachments/"))
                .anyMatch(h -> h.contains("/regions/eu-de/v1/regions/eu-de/zones/"));
    }

    /** Adds every {@code href} under {@code json} that this simulator should answer. */
    @SuppressWarnings("unchecked")
    private static void collectHrefs(Object json, Deque<String> into) {
        if (json instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("href".equals(key) && value instanceof String href && href.startsWith(sim.baseUrl())) {
                    into.add(href);
                } else {
                    collectHrefs(value, into);
                }
            });
        } else if (json instanceof List<?> list) {
            ((List<Object>) list).forEach(item -> collectHrefs(item, into));
        }
    }

    @Test
    void aGroupsTargetsAreRemovedAsIbmDocumentsThenTheGroupGoes() {
        everyKind();
        assertThat(client.vpcDelete("/security_groups/sg-1").status()).isEqualTo(409);

        SimClient.Response target = client.vpcGet("/security_groups/sg-1/targets/vni-1");
        assertThat(target.status()).isEqualTo(200);
        assertThat(target.json()).containsEntry("id", "vni-1").containsEntry("resource_type", "virtual_network_interface");
        assertThat(client.vpcGet("/security_groups/sg-1/targets/vni-2").status()).as("not a target").isEqualTo(404);

        assertThat(client.vpcDelete("/security_groups/sg-1/targets/vni-1").status()).isEqualTo(202);
        assertThat(client.vpcGet("/security_groups/sg-1/targets").json()).containsEntry("total_count", 0);
        assertThat(client.vpcDelete("/security_groups/sg-1/targets/vni-1").status()).isEqualTo(404);
        assertThat(client.vpcDelete("/security_groups/sg-1").status()).isEqualTo(204);

        SimClient.Response last = client.vpcDelete("/security_groups/" + SecurityGroupKind.DEFAULT_ID + "/targets/vni-1");
        assertThat(last.status()).as("a VNI's only group").isEqualTo(409);
        assertThat(client.vpcGet("/security_groups/nope/targets").status()).isEqualTo(404);
    }

    @Test
    void collectionsUnderAResourcePageAndAnswer404ForWhatIsNotThere() {
        everyKind();
        Map<String, Object> first = client.vpcGet("/bare_metal_servers/srv-1/network_attachments?limit=1").json();
        assertThat(first).containsEntry("total_count", 2).containsEntry("limit", 1).containsKey("next");
        @SuppressWarnings("unchecked")
        Map<String, Object> primary = ((List<Map<String, Object>>) first.get("network_attachments")).get(0);
        assertThat(primary).containsEntry("type", "primary").containsEntry("interface_type", "pci")
                .containsEntry("resource_type", "bare_metal_server_network_attachment");
        @SuppressWarnings("unchecked")
        String next = (String) ((Map<String, Object>) first.get("next")).get("href");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> second = (List<Map<String, Object>>) client.get(next).json().get("network_attachments");
        assertThat(second).singleElement().satisfies(a -> assertThat(a).containsEntry("type", "secondary"));

        assertThat(client.vpcGet("/bare_metal_servers/nope/network_attachments").status()).isEqualTo(404);
        assertThat(client.vpcGet("/bare_metal_servers/srv-1/network_attachments/nope").status()).isEqualTo(404);
        assertThat(client.vpcGet("/virtual_network_interfaces/vni-1/ips/ip-1").json()).containsEntry("id", "ip-1");
        assertThat(client.vpcGet("/virtual_network_interfaces/vni-1/ips/nope").status()).isEqualTo(404);
        assertThat(client.vpcGet("/security_groups/sg-1/rules/r-1").status()).isEqualTo(404);
        assertThat(client.vpcGet("/bare_metal_server/profiles/nope").status()).isEqualTo(404);
        assertThat(client.vpcGet("/regions/nowhere").status()).isEqualTo(404);
        assertThat(client.vpcGet("/regions/" + IbmCloudSimulator.REGION + "/zones/nowhere-9").status()).isEqualTo(404);
    }
}
