package com.cleanupservice.cleanup;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.resources.Attempt;
import com.cleanupservice.resources.Declaration;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.Rows;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.resources.TrackedTable;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "A cycle is refused at plan time" (issue #25): the types are fixed when the service starts, and so is the graph of
 * their dependencies: the type registry checks it as it is made ({@code ResourceTypes.discover}, at start), so a cycle
 * stops the service from starting, naming a type of it; no plan, dry run or script is ever made from a graph with a
 * cycle, and no request can meet one.
 */
class PlanCycleTest {

    @Test
    void aCycleAmongTypesIsRefusedWhenTheTypesAreRegistered() {
        ResourceTypes discovered = ResourceTypes.discover(new DefaultCamelContext(), new Settings(new DefaultCamelContext()));

        assertThatThrownBy(() -> discovered.with(new Fake("cycle_a", "cycle_b"), new Fake("cycle_b", "cycle_a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("resource type dependencies form a cycle through 'cycle_[ab]'");
    }

    @Test
    void theSameTypesWithoutTheCycleArePlanned() {
        ResourceTypes types = ResourceTypes.discover(new DefaultCamelContext(), new Settings(new DefaultCamelContext()))
                .with(new Fake("cycle_a", "cycle_b"), new Fake("cycle_b", "security_group"));

        assertThat(new Planner(types)).isNotNull();
    }

    /** A type only for this graph test, in the shared ledger (no table of its own). */
    private record Fake(String name, String after) implements ResourceType {
        public Declaration declaration() {
            return Declaration.of(name, name, name + "_deletion", IbmApi.VPC).after(after);
        }

        public Rows rows() {
            return TrackedTable.sharedLedger();
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
