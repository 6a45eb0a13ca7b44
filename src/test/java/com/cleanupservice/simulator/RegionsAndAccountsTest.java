package com.cleanupservice.simulator;

import com.cleanupservice.testsupport.TestDatabase;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulator's accounts and regions: tokens that name their account, regional VPC endpoints, resources that are
 * found only in their own account and region, rate limits and stats per account, and documents stored before
 * accounts existed.
 */
class RegionsAndAccountsTest {
    private static final String SANDBOX_KEY = "any-key-of-the-default-account";
    private static final String SANDBOX_2_KEY = SimulatorAccount.SANDBOX_2.apiKeys().get(0);
    private static final String SANDBOX_2_ID = SimulatorAccount.SANDBOX_2.id();
    private static final String SERVERS = "/bare_metal_servers";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IbmCloudSimulator sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    private IbmCloudSimulator start(SimulatorOptions options) {
        sim = IbmCloudSimulator.start(options.port(0).bareMetalDeleteDelay(Duration.ZERO));
        return sim;
    }

    /** An eu-de server of sandbox-2 (with its VNI) and a server of the default account and region. */
    private void serversInBothPlaces() {
        sim.create("virtual_network_interface", Map.of("id", "vni-eu", "subnet_id", "subnet-eu",
                "account", "sandbox-2", "region", "eu-de"));
        sim.create("bare_metal_server", Map.of("id", "srv-eu", "name", "eu-server", "vni_ids", List.of("vni-eu"),
                "account", "sandbox-2", "region", "eu-de"));
        sim.createVirtualNetworkInterface("vni-us", null, "subnet-us", null, false);
        sim.createBareMetalServer("srv-us", "us-server", null, List.of("vni-us"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jwtPayload(String accessToken) throws IOException {
        String[] parts = accessToken.split("\\.");
        assertThat(parts).as("header, payload, signature").hasSize(3);
        return JSON.readValue(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8),
                new TypeReference<Map<String, Object>>() { });
    }

    private static String form(String key) {
        return "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=" + key;
    }

    @Test
    @SuppressWarnings("unchecked")
    void iamMintsAJwtNamingTheAccountOfTheKey() throws IOException {
        start(SimulatorOptions.defaults());
        SimClient client = new SimClient(sim);

        Map<String, Object> first = client.iam(form(SANDBOX_KEY)).json();
        Map<String, Object> second = client.iam(form(SANDBOX_2_KEY)).json();

        Map<String, Object> payload = jwtPayload((String) first.get("access_token"));
        assertThat((Map<String, Object>) payload.get("account")).containsEntry("bss", IbmCloudSimulator.ACCOUNT_ID);
        assertThat(payload).containsKeys("iam_id", "sub", "iat", "exp");
        assertThat(((Number) payload.get("exp")).longValue()).isEqualTo(((Number) first.get("expiration")).longValue());
        assertThat(first).containsEntry("expires_in", 3600);
        assertThat((Map<String, Object>) jwtPayload((String) second.get("access_token")).get("account"))
                .containsEntry("bss", SANDBOX_2_ID);
        assertThat(jwtPayload((String) second.get("access_token")).get("iam_id"))
                .isNotEqualTo(payload.get("iam_id"));
    }

    @Test
    void withADefaultKeySetOnlyTheAccountsKeysAreKnown() {
        start(SimulatorOptions.defaults().apiKey("the-one-key"));
        SimClient client = new SimClient(sim);

        assertThat(client.iam(form("the-one-key")).status()).isEqualTo(200);
        assertThat(client.iam(form(SANDBOX_2_KEY)).status()).isEqualTo(200);
        SimClient.Response unknown = client.iam(form("another-key"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json()).containsEntry("errorCode", "BXNIM0415E");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aResourceIsFoundOnlyInItsOwnRegionAndAccount() {
        start(SimulatorOptions.defaults());
        serversInBothPlaces();
        SimClient sandbox = new SimClient(sim, SANDBOX_KEY);
        SimClient sandbox2 = new SimClient(sim, SANDBOX_2_KEY);

        assertThat(sandbox.vpcGet(SERVERS + "/srv-eu").status()).as("us-south, sandbox").isEqualTo(404);
        assertThat(sandbox.vpcGet("eu-de", SERVERS + "/srv-eu").status()).as("eu-de, sandbox").isEqualTo(404);
        SimClient.Response atUsSouth = sandbox2.vpcGet(SERVERS + "/srv-eu");
        assertThat(atUsSouth.status()).as("us-south, sandbox-2").isEqualTo(404);
        assertThat(atUsSouth.errorCode()).isEqualTo("bare_metal_server_not_found");
        assertThat(sandbox2.vpcGet("eu-de", SERVERS + "/srv-us").status()).isEqualTo(404);

        Map<String, Object> server = sandbox2.vpcGet("eu-de", SERVERS + "/srv-eu").json();
        assertThat(server).containsEntry("name", "eu-server")
                .containsEntry("href", sim.baseUrl() + "/regions/eu-de/v1/bare_metal_servers/srv-eu");
        assertThat((String) server.get("crn")).contains(":eu-de-1:a/" + SANDBOX_2_ID + "::");
        assertThat((Map<String, Object>) server.get("zone")).containsEntry("name", "eu-de-1");

        List<Map<String, Object>> euServers = (List<Map<String, Object>>) sandbox2.vpcGet("eu-de", SERVERS).json()
                .get("bare_metal_servers");
        assertThat(euServers).extracting(s -> s.get("id")).containsExactly("srv-eu");
        assertThat(sandbox2.vpcGet("eu-de", SERVERS).json().get("first").toString())
                .contains(sim.baseUrl() + "/regions/eu-de/v1/bare_metal_servers?");
        assertThat((List<Object>) sandbox2.vpcGet(SERVERS).json().get("bare_metal_servers")).isEmpty();
        assertThat((List<Map<String, Object>>) sandbox.vpcGet(SERVERS).json().get("bare_metal_servers"))
                .extracting(s -> s.get("id")).containsExactly("srv-us");
        assertThat((List<Object>) sandbox.vpcGet("eu-de", SERVERS).json().get("bare_metal_servers")).isEmpty();

        // /regions/us-south/v1 is /v1
        assertThat(sandbox.vpcGet("us-south", SERVERS + "/srv-us").json())
                .containsEntry("href", sim.vpcUrl() + "/bare_metal_servers/srv-us")
                .containsEntry("crn", sandbox.vpcGet(SERVERS + "/srv-us").json().get("crn"));

        assertThat(sandbox2.vpcDelete(SERVERS + "/srv-eu").status()).as("at us-south").isEqualTo(404);
        assertThat(sandbox.vpcDelete("eu-de", SERVERS + "/srv-eu").status()).as("by sandbox").isEqualTo(404);
        assertThat(sim.exists("bare_metal_server", "srv-eu")).isTrue();
        assertThat(sandbox2.vpcDelete("eu-de", SERVERS + "/srv-eu").status()).isEqualTo(202);
        SimClient.await(Duration.ofSeconds(10), () -> !sim.exists("bare_metal_server", "srv-eu"));
        assertThat(sim.exists("bare_metal_server", "srv-us")).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void referencesStayWithinOneAccountAndRegionAndIdsAreUniqueAcrossThem() {
        start(SimulatorOptions.defaults());
        serversInBothPlaces();
        sim.createVirtualNetworkInterface("vni-free-us", null, "subnet-us", null, false);
        SimClient admin = new SimClient(sim);

        SimClient.Response across = admin.admin("POST", "/sim/resources", """
                {"kind": "bare_metal_server", "id": "srv-x", "vni_ids": ["vni-free-us"], "region": "eu-de",
                 "account": "sandbox-2"}""");
        assertThat(across.status()).isEqualTo(400);
        assertThat(across.errorMessage()).contains("vni-free-us does not exist");
        SimClient.Response taken = admin.admin("POST", "/sim/resources", """
                {"kind": "virtual_network_interface", "id": "vni-us", "subnet_id": "s", "region": "eu-de"}""");
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.errorMessage()).contains("already exists");
        assertThat(admin.admin("POST", "/sim/resources", """
                {"kind": "virtual_network_interface", "subnet_id": "s", "region": "jp-tok"}""").status())
                .as("unknown region").isEqualTo(400);
        assertThat(admin.admin("POST", "/sim/resources", """
                {"kind": "virtual_network_interface", "subnet_id": "s", "account": "nobody"}""").status())
                .as("unknown account").isEqualTo(400);

        Map<String, Object> euOnly = admin.admin("GET", "/sim/resources?region=eu-de&account=sandbox-2", null).json();
        assertThat((List<Map<String, Object>>) euOnly.get("bare_metal_servers")).extracting(s -> s.get("id"))
                .containsExactly("srv-eu");
        Map<String, Object> usOnly = admin.admin("GET", "/sim/resources?region=us-south", null).json();
        assertThat((List<Map<String, Object>>) usOnly.get("virtual_network_interfaces")).extracting(v -> v.get("id"))
                .containsExactly("vni-us", "vni-free-us");
        Map<String, Object> all = admin.admin("GET", "/sim/resources", null).json();
        assertThat((List<Object>) all.get("bare_metal_servers")).hasSize(2);
        assertThat(admin.admin("GET", "/sim/resources?account=nobody", null).status()).isEqualTo(400);
    }

    @Test
    void anUnknownRegionIsNotFound() {
        start(SimulatorOptions.defaults());
        SimClient client = new SimClient(sim);

        SimClient.Response response = client.get(sim.baseUrl() + "/regions/jp-tok/v1/bare_metal_servers?"
                + SimClient.VERSION_QUERY);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("not_found");
        assertThat(response.errorMessage()).contains("jp-tok");
        assertThat(sim.stats().count("list_bare_metal_servers")).as("not an operation of any region").isZero();
        assertThatThrownBy(() -> sim.vpcUrl("jp-tok")).isInstanceOf(IllegalArgumentException.class);
        assertThat(client.get(sim.baseUrl() + "/regions/eu-de/v1/vpcs/" + IbmCloudSimulator.VPC_ID + "?"
                + SimClient.VERSION_QUERY).status()).as("the built-in VPC is seen everywhere").isEqualTo(200);
    }

    @Test
    void dnsRecordsBelongToAnAccountOnly() {
        start(SimulatorOptions.defaults());
        sim.create("dns_record", Map.of("instance_id", "inst", "zone_id", "zone", "id", "A:2", "name", "h.example.com",
                "type", "A", "rdata", "10.1.2.3", "account", "sandbox-2", "region", "eu-de"));
        String record = "/instances/inst/dnszones/zone/resource_records/A:2";

        assertThat(new SimClient(sim, SANDBOX_KEY).dnsGet(record).status()).isEqualTo(404);
        SimClient sandbox2 = new SimClient(sim, SANDBOX_2_KEY);
        assertThat(sandbox2.dnsGet(record).status()).isEqualTo(200);
        assertThat(sandbox2.dnsDelete(record).status()).isEqualTo(204);

        assertThat(sim.stats().countIn("global", "sandbox-2", "get_dns_record")).isEqualTo(1);
        assertThat(sim.stats().countIn("global", "sandbox-2", "delete_dns_record")).isEqualTo(1);
        assertThat(sim.stats().countIn("global", "sandbox", "get_dns_record")).isEqualTo(1);
        assertThat(sim.stats().countIn("global", "sandbox-2", "create_iam_token")).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void statsCountEachRequestWhereItWasMade() {
        start(SimulatorOptions.defaults());
        serversInBothPlaces();
        SimClient sandbox = new SimClient(sim, SANDBOX_KEY);
        SimClient sandbox2 = new SimClient(sim, SANDBOX_2_KEY);

        sandbox2.vpcDelete(SERVERS + "/srv-eu"); // the wrong region: 404, counted there
        sandbox2.vpcDelete("eu-de", SERVERS + "/srv-eu");
        sandbox.vpcDelete(SERVERS + "/srv-us");
        sandbox.vpcGet("us-south", SERVERS);

        SimulatorStats stats = sim.stats();
        assertThat(stats.countIn("eu-de", "sandbox-2", "delete_bare_metal_server")).isEqualTo(1);
        assertThat(stats.countIn("us-south", "sandbox-2", "delete_bare_metal_server")).isEqualTo(1);
        assertThat(stats.countIn("us-south", "sandbox", "delete_bare_metal_server")).isEqualTo(1);
        assertThat(stats.countIn("eu-de", "sandbox", "delete_bare_metal_server")).isZero();
        assertThat(stats.countIn("us-south", "sandbox", "list_bare_metal_servers")).isEqualTo(1);
        assertThat(stats.count("delete_bare_metal_server")).as("today's counts are unchanged").isEqualTo(3);

        Map<String, Object> json = new SimClient(sim).admin("GET", "/sim/stats", null).json();
        assertThat(json).containsKeys("total", "operations", "resources", "rate_limited", "accepted");
        Map<String, Map<String, Object>> byPlace = (Map<String, Map<String, Object>>) json.get("by_region_account");
        assertThat(byPlace).containsKeys("eu-de/sandbox-2", "us-south/sandbox-2", "us-south/sandbox",
                "global/sandbox", "global/sandbox-2");
        assertThat(byPlace.get("eu-de/sandbox-2")).containsExactly(Map.entry("delete_bare_metal_server", 1));
        assertThat(byPlace.get("global/sandbox-2")).containsExactly(Map.entry("create_iam_token", 1));
        assertThat(stats.byRegionAccount()).isEqualTo(Map.of(
                "eu-de/sandbox-2", Map.of("delete_bare_metal_server", 1L),
                "us-south/sandbox-2", Map.of("delete_bare_metal_server", 1L),
                "us-south/sandbox", Map.of("delete_bare_metal_server", 1L, "list_bare_metal_servers", 1L),
                "global/sandbox", Map.of("create_iam_token", 1L),
                "global/sandbox-2", Map.of("create_iam_token", 1L)));

        sim.reset();
        assertThat(sim.stats().byRegionAccount()).isEmpty();
    }

    /** The 429s of {@code n} requests, one after the other, at a clock that stands still. */
    private static int refused(SimClient client, String region, int n) {
        int refused = 0;
        for (int i = 0; i < n; i++) {
            int status = client.vpcGet(region, SERVERS).status();
            assertThat(status).isIn(200, 429);
            refused += status == 429 ? 1 : 0;
        }
        return refused;
    }

    @Test
    void oneAccountsRateLimitNeverSlowsAnother() {
        // the rate limit's clock stands still: no token comes back while the test runs
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).rateLimit(RateLimit.vpc(1).burst(3)),
                () -> 0L);
        SimClient sandbox = new SimClient(sim, SANDBOX_KEY);
        SimClient sandbox2 = new SimClient(sim, SANDBOX_2_KEY);

        assertThat(refused(sandbox, "us-south", 10)).as("sandbox: 3 of its own bucket, then 429").isEqualTo(7);
        assertThat(refused(sandbox2, "eu-de", 10)).as("sandbox-2 has buckets of its own").isEqualTo(7);
        assertThat(sim.stats().rateLimitedTotal()).isEqualTo(14);

        sim.setRateLimit(RateLimit.vpc(1).burst(3).forAccount("sandbox-2"));
        assertThat(refused(sandbox, "us-south", 10)).as("only sandbox-2 is limited").isZero();
        assertThat(refused(sandbox2, "us-south", 10)).isEqualTo(7);

        SimClient admin = new SimClient(sim);
        SimClient.Response config = admin.admin("PUT", "/sim/config",
                "{\"rate_limit\": {\"vpc_per_second\": 1, \"burst\": 2, \"account\": \"sandbox\"}}");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body()).contains("\"rate_limit\":{\"vpc_per_second\":1,\"dns_per_second\":null,"
                + "\"burst\":2,\"account\":\"sandbox\"}");
        assertThat(refused(sandbox2, "eu-de", 10)).isZero();
        assertThat(refused(sandbox, "eu-de", 10)).isEqualTo(8);
        assertThat(admin.admin("PUT", "/sim/config", "{\"rate_limit\": {\"vpc_per_second\": 1, \"account\": \"x\"}}")
                .status()).as("an unknown account").isEqualTo(400);
    }

    @Test
    void aFaultRuleMayNameAnAccount() {
        start(SimulatorOptions.defaults());
        SimClient sandbox = new SimClient(sim, SANDBOX_KEY);
        SimClient sandbox2 = new SimClient(sim, SANDBOX_2_KEY);
        SimClient admin = new SimClient(sim);

        SimClient.Response added = admin.admin("POST", "/sim/faults",
                "{\"operation\": \"list_bare_metal_servers\", \"type\": \"status\", \"status\": 503, \"account\": \"sandbox-2\"}");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json()).containsEntry("account", "sandbox-2");
        assertThat(sandbox.vpcGet(SERVERS).status()).isEqualTo(200);
        assertThat(sandbox2.vpcGet("eu-de", SERVERS).status()).isEqualTo(503);
        assertThat(sandbox2.vpcGet(SERVERS).status()).isEqualTo(503);
        assertThat(admin.admin("POST", "/sim/faults",
                "{\"type\": \"status\", \"status\": 500, \"account\": \"nobody\"}").status()).isEqualTo(400);

        sim.faults().replace(List.of(FaultRule.status("list_bare_metal_servers", 500).account("sandbox")));
        assertThat(sandbox.vpcGet(SERVERS).status()).isEqualTo(500);
        assertThat(sandbox2.vpcGet(SERVERS).status()).isEqualTo(200);
    }

    @Test
    void documentsStoredBeforeAccountsAreTheDefaultAccountsAndRegions() throws SQLException {
        DataSource ds = TestDatabase.freshDataSource();
        try (IbmCloudSimulator first = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).dataSource(ds))) {
            sim = first;
            serversInBothPlaces();
            sim.createDnsRecord("inst", "zone", "A:1", "host.example.com", "A", "10.9.8.7");
        }
        sim = null;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT document->>'account', document->>'region' FROM ibmsim.resource WHERE id = 'srv-eu'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("sandbox-2");
                assertThat(rs.getString(2)).isEqualTo("eu-de");
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT document ? 'account', document ? 'region' FROM ibmsim.resource WHERE id = 'A:1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
                assertThat(rs.getBoolean(2)).as("DNS Services is global").isFalse();
            }
            // the documents of the default place as a simulator before accounts and regions wrote them
            int old = s.executeUpdate("UPDATE ibmsim.resource SET document = document - 'account' - 'region'"
                    + " WHERE id IN ('srv-us', 'vni-us', 'A:1') OR document->>'subnet_id' = 'subnet-us'");
            assertThat(old).isEqualTo(4);
        }

        start(SimulatorOptions.defaults().dataSource(ds));
        SimClient sandbox = new SimClient(sim, SANDBOX_KEY);
        SimClient sandbox2 = new SimClient(sim, SANDBOX_2_KEY);
        assertThat(sandbox.vpcGet(SERVERS + "/srv-us").status()).isEqualTo(200);
        assertThat(sandbox.vpcGet("eu-de", SERVERS + "/srv-us").status()).isEqualTo(404);
        assertThat(sandbox2.vpcGet(SERVERS + "/srv-us").status()).isEqualTo(404);
        assertThat(sandbox.dnsGet("/instances/inst/dnszones/zone/resource_records/A:1").status()).isEqualTo(200);
        assertThat(sandbox2.vpcGet("eu-de", SERVERS + "/srv-eu").status()).isEqualTo(200);
        assertThat(sandbox.vpcGet("eu-de", SERVERS + "/srv-eu").status()).isEqualTo(404);
        assertThat(sandbox.vpcGet("/security_groups").status()).as("built-in resources stay everyone's")
                .isEqualTo(200);
        assertThat(sandbox2.vpcGet("eu-de", "/security_groups").body()).contains(SecurityGroupKind.DEFAULT_ID);
    }

    @Test
    void theCommandLineTakesAccountsAndRegions() {
        SimulatorOptions options = SimulatorMain.options(new String[] {"--account", "prod=0123abcd:prod-key",
                "--account", "sandbox-2=feed0000:other-key", "--regions", "eu-de,jp-tok", "--api-key", "main-key"},
                Map.of());

        assertThat(options.accounts()).extracting(SimulatorAccount::name).containsExactly("sandbox", "sandbox-2", "prod");
        assertThat(options.accounts().get(0).apiKeys()).containsExactly("main-key");
        assertThat(options.accounts().get(1)).isEqualTo(new SimulatorAccount("sandbox-2", "feed0000", List.of("other-key")));
        assertThat(options.regions()).containsExactly("eu-de", "jp-tok");
        assertThatThrownBy(() -> SimulatorMain.options(new String[] {"--account", "nokey"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatorMain.options(new String[] {"--account", "x=abc"}, Map.of()))
                .as("only the default account may take any key").isInstanceOf(IllegalArgumentException.class);
    }
}
