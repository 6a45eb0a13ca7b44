package com.cleanupservice.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * A value read from somewhere that costs (a database query), for gauges: read when a scrape asks and the last reading
 * is older than {@code maxAge}, so several gauges over one reading, or scrapes in quick succession, cost one read. A
 * failed read leaves the gauges at NaN until a read succeeds.
 */
public final class CachedReading<T> {
    private static final Logger LOG = LoggerFactory.getLogger(CachedReading.class);

    private final long maxAgeNanos;
    private final Supplier<T> read;
    private T value;
    private long readAt;
    private boolean fresh;

    CachedReading(Duration maxAge, Supplier<T> read) {
        this.maxAgeNanos = maxAge.toNanos();
        this.read = read;
    }

    /** The current reading through {@code value}, NaN when there is none. */
    public synchronized double value(ToDoubleFunction<T> value) {
        long now = System.nanoTime();
        if (!fresh || now - readAt >= maxAgeNanos) {
            try {
                this.value = read.get();
            } catch (RuntimeException e) {
                LOG.debug("Metrics reading failed: {}", e.toString());
                this.value = null;
            }
            readAt = now;
            fresh = true;
        }
        return this.value == null ? Double.NaN : value.applyAsDouble(this.value);
    }
}
