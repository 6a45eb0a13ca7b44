package com.cleanupservice.schedule;

import com.cleanupservice.config.Settings;
import com.cleanupservice.metrics.CleanupMetrics;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The orphan sweep's schedule: the {@code quartz} component on a clustered job store in the service's database
 * (see {@link ClusteredSchedulerFactory}), started only where the sweep is enabled, so an instance with
 * {@code cleanup.orphan-sweep.enabled=false} never fires a tick. The route itself is {@code routes/schedule.camel.yaml}.
 */
public final class SweepConfiguration implements CamelConfiguration {
    static final String ENABLED = "cleanup.orphan-sweep.enabled";
    static final String MAX_AGE = "cleanup.orphan-sweep.max-age-hours";
    private static final Logger LOG = LoggerFactory.getLogger(SweepConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        boolean enabled = settings.bool(ENABLED);
        int maxAge = MaxAge.checkSetting(MAX_AGE, settings.integer(MAX_AGE));
        String schedulerName = settings.string("cleanup.orphan-sweep.scheduler-name");

        QuartzComponent quartz = new QuartzComponent();
        quartz.setSchedulerFactory(new ClusteredSchedulerFactory(context, schedulerName,
                settings.millis("cleanup.orphan-sweep.cluster-checkin-ms"),
                settings.millis("cleanup.orphan-sweep.idle-wait-ms")));
        quartz.setAutoStartScheduler(enabled);
        quartz.setEnableJmx(false);
        context.getRegistry().bind("quartz", quartz);
        context.getRegistry().bind("scheduledSweeps", new ScheduledSweeps(maxAge, CleanupMetrics.of(context)));

        if (enabled) {
            LOG.info("Orphan sweep scheduled: cron '{}', nodes not updated for {} h, clustered Quartz scheduler '{}'",
                    settings.string("cleanup.orphan-sweep.cron"), maxAge, schedulerName);
        } else {
            LOG.info("Orphan sweep schedule is off on this instance ({}=false); POST /api/cleanup/orphaned still sweeps", ENABLED);
        }
    }
}
