package com.cleanupservice.schedule;

import com.cleanupservice.cleanup.CleanupEndpoints;
import com.cleanupservice.config.Settings;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.support.Refusal;
import org.apache.camel.BeanInject;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

import java.time.Duration;

/**
 * {@code direct:follow-up-pending} (ticked by routes/followup.camel.yaml): cleans the nodes that became
 * {@code cleanup_pending}, one after another. A node another run claimed meanwhile (409) or that went live is left.
 * An instance shutting down takes no node, and one it took but did not start is put back for the other instances. One
 * the blast-radius guard refuses is left failed, needing a person, rather than taken again at every look.
 */
public final class FollowUpRoutes extends RouteBuilder {
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    Settings settings;
    @BeanInject
    CleanupMetrics metrics;
    @BeanInject
    Leases leases;

    @Override
    public void configure() {
        FollowUps followUps = new FollowUps(jdbc, settings.millis("cleanup.followup.settle-ms"),
                settings.integer("cleanup.followup.batch"), metrics);

        from(ScheduleEndpoints.FOLLOW_UP_PENDING).routeId("follow-up-pending")
                .filter(e -> !leases.closing())
                    .process(followUps::take)
                    .split(body())
                        .doTry()
                            .to(CleanupEndpoints.CLEANUP_NODE)
                        .doCatch(Refusal.class)
                            .log(LoggingLevel.INFO, "Follow-up cleanup not run: ${exception.message}")
                            .process(followUps::putBackIfShuttingDown)
                            .process(followUps::heldByGuard)
                        .end()
                    .end()
                .end();
    }
}
