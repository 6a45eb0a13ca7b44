package com.cleanupservice.schedule;

import com.cleanupservice.api.schema.Notification.NotificationCounts;
import com.cleanupservice.api.schema.OrphanSweepResult;
import com.cleanupservice.notify.EventType;
import com.cleanupservice.notify.Notice;
import com.cleanupservice.notify.Notifications;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Response;
import org.apache.camel.Exchange;

/**
 * What a scheduled orphan sweep tells the webhooks: {@code sweep_failed} when it ended partial (a node not cleaned) or
 * broke off, {@code drift_found} when it adopted untracked resources (adopt-on-sweep). A sweep's end writes no row of
 * its own, so each event is a statement of its own, after the sweep; a request's sweep ({@code POST .../orphaned})
 * tells nothing here: its caller has the answer (and its runs end as any run does).
 */
final class SweepNotices {
    private final Jdbc jdbc;
    private final Notifications notifications;

    SweepNotices(Jdbc jdbc, Notifications notifications) {
        this.jdbc = jdbc;
        this.notifications = notifications;
    }

    void finished(Exchange exchange) {
        Response response = exchange.getIn().getBody(Response.class);
        if (!(response.body() instanceof OrphanSweepResult sweep)) {
            return;
        }
        NotificationCounts counts = NotificationCounts.none().sweep(sweep.orphaned_nodes_cleaned(), sweep.failed_nodes(),
                sweep.adopted_resources());
        String tick = " (tick of " + exchange.getProperty(ScheduledSweeps.SCHEDULED_FOR) + ")";
        if (response.status() != 200 && notifications.wants(EventType.SWEEP_FAILED)) {
            notifications.record(jdbc, Notice.of(EventType.SWEEP_FAILED, "Scheduled orphan sweep" + tick + " ended partial: "
                    + sweep.failed_nodes() + " of " + sweep.orphaned_nodes_cleaned() + " node(s) not cleaned").counts(counts));
        }
        if (sweep.adopted_resources() > 0 && notifications.wants(EventType.DRIFT_FOUND)) {
            notifications.record(jdbc, Notice.of(EventType.DRIFT_FOUND, "Scheduled orphan sweep" + tick + " found and adopted "
                    + sweep.adopted_resources() + " untracked resource(s)").counts(counts));
        }
    }

    void failed(Exchange exchange) {
        if (notifications.wants(EventType.SWEEP_FAILED)) {
            notifications.record(jdbc, Notice.of(EventType.SWEEP_FAILED, "Scheduled orphan sweep (tick of "
                    + exchange.getProperty(ScheduledSweeps.SCHEDULED_FOR) + ") failed; the next tick tries again"));
        }
    }
}
