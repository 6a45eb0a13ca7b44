package com.cleanupservice.cleanup;

import com.cleanupservice.config.Settings;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The splits' folds in a Camel context of their own (no application): a lane's steps run as {@code run-lane} runs
 * them, each task's part ending in an immutable result — or in a dead letter channel, or in nothing — and the lane's
 * progress carries every recorded result in plan order, the route going on after each split.
 */
class FoldTest {
    private static final ResourceTypes TYPES = ResourceTypes.discover(new DefaultCamelContext(), new Settings(new DefaultCamelContext()));

    @Test
    void aLaneFoldsEveryRecordedResultInPlanOrderAndTellsTheNextStepThatOneFailed() throws Exception {
        // two steps: three VNIs, then three reserved IPs (which come after the VNIs)
        List<TrackedResource> resources = new ArrayList<>();
        IntStream.range(0, 3).forEach(i -> resources.add(resource("virtual_network_interface", i)));
        IntStream.range(0, 3).forEach(i -> resources.add(resource("subnet_reserved_ip", 10 + i)));
        NodePlan plan = new Planner(TYPES).plan(run(), null, "d", resources);
        assertThat(plan.lanes()).hasSize(1);
        LaneRun lane = plan.lanes().get(0);
        assertThat(lane.steps()).hasSize(2);

        List<Boolean> dependencyFailed = java.util.Collections.synchronizedList(new ArrayList<>());
        try (CamelContext camel = new DefaultCamelContext()) {
            // a lambda, not a RouteBuilder class: camel-main's package scan would start it in every application a test boots
            RouteBuilder.addRoutes(camel, rb -> {
                rb.from("direct:run-lane")
                        .setBody(e -> LaneProgress.start(e.getIn().getBody(LaneRun.class)))
                        .loopDoWhile(e -> e.getIn().getBody(LaneProgress.class).hasNextStep())
                            .split(rb.simple("${body.nextTasks}"), Fold.step()).parallelProcessing()
                                .to("direct:delete")
                            .end()
                            .setBody(e -> e.getIn().getBody(LaneProgress.class).stepDone())
                        .end()
                        .setHeader("after", rb.constant(true));

                // the first VNI fails for good: its result comes from the dead letter route; the last IP is not recorded
                rb.from("direct:delete").errorHandler(rb.deadLetterChannel("direct:dead").deadLetterHandleNewException(true))
                        .process(e -> {
                            DeleteTask task = e.getIn().getBody(DeleteTask.class);
                            dependencyFailed.add(task.dependencyFailed());
                            if (task.resource().trackedId() == 0) {
                                throw new IllegalStateException("IBM said no");
                            }
                            e.getIn().setBody(task.resource().trackedId() == 12 ? null : result(task, Outcome.DELETED));
                        });
                rb.from("direct:dead")
                        .process(e -> e.getIn().setBody(result(e.getIn().getBody(DeleteTask.class), Outcome.FAILED)));
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();

            Exchange done = producer.send("direct:run-lane", e -> e.getIn().setBody(lane));

            assertThat(done.getException()).isNull();
            assertThat(done.getIn().getHeader("after", Boolean.class)).as("the route goes on after a part the dead letter channel handled").isTrue();
            LaneProgress progress = done.getIn().getBody(LaneProgress.class);
            assertThat(progress.stepsDone()).isEqualTo(2);
            assertThat(progress.done().results()).extracting(r -> r.resource().trackedId()).containsExactly(0L, 1L, 2L, 10L, 11L);
            assertThat(progress.done().results()).extracting(OperationResult::outcome)
                    .containsExactly(Outcome.FAILED, Outcome.DELETED, Outcome.DELETED, Outcome.DELETED, Outcome.DELETED);
            assertThat(progress.done().failed()).isTrue();
            assertThat(dependencyFailed).as("the first step's tasks, then the second's, which know the first failed")
                    .containsExactly(false, false, false, true, true, true);
        }
    }

    @Test
    void aPlanFoldsItsLanesAndAnEmptyOneHasNoResults() {
        assertThat(Deletions.of(null).results()).isEmpty();
        Deletions a = Deletions.NONE.plus(new OperationResult(resource("virtual_network_interface", 1), Outcome.DELETED, "m", null, null, 1, 1, null, 3, false));
        Deletions b = Deletions.NONE.plus(new OperationResult(resource("dns_record", 2), Outcome.BLOCKED, "m", "e", 409, 1, 1, null, 1, false));
        Deletions both = a.plus(b);
        assertThat(both.results()).extracting(OperationResult::sequence).containsExactly(1, 3);
        assertThat(both.failed()).isTrue();
        assertThat(a.failed()).isFalse();
        assertThat(a.results()).hasSize(1); // folding made a new value; the old one is as it was
    }

    private static OperationResult result(DeleteTask task, Outcome outcome) {
        return new OperationResult(task.resource(), outcome, outcome.name(), outcome.success() ? null : "e", null, 1, 1, null,
                task.sequence(), !outcome.success());
    }

    private static CleanupRun run() {
        return new CleanupRun(UUID.randomUUID(), "node", "n", "test", "me", false, false,
                new WaitPolicy(Duration.ofMillis(10), Duration.ofSeconds(1), 1, Duration.ofHours(1)), null, 1);
    }

    private static TrackedResource resource(String type, long id) {
        return new TrackedResource(TYPES.get(type), id, type + "-" + id, type + "-" + id, "n", "d", null, null, null, null, LedgerState.PRESENT, 0);
    }
}
