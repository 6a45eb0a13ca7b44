package com.cleanupservice.schedule;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.api.schema.OrphanSweepResult;
import com.cleanupservice.report.Response;
import io.micrometer.core.instrument.Counter;
import com.cleanupservice.support.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import java.util.List;

/**
 * The Quartz side of a sweep: turns a tick into a sweep request (the configured age, trigger "schedule") and keeps
 * the last ticks this instance fired, with the tick each one was scheduled for, so an operator (or a test) can see
 * which instance of the cluster ran which tick.
 */
public final class ScheduledSweeps {
    static final String SCHEDULED_FOR = "cleanupSweepScheduledFor";
    static final String FIRED_AT = "cleanupSweepFiredAt";
    static final String INSTANCE = "cleanupSweepInstance";
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledSweeps.class);
    private static final int KEPT = 100;

    /** One tick fired here. {@code status} is the sweep's HTTP-like status (200, 207, 500 when it broke off). */
    public record Tick(String instanceId, Instant scheduledFor, Instant firedAt, Instant finishedAt, int status,
                       int nodes, int failedNodes, String error) {
    }

    private final int maxAgeHours;
    private final Deque<Tick> recent = new ArrayDeque<>();
    /** {@code cleanup_sweep_ticks_total{kind="orphan_sweep", outcome}}: every tick this instance's Quartz fired. */
    private final Counter swept;
    private final Counter partial;
    private final Counter failed;
    private final Counter skipped;
    private final Counter refused;

    public ScheduledSweeps(int maxAgeHours) {
        this(maxAgeHours, CleanupMetrics.none());
    }

    public ScheduledSweeps(int maxAgeHours, CleanupMetrics metrics) {
        this.maxAgeHours = maxAgeHours;
        this.swept = metrics.sweepTick(KIND, "swept");
        this.partial = metrics.sweepTick(KIND, "partial");
        this.failed = metrics.sweepTick(KIND, "failed");
        this.skipped = metrics.sweepTick(KIND, "skipped");
        this.refused = metrics.sweepTick(KIND, "refused");
    }

    static final String KIND = "orphan_sweep";

    public int maxAgeHours() {
        return maxAgeHours;
    }

    /** The last ticks this instance fired, oldest first. */
    public synchronized List<Tick> recent() {
        return List.copyOf(recent);
    }

    /** First step of a tick: its times kept, Quartz's headers dropped (they must not reach the pipeline), the age as body. */
    public void begin(Exchange exchange) {
        Message in = exchange.getIn();
        exchange.setProperty(SCHEDULED_FOR, instant(in.getHeader("scheduledFireTime", Date.class)));
        exchange.setProperty(FIRED_AT, instant(in.getHeader("fireTime", Date.class)));
        exchange.setProperty(INSTANCE, instanceId(in.getHeader("scheduler", Scheduler.class)));
        exchange.setProperty(OrphanSweep.TRIGGER, "schedule");
        in.removeHeaders("*");
        in.setBody(maxAgeHours);
    }

    public void finished(Exchange exchange) {
        Response response = exchange.getIn().getBody(Response.class);
        OrphanSweepResult sweep = (OrphanSweepResult) response.body();
        int nodes = sweep.orphaned_nodes_cleaned();
        int failed = sweep.failed_nodes();
        LOG.debug("Scheduled orphan sweep for {} done: {} node(s), {} failed", exchange.getProperty(SCHEDULED_FOR), nodes, failed);
        (response.status() == 200 ? swept : partial).increment();
        add(exchange, response.status(), nodes, failed, null);
    }

    /** A tick the sweep guard refused here (a sweep is running, or another instance ran this tick). */
    public void skipped(Exchange exchange) {
        skipped.increment();
    }

    /** A sweep the blast-radius guard refused: it did nothing (its run record says why); the next tick counts again. */
    public void refused(Exchange exchange, com.cleanupservice.support.Refusal refusal) {
        refused.increment();
        add(exchange, refusal.status(), 0, 0, refusal.getMessage());
    }

    /** A sweep that broke off (database down): logged and kept; the next tick tries again. */
    public void failed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        this.failed.increment();
        add(exchange, 500, 0, 0, Incident.report(LOG, "Scheduled orphan sweep for " + exchange.getProperty(SCHEDULED_FOR)
                + " failed; the next tick tries again", error).message());
    }

    private synchronized void add(Exchange exchange, int status, int nodes, int failed, String error) {
        if (recent.size() == KEPT) {
            recent.removeFirst();
        }
        recent.addLast(new Tick(exchange.getProperty(INSTANCE, String.class), exchange.getProperty(SCHEDULED_FOR, Instant.class),
                exchange.getProperty(FIRED_AT, Instant.class), Instant.now(), status, nodes, failed, error));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String instanceId(Scheduler scheduler) {
        try {
            return scheduler == null ? null : scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return null;
        }
    }
}
