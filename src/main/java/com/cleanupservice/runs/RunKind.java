package com.cleanupservice.runs;

import com.cleanupservice.guard.BlastRadius;

import org.apache.camel.Exchange;

import java.util.UUID;

/**
 * A kind of run a feature offers the run queue: the feature registers it ({@link RunQueue#register}) when its routes
 * are configured, so the queue carries out runs of features above it without naming them.
 *
 * @param name     the run's {@code kind} ({@code cleanup_runs.kind}, {@code GET /api/cleanup/runs?kind=})
 * @param title    what the 202 says runs in the background ("node cleanup", "drift report")
 * @param endpoint the endpoint that carries a run out, a constant of the package consuming it; stored with the run, so
 *                 whichever instance claims the run finds its kind
 * @param body     what the endpoint takes: an accepted body must be one, and a stored body is read back as one
 * @param claimed  how the body of a claimed run learns which run it is
 */
public record RunKind<T>(String name, String title, String endpoint, Class<T> body, Claimed<T> claimed) {

    /** A claimed run's body, made ready for its endpoint: told its run, or the exchange told the run's id. */
    @FunctionalInterface
    public interface Claimed<T> {
        T start(T body, UUID runId, long epoch, Exchange exchange);
    }

    /** The body of a run that records its progress on the run itself, given the run and its epoch. */
    @FunctionalInterface
    public interface Recorder<T> {
        T withRun(T body, UUID runId, long epoch);
    }

    public RunKind {
        if (name == null || title == null || endpoint == null || body == null || claimed == null) {
            throw new IllegalArgumentException("a run kind needs its name, title, endpoint, body type and start");
        }
    }

    /** A kind whose endpoint records its progress on the very run (a node or deployment cleanup). */
    public static <T> RunKind<T> recording(String name, String title, String endpoint, Class<T> body, Recorder<T> recorder) {
        return new RunKind<>(name, title, endpoint, body, (b, runId, epoch, exchange) -> recorder.withRun(b, runId, epoch));
    }

    /**
     * A kind whose endpoint starts runs of its own (a batch, a sweep): the exchange property {@code parentProperty}
     * holds the run's id, so they become its children and its progress is theirs summed.
     */
    public static <T> RunKind<T> parent(String name, String title, String endpoint, Class<T> body, String parentProperty) {
        return new RunKind<>(name, title, endpoint, body, (b, runId, epoch, exchange) -> {
            exchange.setProperty(parentProperty, runId);
            // accepted earlier: what was confirmed then is a ceiling for the blast-radius guard (it may be resumed)
            exchange.setProperty(BlastRadius.ACCEPTED_RUN, true);
            return b;
        });
    }

    /** The stored body read back, made ready for this run. */
    Object start(Object stored, UUID runId, long epoch, Exchange exchange) {
        return claimed.start(body.cast(stored), runId, epoch, exchange);
    }
}
