package com.cleanupservice.metrics;

import io.micrometer.core.instrument.Counter;

/** One API's waits for a slot under a learned rate limit: how many, and how long in all. */
public final class RateLimitMeter {
    private final Counter waits;
    private final Counter seconds;

    RateLimitMeter(Counter waits, Counter seconds) {
        this.waits = waits;
        this.seconds = seconds;
    }

    /** A meter recording nothing. */
    public static RateLimitMeter none() {
        return CleanupMetrics.none().rateLimit("none");
    }

    public void waited(long nanos) {
        waits.increment();
        seconds.increment(nanos / 1e9);
    }
}
