package com.cleanupservice.runs;

import com.cleanupservice.runs.store.RunRecords;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run queue's registry of kinds: what features register, and what it refuses. Boots nothing. */
class RunKindTest {
    private static final String PARENT = "parentRun";

    /** A queue with nothing behind it: registration and the checks before any write need none. */
    private static RunQueue queue() {
        return new RunQueue(null, new RunRecords(null, null, null), null, null, "test", null, 1);
    }

    @Test
    void aNameOrAnEndpointRegisteredTwiceFailsTheStart() {
        RunQueue queue = queue();
        queue.register(RunKind.parent("batch", "batch cleanup", "direct:run-batch", Map.class, PARENT));

        assertThatThrownBy(() -> queue.register(RunKind.parent("batch", "batch cleanup", "direct:other", Map.class, PARENT)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("run kind batch registered twice")
                .hasMessageContaining("direct:run-batch").hasMessageContaining("direct:other");
        assertThatThrownBy(() -> queue.register(RunKind.parent("sweep", "sweep", "direct:run-batch", Integer.class, PARENT)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("endpoint direct:run-batch registered twice");
    }

    @Test
    void onlyARegisteredKindWithItsOwnEndpointAndBodyIsAccepted() {
        RunQueue queue = queue();
        queue.register(RunKind.parent("orphaned", "orphaned cleanup", "direct:sweep-orphans", Integer.class, PARENT));

        // refused before anything is written (the queue has no database: a write would fail otherwise)
        assertThatThrownBy(() -> queue.accept("drift", "node n", "api", "direct:drift-report", Map.of(), false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an asynchronous entry point");
        assertThatThrownBy(() -> queue.accept("batch", "x", "api", "direct:sweep-orphans", 24, false, false))
                .as("another kind's endpoint").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.accept("orphaned", "x", "api", "direct:sweep-orphans", "24", false, false))
                .as("a body of another type").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClaimedRunsBodyLearnsItsRunOrTheExchangeDoes() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        UUID runId = UUID.randomUUID();

        RunKind<String> recording = RunKind.recording("node", "node cleanup", "direct:x", String.class,
                (body, id, epoch) -> body + "@" + id + "#" + epoch);
        assertThat(recording.start("n1", runId, 7, exchange)).isEqualTo("n1@" + runId + "#7");
        assertThat(exchange.getProperty(PARENT)).as("a run recording itself is no parent").isNull();

        RunKind<Integer> parent = RunKind.parent("orphaned", "orphaned cleanup", "direct:y", Integer.class, PARENT);
        assertThat(parent.start(24, runId, 7, exchange)).isEqualTo(24);
        assertThat(exchange.getProperty(PARENT)).as("the runs it starts are its children").isEqualTo(runId);

        assertThatThrownBy(() -> parent.start("24", runId, 7, exchange)).as("a stored body of another type")
                .isInstanceOf(ClassCastException.class);
    }
}
