package com.cleanupservice.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static com.cleanupservice.simulator.SimulatorOperations.CREATE_IAM_TOKEN;
import static com.cleanupservice.simulator.SimulatorOperations.DELETE_BARE_METAL_SERVER;
import static com.cleanupservice.simulator.SimulatorOperations.GET_BARE_METAL_SERVER;
import static com.cleanupservice.simulator.SimulatorOperations.LIST_BARE_METAL_SERVERS;
import static com.cleanupservice.simulator.SimulatorOperations.LIST_DNS_RECORDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limit over HTTP. The simulator's rate limit runs on a hand-moved clock here, so that "immediate" calls are
 * immediate however slow the machine, and refilling is a step of that clock; one test uses the real clock.
 */
class RateLimitTest {
    private static final String SERVERS = "/bare_metal_servers";
    private static final String RECORDS = "/instances/inst-1/dnszones/zone-1/resource_records";
    private static final AtomicLong NOW = new AtomicLong(1_000_000_000L);

    private static IbmCloudSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0), NOW::get);
        client = new SimClient(sim);
        client.token();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        sim.reset();
        // a zone the simulator knows: an unknown zone's records answer 404
        sim.createDnsRecord("inst-1", "zone-1", null, "host.example.com", "A", "10.0.0.1");
    }

    private static void advance(Duration duration) {
        NOW.addAndGet(duration.toNanos());
    }

    private static SimClient.Response putConfig(String json) {
        return client.admin("PUT", "/sim/config", json);
    }

    /** A JSON object as parsed, {@code null} values included. */
    private static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> json = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            json.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return json;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rateLimitedStats() {
        return (Map<String, Object>) client.admin("GET", "/sim/stats", null).json().get("rate_limited");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSixthImmediateCallOfFivePerSecondIsRefusedWithRetryAfterAndAnIbmBody() {
        SimClient.Response put = putConfig("{\"rate_limit\": {\"vpc_per_second\": 5, \"burst\": 5}}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("rate_limit"))
                .isEqualTo(json("vpc_per_second", 5, "dns_per_second", null, "burst", 5));

        for (int i = 0; i < 5; i++) {
            assertThat(client.vpcGet(SERVERS).status()).as("call %d", i + 1).isEqualTo(200);
        }
        SimClient.Response refused = client.vpcGet(SERVERS);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> body = refused.json();
        assertThat(body).containsOnlyKeys("errors", "trace", "status_code").containsEntry("status_code", 429);
        assertThat(refused.headers().firstValue("X-Request-Id")).hasValue((String) body.get("trace"));
        Map<String, Object> error = ((List<Map<String, Object>>) body.get("errors")).get(0);
        assertThat(error).containsOnlyKeys("code", "message", "more_info")
                .containsEntry("code", "too_many_requests")
                .containsEntry("more_info", HttpSupport.MORE_INFO);
        assertThat((String) error.get("message")).isNotBlank();

        assertThat(sim.stats().count(LIST_BARE_METAL_SERVERS)).as("refused requests count too").isEqualTo(6);
        assertThat(sim.stats().rateLimited(LIST_BARE_METAL_SERVERS)).isEqualTo(1);
        assertThat(sim.stats().rateLimitedTotal()).isEqualTo(1);
        Map<String, Object> limited = rateLimitedStats();
        assertThat(limited).containsEntry("total", 1).containsEntry("operations", Map.of(LIST_BARE_METAL_SERVERS, 1));
        Map<String, Object> stats = client.admin("GET", "/sim/stats", null).json();
        assertThat(stats).containsKeys("total", "operations", "resources").containsEntry("total", 6);
    }

    @Test
    void answersAsAnInjected429Does() {
        sim.faults().add(FaultRule.status(LIST_BARE_METAL_SERVERS, 429).retryAfter(1).times(1));
        SimClient.Response injected = client.vpcGet(SERVERS);
        sim.setRateLimit(RateLimit.vpc(1).burst(1));
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(200);
        SimClient.Response limited = client.vpcGet(SERVERS);

        assertThat(limited.status()).isEqualTo(injected.status()).isEqualTo(429);
        assertThat(limited.headers().map().keySet()).isEqualTo(injected.headers().map().keySet());
        assertThat(limited.headers().firstValue("Retry-After")).isEqualTo(injected.headers().firstValue("Retry-After"));
        assertThat(limited.json().keySet()).isEqualTo(injected.json().keySet());
        assertThat(limited.errorCode()).isEqualTo(injected.errorCode());

        SimClient.Response dnsLimited = dnsRefused();
        assertThat(dnsLimited.json().keySet()).isEqualTo(injected.json().keySet());
        assertThat(dnsLimited.errorCode()).isEqualTo("too_many_requests");
    }

    private static SimClient.Response dnsRefused() {
        sim.setRateLimit(RateLimit.dns(1));
        assertThat(client.dnsGet(RECORDS).status()).isEqualTo(200);
        SimClient.Response refused = client.dnsGet(RECORDS);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        return refused;
    }

    @Test
    void eachApiHasItsOwnBucketAndIamIsNeverLimited() {
        sim.setRateLimit(RateLimit.vpc(5).burst(5));
        for (int i = 0; i < 5; i++) {
            client.vpcGet(SERVERS);
        }
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(429);

        for (int i = 0; i < 20; i++) {
            assertThat(client.dnsGet(RECORDS).status()).as("DNS call %d", i + 1).isEqualTo(200);
            assertThat(client.iam("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=k").status())
                    .isEqualTo(200);
        }
        assertThat(sim.stats().rateLimited(LIST_DNS_RECORDS)).isZero();
        assertThat(sim.stats().rateLimited(CREATE_IAM_TOKEN)).isZero();

        sim.setRateLimit(RateLimit.vpc(5).withDns(2).burst(2));
        assertThat(client.dnsGet(RECORDS).status()).isEqualTo(200);
        assertThat(client.dnsGet(RECORDS).status()).isEqualTo(200);
        assertThat(client.dnsGet(RECORDS).status()).isEqualTo(429);
        assertThat(client.vpcGet(SERVERS).status()).as("a new limit starts with full buckets").isEqualTo(200);
        assertThat(sim.stats().rateLimited(LIST_DNS_RECORDS)).isEqualTo(1);
        assertThat(sim.stats().rateLimitedTotal()).isEqualTo(2);
    }

    @Test
    void theBucketRefillsAtTheRateUpToTheBurst() {
        sim.setRateLimit(RateLimit.vpc(5).burst(5));
        for (int i = 0; i < 5; i++) {
            client.vpcGet(SERVERS);
        }
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(429);

        advance(Duration.ofMillis(200)); // one token
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(200);
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(429);

        advance(Duration.ofMinutes(1)); // full again, but never more than the burst
        for (int i = 0; i < 5; i++) {
            assertThat(client.vpcGet(SERVERS).status()).as("call %d after the pause", i + 1).isEqualTo(200);
        }
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(429);
        assertThat(sim.stats().rateLimited(LIST_BARE_METAL_SERVERS)).isEqualTo(3);
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheNextToken() {
        sim.setRateLimit(RateLimit.vpc(0.25)); // a token every 4 s, burst 1
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(200);
        assertThat(client.vpcGet(SERVERS).headers().firstValue("Retry-After")).hasValue("4");
        advance(Duration.ofMillis(2500));
        assertThat(client.vpcGet(SERVERS).headers().firstValue("Retry-After")).hasValue("2");
        advance(Duration.ofMillis(1400));
        assertThat(client.vpcGet(SERVERS).headers().firstValue("Retry-After")).as("at least 1").hasValue("1");
        advance(Duration.ofMillis(100));
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(200);
    }

    @Test
    void aRefusedRequestDoesNothingElse() {
        sim.createBareMetalServer("srv", null, "running", List.of());
        sim.faults().add(FaultRule.status(DELETE_BARE_METAL_SERVER, 500).times(1));
        sim.setRateLimit(RateLimit.vpc(1));
        assertThat(client.vpcGet(SERVERS + "/srv").status()).isEqualTo(200);

        assertThat(client.vpcDelete(SERVERS + "/srv").status()).isEqualTo(429);
        assertThat(sim.find("bare_metal_server", "srv")).hasValueSatisfying(
                server -> assertThat(server).containsEntry("status", "running"));
        assertThat(sim.faults().rules()).singleElement().satisfies(
                rule -> assertThat(rule.remaining()).as("the fault rule was not reached").isEqualTo(1));
        // before the token check, like IBM's gateway
        SimClient.Response unauthorized = client.send(HttpRequest.newBuilder(
                URI.create(sim.vpcUrl() + SimClient.withVersion(SERVERS))).GET());
        assertThat(unauthorized.status()).isEqualTo(429);

        assertThat(sim.stats().count(DELETE_BARE_METAL_SERVER, "srv")).isEqualTo(1);
        assertThat(sim.stats().count(GET_BARE_METAL_SERVER, "srv")).isEqualTo(1);
        assertThat(sim.stats().rateLimitedTotal()).isEqualTo(2);
    }

    @Test
    void nullTurnsTheLimitOffAndAnAbsentFieldKeepsIt() {
        assertThat(client.admin("GET", "/sim/config", null).json()).containsEntry("rate_limit", null);
        putConfig("{\"rate_limit\": {\"vpc_per_second\": 1}}");
        assertThat(putConfig("{\"provider_reserved_ips\": false}").json().get("rate_limit"))
                .as("unchanged when not sent").isNotNull();
        assertThat(sim.rateLimit()).isEqualTo(RateLimit.vpc(1));
        client.vpcGet(SERVERS);
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(429);

        SimClient.Response off = putConfig("{\"rate_limit\": null}");
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json()).containsEntry("rate_limit", null);
        assertThat(sim.rateLimit()).isNull();
        for (int i = 0; i < 20; i++) {
            assertThat(client.vpcGet(SERVERS).status()).isEqualTo(200);
        }
    }

    @Test
    void eitherApiMayBeLeftUnlimited() {
        putConfig("{\"rate_limit\": {\"vpc_per_second\": null, \"dns_per_second\": 1}}");
        assertThat(sim.rateLimit()).isEqualTo(RateLimit.dns(1));
        for (int i = 0; i < 20; i++) {
            assertThat(client.vpcGet(SERVERS).status()).isEqualTo(200);
        }
        client.dnsGet(RECORDS);
        assertThat(client.dnsGet(RECORDS).status()).isEqualTo(429);
    }

    @Test
    void refusesBadConfiguration() {
        sim.setRateLimit(RateLimit.vpc(3));
        List<String> bad = List.of(
                "{\"rate_limit\": {\"vpc_per_second\": 0}}",
                "{\"rate_limit\": {\"vpc_per_second\": -5}}",
                "{\"rate_limit\": {\"dns_per_second\": \"fast\"}}",
                "{\"rate_limit\": {\"vpc_per_second\": true}}",
                "{\"rate_limit\": {\"vpc_per_second\": 5, \"burst\": 0}}",
                "{\"rate_limit\": {\"vpc_per_second\": 5, \"burst\": 2.5}}",
                "{\"rate_limit\": {\"vpc_per_second\": 5, \"bucket\": 5}}",
                "{\"rate_limit\": 5}",
                "{\"rate_limit\": [5]}",
                "{\"rate_limit\": {\"vpc_per_second\": 5}, \"bare_metal_delete_delay_ms\": -1}");
        List<String> answers = new ArrayList<>();
        for (String json : bad) {
            SimClient.Response response = putConfig(json);
            assertThat(response.status()).as(json).isEqualTo(400);
            assertThat(response.errorCode()).as(json).isEqualTo("bad_request");
            answers.add(response.errorMessage());
        }
        assertThat(answers.get(0)).contains("vpc_per_second").contains("positive");
        assertThat(answers.get(6)).contains("bucket");
        assertThat(sim.rateLimit()).as("nothing applied").isEqualTo(RateLimit.vpc(3));
        assertThat(sim.bareMetalDeleteDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void burstDefaultsToThePerSecondValueAndAtLeastOne() {
        putConfig("{\"rate_limit\": {\"vpc_per_second\": 3, \"dns_per_second\": 0.5}}");
        for (int i = 0; i < 3; i++) {
            assertThat(client.vpcGet(SERVERS).status()).isEqualTo(200);
        }
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(429);
        assertThat(client.dnsGet(RECORDS).status()).isEqualTo(200);
        SimClient.Response refused = client.dnsGet(RECORDS);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(client.admin("GET", "/sim/config", null).json().get("rate_limit"))
                .isEqualTo(json("vpc_per_second", 3, "dns_per_second", 0.5, "burst", null));
    }

    @Test
    void resetTurnsTheLimitOffAndClearsItsCounts() {
        sim.setRateLimit(RateLimit.vpc(1));
        client.vpcGet(SERVERS);
        client.vpcGet(SERVERS);
        assertThat(sim.stats().rateLimitedTotal()).isEqualTo(1);

        assertThat(client.admin("POST", "/sim/reset", null).status()).isEqualTo(204);

        assertThat(sim.rateLimit()).isNull();
        assertThat(sim.stats().rateLimitedTotal()).isZero();
        assertThat(rateLimitedStats()).containsEntry("total", 0).containsEntry("operations", Map.of());
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(200);
        assertThat(client.vpcGet(SERVERS).status()).isEqualTo(200);
    }

    @Test
    void aLimitFromTheOptionsIsWhatResetComesBackTo() {
        RateLimit startup = RateLimit.vpc(2).withDns(4).burst(1);
        try (IbmCloudSimulator limited = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).rateLimit(startup),
                NOW::get)) {
            SimClient other = new SimClient(limited);
            assertThat(other.admin("GET", "/sim/config", null).json().get("rate_limit"))
                    .isEqualTo(Map.of("vpc_per_second", 2, "dns_per_second", 4, "burst", 1));
            other.token();
            assertThat(other.vpcGet(SERVERS).status()).isEqualTo(200);
            assertThat(other.vpcGet(SERVERS).status()).isEqualTo(429);

            limited.setRateLimit(null);
            limited.reset();

            assertThat(limited.rateLimit()).isEqualTo(startup);
            assertThat(other.vpcGet(SERVERS).status()).as("full bucket after reset").isEqualTo(200);
            assertThat(other.vpcGet(SERVERS).status()).isEqualTo(429);
        }
    }

    /** On the real clock: only that a refused client gets through again once it waits, within a generous bound. */
    @Test
    void refillsOnTheRealClock() throws InterruptedException {
        try (IbmCloudSimulator real = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0)
                .rateLimit(RateLimit.vpc(2).burst(1)))) {
            SimClient other = new SimClient(real);
            other.token();
            assertThat(other.vpcGet(SERVERS).status()).isEqualTo(200);
            int refused = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int status;
            while ((status = other.vpcGet(SERVERS).status()) == 429) {
                refused++;
                assertThat(System.nanoTime()).as("a token within 20 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(status).isEqualTo(200);
            assertThat(real.stats().rateLimited(LIST_BARE_METAL_SERVERS)).isEqualTo(refused);
            assertThat(real.stats().count(LIST_BARE_METAL_SERVERS)).isEqualTo(refused + 2);
        }
    }
}
