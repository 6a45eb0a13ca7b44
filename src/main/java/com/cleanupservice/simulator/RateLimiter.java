package com.cleanupservice.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The live {@link RateLimit}: one token bucket per limited account and API, made full when the account's first
 * request comes. Deciding a request takes no global lock: the current buckets are read from a volatile field, found
 * in a concurrent map, and each bucket has its own short synchronized section. A new limit replaces the buckets, full.
 */
final class RateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** A limit with its buckets, by account; an account's map holds only the limited APIs. */
    private record State(RateLimit limit, Map<String, Map<SimKind.Api, Bucket>> buckets) {
        static final State OFF = new State(null, Map.of());
    }

    private final LongSupplier nanoTime;
    private volatile State state = State.OFF;

    /** @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} but in tests */
    RateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The current limit, {@code null} when off. */
    RateLimit limit() {
        return state.limit();
    }

    /** Replaces the limit ({@code null}: off); every limited API starts with a full bucket. */
    void set(RateLimit limit) {
        if (limit == null) {
            state = State.OFF;
            return;
        }
        state = new State(limit, new ConcurrentHashMap<>());
    }

    /** As {@link #acquire(SimKind.Api, String)} for the account {@code ""} (tests of one account). */
    long acquire(SimKind.Api api) {
        return acquire(api, "");
    }

    /**
     * Takes a token for one request of {@code account} on {@code api} ({@code null}, IAM: never limited).
     *
     * @return 0 when the request may go on, otherwise the whole seconds (at least 1) until a token is available
     */
    long acquire(SimKind.Api api, String account) {
        State current = state;
        if (api == null || current.limit() == null || !current.limit().limits(account)) {
            return 0;
        }
        Bucket bucket = current.buckets().computeIfAbsent(account, a -> buckets(current.limit())).get(api);
        if (bucket == null) {
            return 0;
        }
        long waitNanos = bucket.tryAcquire(nanoTime.getAsLong());
        if (waitNanos == 0) {
            return 0;
        }
        return Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    }

    private Map<SimKind.Api, Bucket> buckets(RateLimit limit) {
        long now = nanoTime.getAsLong();
        Map<SimKind.Api, Bucket> buckets = new EnumMap<>(SimKind.Api.class);
        for (SimKind.Api api : SimKind.Api.values()) {
            Double perSecond = limit.perSecond(api);
            if (perSecond != null) {
                buckets.put(api, new Bucket(perSecond, limit.capacity(perSecond), now));
            }
        }
        return buckets;
    }

    /** Tokens refill continuously: {@code perSecond × elapsed}, up to {@code capacity}. */
    static final class Bucket {
        /** Forgives the rounding of {@code elapsed × perNano}, so that exactly 1/rate after empty is one token. */
        private static final double EPSILON = 1e-9;

        private final double perNano;
        private final double capacity;
        private double tokens;
        private long updatedAt;

        Bucket(double perSecond, double capacity, long now) {
            this.perNano = perSecond / NANOS_PER_SECOND;
            this.capacity = capacity;
            this.tokens = capacity;
            this.updatedAt = now;
        }

        /** @return 0 when a token was taken, otherwise the nanoseconds (at least 1) until one is available */
        synchronized long tryAcquire(long now) {
            long elapsed = now - updatedAt;
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + elapsed * perNano);
                updatedAt = now;
            }
            if (tokens + EPSILON >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - EPSILON - tokens) / perNano));
        }
    }
}
