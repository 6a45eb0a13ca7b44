package com.cleanupservice.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether PostgreSQL answers, known at all times without waiting for it. A probe on a connection of its own (never
 * the pool's: a frozen database would hold a pool request for its whole timeout) asks {@code SELECT 1} every
 * {@code interval}, with connect and read timeouts of {@code timeout}; the database counts as available while the last
 * answer is younger than {@code interval + timeout}. Health reads this (DOWN within seconds of the database dying or
 * freezing, UP again after it recovers, no restart) and the API answers 503 at once instead of queueing on the pool.
 */
public final class DatabaseWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWatch.class);

    private final String url;
    private final Properties credentials;
    private final Duration interval;
    private final Duration timeout;
    private final ScheduledExecutorService probe;
    private volatile Instant lastAnswer = Instant.now();
    private volatile String lastProblem;
    private Connection connection;

    public DatabaseWatch(String url, String user, String password, Duration interval, Duration timeout) {
        this.url = url;
        this.interval = interval;
        this.timeout = timeout;
        this.credentials = new Properties();
        credentials.setProperty("user", user);
        if (password != null) {
            credentials.setProperty("password", password);
        }
        long seconds = Math.max(1, timeout.toSeconds());
        credentials.setProperty("connectTimeout", String.valueOf(seconds));
        credentials.setProperty("loginTimeout", String.valueOf(seconds));
        credentials.setProperty("socketTimeout", String.valueOf(seconds));
        credentials.setProperty("ApplicationName", "cleanup-service-watch");
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-watch");
            t.setDaemon(true);
            return t;
        });
        probe.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The database answered recently enough to count on it. */
    public boolean available() {
        return Duration.between(lastAnswer, Instant.now()).compareTo(interval.plus(timeout)) <= 0;
    }

    /** Why it is not available (null while it is). */
    public String problem() {
        if (available()) {
            return null;
        }
        long silent = Duration.between(lastAnswer, Instant.now()).toSeconds();
        return "PostgreSQL has not answered for " + silent + " s" + (lastProblem == null ? "" : " (" + lastProblem + ")");
    }

    private void probe() {
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url, credentials);
            }
            try (Statement s = connection.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                s.execute("SELECT 1");
            }
            if (!available()) {
                LOG.info("PostgreSQL answers again");
            }
            lastAnswer = Instant.now();
            lastProblem = null;
        } catch (SQLException | RuntimeException e) {
            if (lastProblem == null) {
                LOG.warn("PostgreSQL does not answer: {}", e.getMessage());
            }
            lastProblem = e.getMessage();
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being dropped because it failed
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        probe.shutdownNow();
        try {
            probe.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
