package com.cleanupservice.ibm;

import com.cleanupservice.metrics.RateLimitMeter;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Keeps one API's request rate under a limit IBM does not publish but signals: a 429 (with {@code Retry-After}) means
 * "too fast". Until the first 429 calls are not paced at all. Then the rate is learned and adjusted AIMD-style: the
 * first 429 sets it to what got through in the last second, each later one (at most one per second, so a volley of
 * 429s from calls already under way counts once) takes a tenth off, and every call that goes through adds
 * {@code 1/rate}, about one request per second per second, so the rate keeps probing upwards and follows a limit that
 * rises again. Calls are spaced {@code 1/rate} apart; a call waits for its slot on the pool thread that makes it.
 */
public final class RateGovernor {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final double DECREASE = 0.9;
    private static final double MIN_RATE = 0.5;

    private final LongSupplier nanoTime;
    private final RateLimitMeter waits;
    /** Requests per second; infinite until the first 429. */
    private double rate = Double.POSITIVE_INFINITY;
    private long nextSlot;
    private long lastDecrease = Long.MIN_VALUE / 2;
    private long windowStart;
    private int windowSuccesses;
    private int lastWindowSuccesses;

    public RateGovernor() {
        this(RateLimitMeter.none());
    }

    /** {@code waits}: where the calls that had to wait for their slot are counted, with the time they waited. */
    public RateGovernor(RateLimitMeter waits) {
        this(System::nanoTime, waits);
    }

    RateGovernor(LongSupplier nanoTime) {
        this(nanoTime, RateLimitMeter.none());
    }

    RateGovernor(LongSupplier nanoTime, RateLimitMeter waits) {
        this.nanoTime = nanoTime;
        this.waits = waits;
        this.windowStart = nanoTime.getAsLong();
    }

    /** Runs one call in its slot and learns from how it ended: through, or a 429 that lowers the rate. */
    public <T> T paced(Callable<T> call) throws Exception {
        acquire();
        try {
            T result = call.call();
            succeeded();
            return result;
        } catch (Exception e) {
            if (IbmErrors.status(e).filter(s -> s == 429).isPresent()) {
                rateLimited();
            }
            throw e;
        }
    }

    /** Waits, on the calling thread, until this call's slot comes; at once while no limit was seen. */
    public void acquire() {
        long wait = reserve() - nanoTime.getAsLong();
        if (wait > 0) {
            waits.waited(wait);
            LockSupport.parkNanos(wait);
        }
    }

    /** The next call's slot (on the {@code nanoTime} clock): now while no limit was seen, else 1/rate after the last. */
    synchronized long reserve() {
        long now = nanoTime.getAsLong();
        if (Double.isInfinite(rate)) {
            return now;
        }
        long slot = Math.max(now, nextSlot);
        nextSlot = slot + (long) (SECOND / rate);
        return slot;
    }

    /** A call went through: count it, and raise the rate a little. */
    public synchronized void succeeded() {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= SECOND) {
            lastWindowSuccesses = now - windowStart < 2 * SECOND ? windowSuccesses : 0;
            windowSuccesses = 0;
            windowStart = now;
        }
        windowSuccesses++;
        if (!Double.isInfinite(rate)) {
            rate += 1 / rate;
        }
    }

    /** IBM answered 429: learn the rate from what got through, or lower it (once per second). */
    public synchronized void rateLimited() {
        long now = nanoTime.getAsLong();
        if (now - lastDecrease < SECOND) {
            return;
        }
        lastDecrease = now;
        rate = Double.isInfinite(rate)
                ? Math.max(MIN_RATE, Math.max(lastWindowSuccesses, windowSuccesses) * DECREASE)
                : Math.max(MIN_RATE, rate * DECREASE);
        nextSlot = Math.max(nextSlot, now);
    }

    /** Requests per second now; infinite while no limit was seen. */
    public synchronized double rate() {
        return rate;
    }
}
