package com.cleanupservice.validation;

import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmCalls;
import com.cleanupservice.resources.Attempt;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.TrackedResource;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks' order, statuses and messages, and the lookups' concurrency and time limits, with stand-in types. */
class ChecksTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CamelContext camel = new DefaultCamelContext();
    private IbmCalls calls;

    @AfterEach
    void stop() {
        release.countDown();
        if (calls != null) {
            calls.close();
        }
        camel.stop();
    }

    @Test
    void checksFollowTheTypesReportOrderThenTheirNames() {
        List<ResourceType> types = List.of(type("zz_widget", "widgets", r -> null), type("ip", "ip_reservations", r -> null),
                type("dns", "dns_records", r -> null), type("aa_gadget", "gadgets", r -> null),
                type("vni", "virtual_network_interfaces", r -> null), type("server", "bare_metal_server", r -> null));

        assertThat(new Checks(types).names()).containsExactly("bare_metal_server", "virtual_network_interfaces",
                "dns_records", "ip_reservations", "gadgets", "widgets");
    }

    @Test
    void aCheckWithNothingTrackedPasses() {
        List<Check> checks = new Checks(List.of(type("vni", "virtual_network_interfaces", r -> null),
                type("dns", "dns_records", r -> null))).of(List.of());

        assertThat(checks).extracting(Check::status).containsOnly(CheckStatus.PASS);
        assertThat(checks.get(0).message()).isEqualTo("No virtual network interfaces tracked");
        assertThat(Checks.allPass(checks)).isTrue();
    }

    @Test
    void aTypeTheSeedDidNotKnowIsCheckedOnlyWhereItHasResources() {
        ResourceType gadgets = type("gadget", "gadgets", ChecksTest::byId);
        Checks checks = new Checks(List.of(type("vni", "virtual_network_interfaces", r -> null), gadgets));

        assertThat(checks.of(List.of())).extracting(Check::name).containsExactly("virtual_network_interfaces");
        assertThat(checks.of(List.of(LookupResult.of(resource(gadgets, "gone"), Attempt.alreadyGone("gone")))))
                .extracting(Check::name).containsExactly("virtual_network_interfaces", "gadgets");
    }

    @Test
    void onlyA404PassesAndAnythingStillThereFails() {
        ResourceType dns = type("dns", "dns_records", ChecksTest::byId);
        ResourceType server = type("server", "bare_metal_server", ChecksTest::byId);
        ResourceType ip = type("ip", "ip_reservations", ChecksTest::byId);
        ResourceType vni = type("vni", "virtual_network_interfaces", ChecksTest::byId);
        Lookups lookups = lookups(4, Duration.ofSeconds(10), Duration.ofSeconds(10));

        List<Check> checks = new Checks(List.of(dns, server, ip, vni)).of(lookups.await(lookups.start(List.of(
                resource(server, "boom-1"),
                resource(vni, "gone-1"), resource(vni, "gone-2"),
                resource(dns, "gone-3"), resource(dns, "there-1"), resource(dns, "boom-2"),
                resource(ip, "gone-4"), resource(ip, "odd-1")))));

        assertThat(checks).extracting(Check::name, Check::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("bare_metal_server", CheckStatus.ERROR),
                org.assertj.core.groups.Tuple.tuple("virtual_network_interfaces", CheckStatus.PASS),
                org.assertj.core.groups.Tuple.tuple("dns_records", CheckStatus.FAIL),
                org.assertj.core.groups.Tuple.tuple("ip_reservations", CheckStatus.ERROR));
        assertThat(checks.get(0).message()).isEqualTo("Could not validate bare metal server boom-1: unexpected error: simulated outage");
        assertThat(checks.get(1).message()).isEqualTo("All virtual network interfaces successfully deleted (2 of 2 not found)");
        assertThat(checks.get(2).message()).isEqualTo("1 of 3 DNS records still exist: there-1 still exists (status deleting)"
                + "; could not validate 1 more: unexpected error: simulated outage");
        // a probe answer that is not a 404 is never taken for one
        assertThat(checks.get(3).message()).startsWith("Could not validate 1 of 2 IP reservations: unexpected lookup result SKIPPED");
        assertThat(Checks.allPass(checks)).isFalse();

        Map<String, Object> json = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(checks.get(2).toJson(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        assertThat(json).containsKeys("check", "status", "message", "resources");
        assertThat(checks.get(2).resources()).extracting(LookupResult::status)
                .containsExactly(CheckStatus.PASS, CheckStatus.FAIL, CheckStatus.ERROR);
    }

    @Test
    void theLookupsOfANodeRunSideBySide() {
        CountDownLatch allRunning = new CountDownLatch(4);
        ResourceType vni = type("vni", "virtual_network_interfaces", r -> {
            allRunning.countDown();
            try {
                // only reached by all four if they run at the same time
                return allRunning.await(10, TimeUnit.SECONDS) ? Attempt.alreadyGone(r.ibmId() + " not found")
                        : Attempt.stillPresent("ran alone");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Lookups lookups = lookups(4, Duration.ofSeconds(30), Duration.ofSeconds(30));

        List<LookupResult> results = lookups.await(lookups.start(List.of(resource(vni, "a"), resource(vni, "b"),
                resource(vni, "c"), resource(vni, "d"))));

        assertThat(results).extracting(LookupResult::status).containsOnly(CheckStatus.PASS);
    }

    @Test
    void aLookupWithoutAnAnswerInTimeIsAnError() {
        ResourceType server = type("server", "bare_metal_server", r -> hang());
        Lookups lookups = lookups(2, Duration.ofSeconds(30), Duration.ofMillis(200));

        LookupResult result = lookups.await(lookups.start(List.of(resource(server, "slow"))).get(0));

        assertThat(result.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(result.message()).contains("no answer from IBM Cloud within 200 ms");
    }

    @Test
    void aLookupThatCannotGetAThreadInTimeIsAnError() {
        ResourceType server = type("server", "bare_metal_server", r -> hang());
        Lookups lookups = lookups(1, Duration.ofMillis(200), Duration.ofSeconds(30));
        List<Lookups.Pending> pending = lookups.start(List.of(resource(server, "first"), resource(server, "queued")));

        LookupResult queued = lookups.await(pending.get(1));

        assertThat(queued.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(queued.message()).contains("no free VPC API thread within 200 ms");
    }

    private Attempt hang() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Attempt.alreadyGone("released");
    }

    private static Attempt byId(TrackedResource r) {
        String id = r.ibmId();
        if (id.startsWith("gone")) {
            return Attempt.alreadyGone(id + " not found (successfully deleted)");
        }
        if (id.startsWith("there")) {
            return Attempt.stillPresent(id + " still exists (status deleting)");
        }
        if (id.startsWith("odd")) {
            return Attempt.skipped("nothing to do");
        }
        throw new IllegalStateException("simulated outage");
    }

    private Lookups lookups(int threads, Duration queue, Duration call) {
        calls = new IbmCalls(camel, null, Map.of(IbmApi.VPC, threads, IbmApi.DNS, threads), 1);
        return new Lookups(calls, queue, call);
    }

    private static TrackedResource resource(ResourceType type, String id) {
        return new TrackedResource(type, 1, id, id, "node", "deployment", null, null, null, null, LedgerState.GONE, 0);
    }

    /** What validation reads of a type, as the real types declare it: the seed's order, then 100; their words. */
    private static com.cleanupservice.resources.Declaration declaration(String name, String check) {
        var declaration = com.cleanupservice.resources.Declaration.of(name, check, name + "_deletion", IbmApi.VPC)
                .label(switch (check) {
                    case "dns_records" -> "DNS records";
                    case "ip_reservations" -> "IP reservations";
                    default -> check.replace('_', ' ');
                });
        int seedOrder = List.of("bare_metal_server", "virtual_network_interfaces", "dns_records", "ip_reservations").indexOf(check);
        return seedOrder < 0 ? declaration : declaration.seed(seedOrder + 1);
    }

    /** A stand-in type answering only what validation asks; a proxy, so new interface methods need no change here. */
    private static ResourceType type(String name, String check, Function<TrackedResource, Attempt> probe) {
        return (ResourceType) Proxy.newProxyInstance(ChecksTest.class.getClassLoader(), new Class<?>[] {ResourceType.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "declaration" -> declaration(name, check);
                    case "facet" -> java.util.Optional.empty();
                    case "probe" -> probe.apply((TrackedResource) args[1]);
                    case "toString" -> name;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("validation does not call " + method.getName());
                });
    }
}
