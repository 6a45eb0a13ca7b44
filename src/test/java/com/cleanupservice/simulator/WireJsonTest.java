package com.cleanupservice.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's answers byte for byte: a fixed scenario's bodies (every kind's GET, list pages of both paging
 * styles, the VPC, IBM's error bodies, a 202 with a body, IAM's answers and the admin surface) against
 * {@code simulator/wire-json.golden}, recorded from the simulator whose JSON was built by hand. Only what differs
 * from run to run is masked: the port, timestamps, generated UUIDs and tokens. Objects IBM sends in no fixed order
 * and the simulator once wrote from unordered maps ({@code resource_group}, {@code zone}, the server's
 * {@code profile}) are golden in the order written now. The bodies are also written to
 * {@code target/wire-json.actual} to diff against.
 */
class WireJsonTest {
    private static final String GOLDEN = "/simulator/wire-json.golden";
    private static IbmCloudSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(Duration.ofHours(1))
                .networkDeleteDelay(Duration.ofHours(1)));
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void answersAreTheRecordedOnes() throws IOException {
        String actual = String.join("\n", scenario()) + "\n";
        Files.writeString(Path.of("target", "wire-json.actual"), actual);
        String golden;
        try (InputStream in = WireJsonTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN).isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> expected = golden.lines().toList();
        List<String> got = actual.lines().toList();
        for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
            assertThat(got.get(i)).as("line %d of the answers (see target/wire-json.actual)", i + 1)
                    .isEqualTo(expected.get(i));
        }
        assertThat(got).hasSameSizeAs(expected);
    }

    private static List<String> scenario() {
        sim.reset();
        sim.createReservedIp("subnet-1", "ip-1", "ip-one", null, false);
        sim.createReservedIp("subnet-1", "ip-2", "ip-two", "10.240.0.20", true);
        sim.createReservedIp("subnet-1", "ip-3", "ip-three", null, false);
        sim.createVirtualNetworkInterface("vni-1", "eth0", "subnet-1", "ip-1", false);
        sim.createVirtualNetworkInterface("vni-2", "eth1", null, "ip-2", true);
        sim.createVirtualNetworkInterface("vni-3", "spare", null, "ip-3", false);
        sim.createBareMetalServer("srv-1", "node-1", null, List.of("vni-1", "vni-2"));
        sim.create("floating_ip", Map.of("id", "fip-1", "name", "public", "target_id", "vni-1"));
        sim.create("floating_ip", Map.of("id", "fip-2", "name", "spare-address"));
        sim.create("security_group", Map.of("id", "sg-1", "name", "web", "target_ids", List.of("vni-2")));
        sim.createDnsRecord("inst-1", "zone-1", "a-1", "node-1.example.com", "A", "10.240.0.4");
        sim.createDnsRecord("inst-1", "zone-1", "ptr-1", "4.0.240.10.in-addr.arpa", "PTR", "node-1.example.com");
        sim.createDnsRecord("inst-1", "zone-1", "cname-1", "www.example.com", "CNAME", "node-1.example.com");
        String zone = "/instances/inst-1/dnszones/zone-1/resource_records";

        List<String> bodies = new ArrayList<>();
        answer(bodies, "token", client.iam("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=k"));
        answer(bodies, "iam error", client.iam("grant_type=password&apikey=k"));
        for (String path : List.of("/bare_metal_servers/srv-1", "/virtual_network_interfaces/vni-1",
                "/virtual_network_interfaces/vni-2", "/subnets/subnet-1/reserved_ips/ip-1", "/floating_ips/fip-1",
                "/floating_ips/fip-2", "/security_groups/sg-1", "/security_groups/" + SecurityGroupKind.DEFAULT_ID,
                "/vpcs/" + IbmCloudSimulator.VPC_ID, "/floating_ips?limit=1", "/floating_ips?limit=1&sort=name",
                "/subnets/subnet-1/reserved_ips?limit=2", "/security_groups", "/floating_ips/nothing")) {
            answer(bodies, "GET " + path, client.vpcGet(path));
        }
        for (String path : List.of("/a-1", "/ptr-1", "/cname-1", "?limit=1&offset=1", "?type=A", "/nothing")) {
            answer(bodies, "GET dns " + path, client.dnsGet(zone + path));
        }
        answer(bodies, "DELETE attached VNI", client.vpcDelete("/virtual_network_interfaces/vni-1"));
        answer(bodies, "DELETE A record under a PTR", client.dnsDelete(zone + "/a-1"));
        answer(bodies, "DELETE free VNI", client.vpcDelete("/virtual_network_interfaces/vni-3"));
        answer(bodies, "DELETE server", client.vpcDelete("/bare_metal_servers/srv-1"));
        answer(bodies, "GET deleting server", client.vpcGet("/bare_metal_servers/srv-1"));
        answer(bodies, "PUT config", client.admin("PUT", "/sim/config",
                "{\"rate_limit\": {\"vpc_per_second\": 1000, \"dns_per_second\": 2.5}}"));
        answer(bodies, "PUT config off", client.admin("PUT", "/sim/config", "{\"rate_limit\": null}"));
        answer(bodies, "POST fault", client.admin("POST", "/sim/faults",
                "{\"operation\": \"get_floating_ip\", \"type\": \"status\", \"status\": 503, \"retry_after\": 2,"
                        + " \"resource_id\": \"nope\", \"remaining\": 1}"));
        answer(bodies, "POST latency fault", client.admin("POST", "/sim/faults",
                "{\"operation\": \"get_security_group\", \"type\": \"latency\", \"latency_ms\": 1, \"probability\": 0.5,"
                        + " \"resource_id\": \"nope\"}"));
        answer(bodies, "GET faults", client.admin("GET", "/sim/faults", null));
        answer(bodies, "injected fault", client.vpcGet("/floating_ips/nope"));
        answer(bodies, "admin error", client.admin("POST", "/sim/resources", "{\"kind\": \"floating_ip\", \"x\": 1}"));
        answer(bodies, "PATCH server", client.admin("PATCH", "/sim/bare_metal_servers/srv-1",
                "{\"status\": \"failed\"}"));
        answer(bodies, "GET resources", client.admin("GET", "/sim/resources", null));
        answer(bodies, "GET stats", client.admin("GET", "/sim/stats", null));
        // the network kinds, last so that what comes before stays as it was recorded
        sim.create("public_gateway", Map.of("id", "pgw-1", "name", "egress"));
        sim.create("subnet", Map.of("id", "subnet-2", "name", "net-2", "public_gateway_id", "pgw-1",
                "ipv4_cidr_block", "10.240.64.0/24"));
        sim.create("load_balancer", Map.of("id", "lb-1", "name", "prism", "subnet_ids", List.of("subnet-1", "subnet-2")));
        sim.create("endpoint_gateway", Map.of("id", "eg-1", "name", "cos", "subnet_id", "subnet-2"));
        sim.create("key", Map.of("id", "key-1", "name", "deploy", "public_key",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"));
        for (String path : List.of("/subnets/subnet-1", "/subnets/subnet-2", "/subnets/subnet-2/public_gateway",
                "/public_gateways/pgw-1", "/load_balancers/lb-1", "/endpoint_gateways/eg-1",
                "/subnets/subnet-2/reserved_ips", "/keys/key-1", "/subnets?limit=1", "/subnets/nothing/reserved_ips")) {
            answer(bodies, "GET " + path, client.vpcGet(path));
        }
        answer(bodies, "DELETE subnet in use", client.vpcDelete("/subnets/subnet-2"));
        answer(bodies, "DELETE attached public gateway", client.vpcDelete("/public_gateways/pgw-1"));
        answer(bodies, "DELETE load balancer", client.vpcDelete("/load_balancers/lb-1"));
        answer(bodies, "GET deleting load balancer", client.vpcGet("/load_balancers/lb-1"));
        return bodies;
    }

    private static void answer(List<String> bodies, String what, SimClient.Response response) {
        bodies.add("### " + what + " -> " + response.status());
        bodies.add(mask(response.body()));
    }

    private static String mask(String body) {
        return body.replace(sim.baseUrl(), "http://SIM")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "TIME")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID")
                .replaceAll("\"(access_token|refresh_token)\":\"[^\"]*\"", "\"$1\":\"TOKEN\"")
                .replaceAll("\"(expiration)\":\\d+", "\"$1\":0");
    }
}
