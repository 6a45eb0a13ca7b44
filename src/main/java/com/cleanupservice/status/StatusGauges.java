package com.cleanupservice.status;

import com.cleanupservice.metrics.CachedReading;
import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.persistence.Jdbc;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The status view's figures as gauges: {@code cleanup_nodes_needing_cleanup}, {@code cleanup_nodes{status}},
 * {@code cleanup_dead_letters_open}, {@code cleanup_runs_in_flight}. They come from the queries the overall status
 * answers with (the V14 counters, the partial indexes of open dead letters and unfinished runs: no scan), read when a
 * scrape asks and at most once per {@code maxAge}; never while the database is known not to answer (a scrape must not
 * wait for a connection), then the gauges are NaN.
 */
final class StatusGauges {
    record Reading(Map<String, Long> byStatus, long runsInFlight, long openDeadLetters) {
        long needingCleanup() {
            return NodeStatus.count(byStatus, NodeStatus.NEEDS_CLEANUP);
        }
    }

    private StatusGauges() {
    }

    static void register(CleanupMetrics metrics, Jdbc jdbc, NodeStatusCounts counts, BooleanSupplier databaseAnswers, Duration maxAge) {
        CachedReading<Reading> reading = metrics.cached(maxAge, () -> {
            if (!databaseAnswers.getAsBoolean()) {
                return null;
            }
            Map<String, Object> activity = jdbc.rows(CleanupStatus.ACTIVITY).get(0);
            return new Reading(counts.byStatus(), ((Number) activity.get("running_runs")).longValue(),
                    ((Number) activity.get("open_failures")).longValue());
        });
        metrics.gauge("cleanup.nodes.needing.cleanup", "Nodes whose status says they need a cleanup (as cleanup_needed in /api/cleanup/status)",
                reading, Reading::needingCleanup);
        for (NodeStatus status : NodeStatus.values()) {
            metrics.gauge("cleanup.nodes", "Nodes by deployment status", reading,
                    r -> r.byStatus().getOrDefault(status.value(), 0L), "status", status.value());
        }
        metrics.gauge("cleanup.dead.letters.open", "Open dead letters: resources whose last deletion failed or was blocked",
                reading, Reading::openDeadLetters);
        metrics.gauge("cleanup.runs.in.flight", "Recorded runs accepted or running, on every instance", reading, Reading::runsInFlight);
    }
}
