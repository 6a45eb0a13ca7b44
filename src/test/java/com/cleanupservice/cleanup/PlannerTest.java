package com.cleanupservice.cleanup;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.resources.Attempt;
import com.cleanupservice.resources.DependencyGraph;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.ibm.IbmClients;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order of deletions comes from the types' declared dependencies, never from the routes. */
class PlannerTest {
    private static final ResourceTypes TYPES = ResourceTypes.discover(new DefaultCamelContext(), new Settings(new DefaultCamelContext()));
    private static final CleanupRun RUN = new CleanupRun(UUID.randomUUID(), "node", "n", "test", "me", true, false,
            new WaitPolicy(Duration.ofMillis(10), Duration.ofSeconds(1), 1, Duration.ofHours(1)), null, 1);

    @Test
    void discoversTheTypesOfThisPackageAndTheirLanes() {
        assertThat(TYPES.names()).containsExactly("bare_metal_server", "dns_record", "endpoint_gateway", "floating_ip", "key",
                "load_balancer", "public_gateway", "security_group", "subnet", "subnet_reserved_ip", "virtual_network_interface");
        assertThat(new DependencyGraph(TYPES).lanes()).extracting(DependencyGraph.Lane::label).containsExactly(
                "bare_metal_server -> endpoint_gateway -> load_balancer -> virtual_network_interface -> security_group -> subnet_reserved_ip -> subnet -> public_gateway",
                "dns_record", "floating_ip", "key");
        assertThat(new DependencyGraph(TYPES).lanes().get(0).levels()).extracting(level -> level.stream().map(ResourceType::name).toList())
                .containsExactly(List.of("bare_metal_server", "endpoint_gateway", "load_balancer"), List.of("virtual_network_interface"),
                        List.of("security_group", "subnet_reserved_ip"), List.of("subnet"), List.of("public_gateway"));
    }

    @Test
    void dnsRunsBesideTheVpcChainAndPtrGoesFirst() {
        List<TrackedResource> resources = List.of(
                resource("subnet_reserved_ip", "ip-1", null), resource("dns_record", "A:1", "A"),
                resource("virtual_network_interface", "vni-1", null), resource("dns_record", "PTR:1", "PTR"),
                resource("bare_metal_server", "bms-1", null), resource("subnet_reserved_ip", "ip-2", null));

        NodePlan plan = new Planner(TYPES).plan(RUN, null, "d", resources);

        assertThat(plan.lanes()).hasSize(2);
        assertThat(steps(plan.lanes().get(0))).containsExactly(List.of("bms-1"), List.of("vni-1"), List.of("ip-1", "ip-2"));
        assertThat(steps(plan.lanes().get(1))).containsExactly(List.of("PTR:1"), List.of("A:1"));
        assertThat(plan.size()).isEqualTo(6);
    }

    @Test
    void anARecordWaitsOnlyForThePtrRecordsPointingAtIt() {
        List<TrackedResource> resources = List.of(
                dns("A:a", "A", "a.example", "10.0.0.1"), dns("PTR:a", "PTR", "1.0.0.10.in-addr.arpa", "A.example."),
                dns("A:b", "A", "b.example", "10.0.0.2"), dns("AAAA:b", "AAAA", "b.example", "::2"),
                dns("A:c", "A", "c.example", "10.0.0.3"));

        NodePlan plan = new Planner(TYPES).plan(RUN, null, "d", resources);

        assertThat(plan.lanes()).extracting(PlannerTest::steps).containsExactly(
                List.of(List.of("PTR:a"), List.of("A:a")),
                List.of(List.of("A:b", "AAAA:b")),
                List.of(List.of("A:c")));
    }

    @Test
    void aPtrRecordWithoutATargetGoesBeforeEveryARecord() {
        NodePlan plan = new Planner(TYPES).plan(RUN, null, "d",
                List.of(dns("A:a", "A", "a.example", "10.0.0.1"), dns("PTR:x", "PTR", "9.0.0.10.in-addr.arpa", null)));

        assertThat(plan.lanes()).extracting(PlannerTest::steps).containsExactly(List.of(List.of("PTR:x"), List.of("A:a")));
    }

    @Test
    void aMissingMiddleTypeDoesNotMergeSteps() {
        NodePlan plan = new Planner(TYPES).plan(RUN, null, "d",
                List.of(resource("subnet_reserved_ip", "ip-1", null), resource("bare_metal_server", "bms-1", null)));

        assertThat(steps(plan.lanes().get(0))).containsExactly(List.of("bms-1"), List.of("ip-1"));
    }

    @Test
    void aDependencyCycleOrADuplicateNameFailsAtStartup() {
        assertThatThrownBy(() -> new ResourceTypes(List.of(new Fake("a", Set.of("b")), new Fake("b", Set.of("a")))))
                .hasMessageContaining("cycle");
        assertThatThrownBy(() -> new ResourceTypes(List.of(new Fake("a", Set.of()), new Fake("a", Set.of()))))
                .hasMessageContaining("registered twice");
        assertThatThrownBy(() -> new ResourceTypes(List.of(new Fake("a", Set.of("ghost")))))
                .hasMessageContaining("unknown type 'ghost'");
    }

    @Test
    void unrelatedTypesGetLanesOfTheirOwn() {
        ResourceTypes types = new ResourceTypes(List.of(new Fake("a", Set.of()), new Fake("b", Set.of("a")), new Fake("c", Set.of())));

        List<DependencyGraph.Lane> lanes = new DependencyGraph(types).lanes();

        assertThat(lanes).extracting(DependencyGraph.Lane::label).containsExactly("a -> b", "c");
    }

    private static List<List<String>> steps(LaneRun lane) {
        return lane.steps().stream().map(s -> s.resources().stream().map(TrackedResource::ibmId).toList()).toList();
    }

    private static TrackedResource dns(String id, String kind, String name, String rdata) {
        return new TrackedResource(TYPES.get("dns_record"), 1, id, name, "n", "d", "zone", "instance", kind, rdata, LedgerState.PRESENT, 0);
    }

    private static TrackedResource resource(String type, String id, String kind) {
        return new TrackedResource(TYPES.get(type), 1, id, id, "n", "d", null, null, kind, null, LedgerState.PRESENT, 0);
    }

    /** A type that exists only for graph tests; never registered in the application. */
    private record Fake(String name, Set<String> deleteAfter) implements ResourceType {
        public com.cleanupservice.resources.Declaration declaration() {
            return com.cleanupservice.resources.Declaration.of(name, name, name + "_deletion", IbmApi.VPC)
                    .after(deleteAfter.toArray(String[]::new));
        }

        public com.cleanupservice.resources.Rows rows() {
            return com.cleanupservice.resources.TrackedTable.of("fake_" + name, "fake_id", "fake_name");
        }

        public Attempt delete(IbmClients ibm, TrackedResource resource) {
            return Attempt.deleted("fake");
        }

        public Attempt probe(IbmClients ibm, TrackedResource resource) {
            return Attempt.alreadyGone("fake");
        }

        public boolean track(com.cleanupservice.persistence.Jdbc.Tx tx, String node, String deployment, String id,
                             java.util.Map<String, String> details) {
            return false;
        }
    }
}
