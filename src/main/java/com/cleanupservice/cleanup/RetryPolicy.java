package com.cleanupservice.cleanup;

import com.cleanupservice.ibm.IbmErrors;
import com.cleanupservice.metrics.CleanupMetrics;
import org.apache.camel.Exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before calling IBM again. Errors {@link IbmErrors#retryable} accepts are retried until
 * the resource's time {@code budget} is spent (long enough to ride out an IBM brownout; while waiting for an accepted
 * delete, until the wait's end), except a 409 "in use" once the lane's earlier step failed (the parent it waits for
 * is not going away). A 409 that names its blocker never gets here: {@link DeleteTask} waits for a blocker the run is
 * still deleting and ends the resource BLOCKED for one it does not track. Delays grow exponentially with "equal jitter" (half fixed, half random) up to {@code maxDelay};
 * a 429's {@code Retry-After} (up to {@code maxRetryAfter}) is the least the next delay can be, never a reset of the
 * growth.
 */
public final class RetryPolicy {
    private final Duration budget;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final Duration maxRetryAfter;
    private final CleanupMetrics metrics;

    public RetryPolicy(Duration budget, Duration initialDelay, Duration maxDelay, double multiplier, Duration maxRetryAfter) {
        this(budget, initialDelay, maxDelay, multiplier, maxRetryAfter, CleanupMetrics.none());
    }

    public RetryPolicy(Duration budget, Duration initialDelay, Duration maxDelay, double multiplier, Duration maxRetryAfter,
                       CleanupMetrics metrics) {
        this.metrics = metrics;
        this.budget = budget;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.multiplier = multiplier;
        this.maxRetryAfter = maxRetryAfter;
    }

    public Duration budget() {
        return budget;
    }

    /** Camel's {@code retryWhile}: called after each failure of an IBM call. */
    public boolean shouldRetry(Exchange exchange) {
        Throwable error = error(exchange);
        DeleteTask task = exchange.getIn().getBody(DeleteTask.class);
        if (error == null || task == null || !IbmErrors.retryable(error)) {
            return false;
        }
        boolean inUse = IbmErrors.status(error).filter(s -> s == 409).isPresent();
        if (inUse && task.dependencyFailed()) {
            return false;
        }
        return Instant.now().isBefore(task.retryDeadline(budget));
    }

    /** Camel's {@code onExceptionOccurred}: sets the delay of the next redelivery on the message. */
    public void computeDelay(Exchange exchange) {
        int failures = Math.max(1, exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class));
        Throwable error = error(exchange);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delayAfter(failures, error).toMillis());
    }

    /**
     * Camel's {@code onRedelivery}: a failed call is about to be made again. Counted
     * ({@code cleanup_ibm_retries_total{type, reason}}) and logged with the task's context.
     */
    public void redelivering(Exchange exchange) {
        DeleteTask task = exchange.getIn().getBody(DeleteTask.class);
        Throwable error = error(exchange);
        String type = task == null ? "unknown" : task.type().name();
        metrics.retried(type, reason(error));
        if (task != null) {
            task.logRetry(error, exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class),
                    exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY, 0L, Long.class));
        }
    }

    /** Why a call is retried, as a bounded label: {@code 429}, {@code 409}, {@code 5xx}, {@code connection}, {@code other}. */
    static String reason(Throwable error) {
        if (error == null) {
            return "other";
        }
        Integer status = IbmErrors.status(error).orElse(null);
        if (status == null) {
            return IbmErrors.retryable(error) ? "connection" : "other";
        }
        if (status == 429 || status == 409) {
            return String.valueOf(status);
        }
        return status >= 500 ? "5xx" : "other";
    }

    Duration delayAfter(int failures, Throwable error) {
        double exponential = initialDelay.toMillis() * Math.pow(multiplier, Math.min(failures - 1, 62));
        long capped = (long) Math.min(exponential, maxDelay.toMillis());
        long half = capped / 2;
        Duration backoff = Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
        Duration retryAfter = error == null ? null : IbmErrors.retryAfter(error).orElse(null);
        if (retryAfter == null) {
            return backoff;
        }
        Duration honoured = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        return honoured.compareTo(backoff) > 0 ? honoured : backoff;
    }

    private static Throwable error(Exchange exchange) {
        Throwable error = exchange.getException();
        return error != null ? error : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
