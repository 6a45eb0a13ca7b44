package com.cleanupservice.cleanup;

import com.cleanupservice.config.Settings;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a run's blocker is to it: still being deleted, done, not done, or not the run's. */
class RunDeletionsTest {
    private static final ResourceTypes TYPES = ResourceTypes.discover(new DefaultCamelContext(), new Settings(new DefaultCamelContext()));
    private static final CleanupRun RUN = new CleanupRun(UUID.randomUUID(), "deployment", "d", "test", "me", false, false,
            new WaitPolicy(Duration.ofMillis(10), Duration.ofSeconds(1), 1, Duration.ofHours(1)), null, 1);

    @Test
    void aBlockerIsTheRunsWhileAPlanHoldsItAndEndsAsItsDeletionEnded() {
        RunDeletions deletions = new RunDeletions(2); // a deployment of two nodes
        NodePlan first = plan("n1", resource("virtual_network_interface", "vni-1"), resource("subnet_reserved_ip", "ip-1"));

        first.share(deletions);

        assertThat(deletions.of("vni-1")).isEqualTo(RunDeletions.Blocker.UNDER_WAY);
        assertThat(deletions.of("vni-unknown")).as("the second node's plan may still hold it").isEqualTo(RunDeletions.Blocker.UNDER_WAY);
        deletions.notPlanned(); // the second node broke off before its plan
        assertThat(deletions.of("vni-unknown")).isEqualTo(RunDeletions.Blocker.UNTRACKED);
        deletions.finished("vni-1", Outcome.DELETED);
        deletions.finished("ip-1", Outcome.FAILED);
        assertThat(deletions.of("vni-1")).isEqualTo(RunDeletions.Blocker.DONE);
        assertThat(deletions.of("ip-1")).isEqualTo(RunDeletions.Blocker.NOT_DONE);
    }

    @Test
    void aBlockerLaterInTheWaitersOwnLaneIsNeverWaitedFor() {
        RunDeletions deletions = new RunDeletions(1);
        TrackedResource vni = resource("virtual_network_interface", "vni-2");
        TrackedResource ip = resource("subnet_reserved_ip", "ip-2");
        NodePlan plan = plan("n2", vni, ip);
        plan.share(deletions);
        int vniSequence = sequenceOf(plan, vni);
        int ipSequence = sequenceOf(plan, ip);

        assertThat(deletions.comesAfter("ip-2", vni, vniSequence)).as("the reserved IP goes after the VNI").isTrue();
        assertThat(deletions.comesAfter("vni-2", ip, ipSequence)).isFalse();
        assertThat(deletions.comesAfter("vni-other", ip, ipSequence)).isFalse();
    }

    private static NodePlan plan(String node, TrackedResource... resources) {
        return new Planner(TYPES).plan(RUN, new NodeRef(1, node, "d", "failed"), "d", List.of(resources));
    }

    private static int sequenceOf(NodePlan plan, TrackedResource r) {
        for (LaneRun lane : plan.lanes()) {
            for (LaneRun.StepRun step : lane.steps()) {
                int i = step.resources().indexOf(r);
                if (i >= 0) {
                    return step.firstSequence() + i;
                }
            }
        }
        throw new AssertionError(r + " not planned");
    }

    private static TrackedResource resource(String type, String id) {
        return new TrackedResource(TYPES.get(type), 1, id, id, "n", "d", null, null, null, null, LedgerState.PRESENT, 0);
    }
}
