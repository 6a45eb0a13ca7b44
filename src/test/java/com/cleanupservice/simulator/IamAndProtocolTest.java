package com.cleanupservice.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IamAndProtocolTest {
    private static final String GRANT = "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey";
    private static IbmCloudSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).tokenLifetimeSeconds(1200));
        client = new SimClient(sim);
        sim.createBareMetalServer("srv", null, "running", List.of());
        sim.createDnsRecord("inst", "zone", "A:1", "host.example.com", "A", "10.0.0.1");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void issuesBearerTokens() {
        SimClient.Response response = client.iam(GRANT + "&apikey=any-key&response_type=cloud_iam");

        assertThat(response.status()).isEqualTo(200);
        Map<String, Object> token = response.json();
        assertThat(token).containsEntry("token_type", "Bearer").containsEntry("expires_in", 1200)
                .containsEntry("scope", "ibm openid").containsKeys("access_token", "refresh_token");
        long expiration = ((Number) token.get("expiration")).longValue();
        assertThat(expiration).isBetween(Instant.now().getEpochSecond() + 1190, Instant.now().getEpochSecond() + 1201);

        SimClient.Response get = client.send(HttpRequest.newBuilder(
                        URI.create(sim.vpcUrl() + SimClient.withVersion("/bare_metal_servers/srv")))
                .header("Authorization", "Bearer " + token.get("access_token")));
        assertThat(get.status()).isEqualTo(200);
    }

    @Test
    void rejectsBadTokenRequestsWithIamErrors() {
        SimClient.Response noGrant = client.iam("apikey=k");
        assertThat(noGrant.status()).isEqualTo(400);
        assertThat(noGrant.json()).containsEntry("errorCode", "BXNIM0109E").containsKeys("errorMessage", "context");

        SimClient.Response wrongGrant = client.iam("grant_type=password&apikey=k");
        assertThat(wrongGrant.status()).isEqualTo(400);
        assertThat(wrongGrant.json()).containsEntry("errorCode", "BXNIM0109E");

        SimClient.Response noKey = client.iam(GRANT);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat((String) noKey.json().get("errorMessage")).contains("apikey");
    }

    @Test
    void acceptsOnlyTheConfiguredApiKey() {
        try (IbmCloudSimulator strict = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).apiKey("secret"))) {
            SimClient strictClient = new SimClient(strict);

            SimClient.Response wrong = strictClient.iam(GRANT + "&apikey=guess");
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.json()).containsEntry("errorCode", "BXNIM0415E");
            assertThat(strictClient.iam(GRANT + "&apikey=secret").status()).isEqualTo(200);
        }
    }

    @Test
    void requiresAnIssuedUnexpiredBearerToken() {
        String serverUrl = sim.vpcUrl() + SimClient.withVersion("/bare_metal_servers/srv");
        String recordUrl = sim.dnsUrl() + "/instances/inst/dnszones/zone/resource_records/A:1";
        for (String url : List.of(serverUrl, recordUrl)) {
            SimClient.Response none = client.send(HttpRequest.newBuilder(URI.create(url)));
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.errorCode()).isEqualTo("not_authorized");

            SimClient.Response forged = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer forged"));
            assertThat(forged.status()).isEqualTo(401);
            assertThat(forged.errorCode()).isEqualTo("not_authorized");

            assertThat(client.get(url).status()).isEqualTo(200);
        }
    }

    @Test
    void expiredTokensAreRejected() {
        try (IbmCloudSimulator shortLived = IbmCloudSimulator.start(
                SimulatorOptions.defaults().port(0).tokenLifetimeSeconds(1))) {
            shortLived.createBareMetalServer("srv", null, "running", List.of());
            SimClient shortClient = new SimClient(shortLived);
            assertThat(shortClient.vpcGet("/bare_metal_servers/srv").status()).isEqualTo(200);

            SimClient.await(Duration.ofSeconds(3), () -> shortClient.vpcGet("/bare_metal_servers/srv").status() == 401);
        }
    }

    @Test
    void vpcRequiresVersionAndGeneration() {
        String base = sim.vpcUrl() + "/bare_metal_servers/srv";

        SimClient.Response noVersion = client.get(base + "?generation=2");
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.errorCode()).isEqualTo("bad_request");
        assertThat(noVersion.errorMessage()).contains("version");

        SimClient.Response badVersion = client.get(base + "?version=2024-13-45&generation=2");
        assertThat(badVersion.status()).isEqualTo(400);
        assertThat(badVersion.errorMessage()).contains("version");

        SimClient.Response noGeneration = client.get(base + "?version=2024-04-30");
        assertThat(noGeneration.status()).isEqualTo(400);
        assertThat(noGeneration.errorMessage()).contains("generation");

        assertThat(client.get(base + "?version=2024-04-30&generation=1").status()).isEqualTo(400);
        assertThat(client.get(base + "?version=2024-04-30&generation=2").status()).isEqualTo(200);
    }

    @Test
    void vpcVersionIsADateFromTheFirstApiVersionUntilToday() {
        String base = sim.vpcUrl() + "/bare_metal_servers/srv?generation=2&version=";
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        for (String tooEarlyOrLate : List.of("2018-12-31", today.plusDays(2).toString(), "2999-01-01")) {
            SimClient.Response refused = client.get(base + tooEarlyOrLate);
            assertThat(refused.status()).as(tooEarlyOrLate).isEqualTo(400);
            assertThat(refused.errorCode()).as("the same code as a malformed version").isEqualTo("bad_request");
            assertThat(refused.errorMessage()).contains("version").contains("2019-01-01").contains(tooEarlyOrLate);
        }
        assertThat(client.get(base + "2019-01-01").status()).isEqualTo(200);
        assertThat(client.get(base + today).status()).isEqualTo(200);
        assertThat(client.dnsGet("/instances/inst/dnszones/zone/resource_records/A:1?version=2999-01-01").status())
                .as("DNS Services has no version parameter").isEqualTo(200);
    }

    @Test
    void unknownPathsAnswerIbmErrors() {
        SimClient.Response unknown = client.get(sim.vpcUrl() + "/instances?version=2024-04-30&generation=2");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("not_found");
    }
}
