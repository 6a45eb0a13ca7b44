package com.cleanupservice.shutdown;

import com.cleanupservice.lease.Leases;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Not ready from the first moment of a shutdown ({@link Drain}): traffic moves to the other instances while this one
 * hands back what it holds. Not a liveness check: a draining instance is not wedged, and restarting it would only cut
 * the hand back short.
 */
public final class DrainingHealthCheck extends AbstractHealthCheck {
    private final Leases leases;

    public DrainingHealthCheck(Leases leases) {
        super("cleanup", "draining");
        this.leases = leases;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (leases.closing()) {
            builder.message("shutting down: no new work is taken here, and what this instance holds is handed back").down();
        } else {
            builder.up();
        }
    }
}
