package com.cleanupservice.shutdown;

import com.cleanupservice.config.Settings;
import com.cleanupservice.lease.Leases;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How an instance stops: it drains, then Camel stops. On SIGTERM camel-main's JVM shutdown hook ends the main loop,
 * which stops the Camel context (a test's {@code Main.stop()} does the same); the context calls
 * {@link #onContextStopping} first, before any route, consumer, pool, the HTTP server or the database stops, and the
 * drain runs there, on the stopping thread, in this order:
 * <ol>
 * <li>no new work: {@link Leases#close} — readiness DOWN ({@link DrainingHealthCheck}), the API answers changing
 * requests 503 with {@code Retry-After}, and nothing claims anything more (the run poller, the inbox, sweeps and
 * their guard, follow-ups and every cleanup ask {@link Leases#closing} before claiming);</li>
 * <li>the Quartz scheduler on standby, so a tick due now fires on another instance instead of being skipped here;</li>
 * <li>everything held handed back ({@link Leases#handOver}): every lease stopped at once (no IBM call starts under
 * it), the calls under way waited for until {@code cleanup.shutdown.drain-ms} (their results recorded), then each
 * lease given back in the database under its epoch — node claims, runs, inbox files, the sweep guard — so another
 * instance takes each over at its next poll.</li>
 * </ol>
 * Camel then stops what is left (exchanges still in flight only end, within {@code camel.main.shutdown-timeout}),
 * and the process exits.
 */
public final class Drain extends LifecycleStrategySupport {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    private final Leases leases;
    private final Duration bound;
    private final AtomicBoolean started = new AtomicBoolean();

    /** {@code bound}: how long calls under way are waited for before what they run under is handed back anyway. */
    public Drain(Leases leases, Duration bound) {
        this.leases = leases;
        this.bound = bound;
    }

    /** {@code cleanup.shutdown.drain-ms}, checked against how long camel-main's shutdown hook waits for the stop. */
    public static Duration bound(Settings settings) {
        Duration bound = settings.positiveMillis("cleanup.shutdown.drain-ms");
        // the hook lets the JVM exit after extra-shutdown-timeout + shutdown-timeout, stopped or not
        long hookSeconds = settings.longValue("camel.main.extra-shutdown-timeout") + settings.longValue("camel.main.shutdown-timeout");
        if (bound.plusSeconds(2).compareTo(Duration.ofSeconds(hookSeconds)) > 0) {
            LOG.warn("cleanup.shutdown.drain-ms ({} ms) leaves too little of the {} s camel-main's shutdown hook waits "
                    + "(camel.main.extra-shutdown-timeout + camel.main.shutdown-timeout): the JVM may exit before what this "
                    + "instance holds is handed back (it then expires after cleanup.lease.ms)", bound.toMillis(), hookSeconds);
        }
        return bound;
    }

    @Override
    public void onContextStopping(CamelContext context) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Instant start = Instant.now();
        leases.close();
        LOG.info("Shutting down: readiness DOWN, no new work taken here; handing back what this instance holds "
                + "(IBM calls under way waited for up to {} ms)", bound.toMillis());
        standBy(context);
        Leases.HandOver handOver = leases.handOver(bound);
        LOG.info("Drained in {} ms: {} lease(s) handed back ({} ended or taken over meanwhile, {} not handed back), "
                        + "{} ms waiting for IBM calls, {} call(s) still under way; other instances go on with the work",
                Duration.between(start, Instant.now()).toMillis(), handOver.handedBack(), handOver.notOurs(), handOver.failed(),
                handOver.waited().toMillis(), handOver.callsCutOff());
    }

    /** Whether the drain began (it begins once, at the first stop). */
    public boolean started() {
        return started.get();
    }

    /** The orphan sweep's scheduler (clustered) fires nothing more here: a due tick goes to another instance. */
    private static void standBy(CamelContext context) {
        QuartzComponent quartz = context.getRegistry().lookupByNameAndType("quartz", QuartzComponent.class);
        Scheduler scheduler = quartz == null ? null : quartz.getScheduler();
        try {
            if (scheduler != null && scheduler.isStarted() && !scheduler.isInStandbyMode()) {
                scheduler.standby();
            }
        } catch (SchedulerException e) {
            LOG.warn("The orphan sweep's scheduler could not be put on standby ({}); a tick it fires now is refused here", e.getMessage());
        }
    }
}
