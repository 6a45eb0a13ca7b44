package com.cleanupservice.cleanup;

import com.cleanupservice.ibm.IbmErrors;
import org.apache.camel.Exchange;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before calling IBM again: up to {@code maxRedeliveries} more times for errors
 * {@link IbmErrors#retryable} accepts, except a 409 "in use" once the lane's earlier step failed (the parent it waits
 * for is not going away). Delays grow exponentially with "equal jitter" (half fixed, half random) up to
 * {@code maxDelay}; a 429's {@code Retry-After} is honoured (up to {@code maxRetryAfter}).
 */
public final class RetryPolicy {
    private final int maxRedeliveries;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final Duration maxRetryAfter;

    public RetryPolicy(int maxRedeliveries, Duration initialDelay, Duration maxDelay, double multiplier, Duration maxRetryAfter) {
        this.maxRedeliveries = maxRedeliveries;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.multiplier = multiplier;
        this.maxRetryAfter = maxRetryAfter;
    }

    public int maxRedeliveries() {
        return maxRedeliveries;
    }

    /** Camel's {@code retryWhile}: called after a failure with the redelivery counter already counting it. */
    public boolean shouldRetry(Exchange exchange) {
        int failures = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        Throwable error = error(exchange);
        if (failures > maxRedeliveries || error == null || !IbmErrors.retryable(error)) {
            return false;
        }
        DeleteTask task = exchange.getIn().getBody(DeleteTask.class);
        boolean inUse = IbmErrors.status(error).filter(s -> s == 409).isPresent();
        return !(inUse && task != null && task.dependencyFailed());
    }

    /** Camel's {@code onExceptionOccurred}: sets the delay of the next redelivery on the message. */
    public void computeDelay(Exchange exchange) {
        int failures = Math.max(1, exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class));
        Throwable error = error(exchange);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delayAfter(failures, error).toMillis());
    }

    Duration delayAfter(int failures, Throwable error) {
        Duration retryAfter = error == null ? null : IbmErrors.retryAfter(error).orElse(null);
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        double exponential = initialDelay.toMillis() * Math.pow(multiplier, failures - 1);
        long capped = (long) Math.min(exponential, maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }

    private static Throwable error(Exchange exchange) {
        Throwable error = exchange.getException();
        return error != null ? error : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
