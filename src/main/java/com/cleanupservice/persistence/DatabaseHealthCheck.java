package com.cleanupservice.persistence;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Ready only while PostgreSQL answers (without it no cleanup can be claimed or recorded), as the
 * {@link DatabaseWatch} last saw it: the check itself never waits on the database. Not a liveness check: a database
 * outage is no reason to restart the service.
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {
    private final DatabaseWatch watch;

    public DatabaseHealthCheck(DatabaseWatch watch) {
        super("cleanup", "database");
        this.watch = watch;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem = watch.problem();
        if (problem == null) {
            builder.up();
        } else {
            builder.message(problem).down();
        }
    }
}
