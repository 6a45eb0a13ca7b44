package com.cleanupservice.simulator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token buckets on a hand-moved clock, and the limit's validation. */
class RateLimiterTest {
    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(-5_000 * MS); // nanoTime may be negative
    private final RateLimiter limiter = new RateLimiter(now::get);

    private int admitted(SimKind.Api api, int requests) {
        int admitted = 0;
        for (int i = 0; i < requests; i++) {
            if (limiter.acquire(api) == 0) {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    void offAdmitsEverything() {
        assertThat(limiter.limit()).isNull();
        assertThat(admitted(SimKind.Api.VPC, 1000)).isEqualTo(1000);
        assertThat(admitted(SimKind.Api.DNS, 1000)).isEqualTo(1000);
        assertThat(limiter.acquire(null)).isZero();
    }

    @Test
    void admitsTheBurstThenOneTokenPerIntervalNeverMoreThanTheBurst() {
        limiter.set(RateLimit.vpc(5).burst(5));
        assertThat(admitted(SimKind.Api.VPC, 6)).isEqualTo(5);
        assertThat(limiter.acquire(SimKind.Api.VPC)).isEqualTo(1);

        now.addAndGet(199 * MS);
        assertThat(limiter.acquire(SimKind.Api.VPC)).as("not yet").isEqualTo(1);
        now.addAndGet(MS);
        assertThat(admitted(SimKind.Api.VPC, 2)).isEqualTo(1);

        now.addAndGet(1_000 * MS); // exactly 5 tokens
        assertThat(admitted(SimKind.Api.VPC, 10)).isEqualTo(5);
        now.addAndGet(3_600_000 * MS);
        assertThat(admitted(SimKind.Api.VPC, 10)).isEqualTo(5);

        assertThat(admitted(SimKind.Api.DNS, 100)).as("DNS is not limited").isEqualTo(100);
        assertThat(admitted(null, 100)).as("IAM is never limited").isEqualTo(100);
    }

    @Test
    void retryAfterRoundsTheWaitUpToWholeSeconds() {
        limiter.set(RateLimit.dns(0.4)); // a token every 2.5 s, burst 1
        assertThat(limiter.acquire(SimKind.Api.DNS)).isZero();
        assertThat(limiter.acquire(SimKind.Api.DNS)).isEqualTo(3);
        now.addAndGet(500 * MS);
        assertThat(limiter.acquire(SimKind.Api.DNS)).isEqualTo(2);
        now.addAndGet(1_999 * MS);
        assertThat(limiter.acquire(SimKind.Api.DNS)).isEqualTo(1);
        now.addAndGet(MS);
        assertThat(limiter.acquire(SimKind.Api.DNS)).isZero();

        limiter.set(RateLimit.vpc(1000).burst(1));
        assertThat(limiter.acquire(SimKind.Api.VPC)).isZero();
        assertThat(limiter.acquire(SimKind.Api.VPC)).as("a millisecond is still 1 s").isEqualTo(1);
    }

    @Test
    void burstDefaultsToTheRateAndAtLeastOne() {
        limiter.set(new RateLimit(7.0, 0.1, null));
        assertThat(admitted(SimKind.Api.VPC, 10)).isEqualTo(7);
        assertThat(admitted(SimKind.Api.DNS, 10)).isEqualTo(1);
    }

    @Test
    void aNewLimitStartsFullAndOffIsOff() {
        limiter.set(RateLimit.vpc(1));
        assertThat(admitted(SimKind.Api.VPC, 3)).isEqualTo(1);
        limiter.set(RateLimit.vpc(2));
        assertThat(admitted(SimKind.Api.VPC, 3)).isEqualTo(2);
        limiter.set(null);
        assertThat(limiter.limit()).isNull();
        assertThat(admitted(SimKind.Api.VPC, 100)).isEqualTo(100);
    }

    @Test
    void concurrentRequestsNeverTakeMoreThanTheBucketHolds() throws InterruptedException {
        limiter.set(RateLimit.vpc(1).burst(500)); // the clock stands still: exactly 500 tokens
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 200; i++) {
                    if (limiter.acquire(SimKind.Api.VPC) == 0) {
                        admitted.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(admitted.get()).isEqualTo(500);
    }

    @Test
    void refusesNonPositiveAndMalformedLimits() {
        assertThatThrownBy(() -> RateLimit.vpc(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vpc_per_second");
        assertThatThrownBy(() -> RateLimit.dns(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.vpc(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.vpc(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.vpc(1).burst(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst");
        assertThatThrownBy(() -> RateLimit.fromJson(Map.of("burst", 1.5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.fromJson(Map.of("vpc_per_second", "5")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.fromJson(Map.of("vpc", 5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vpc");

        assertThat(RateLimit.fromJson(Map.of("vpc_per_second", 5, "burst", 10.0)))
                .isEqualTo(RateLimit.vpc(5).burst(10));
        assertThat(RateLimit.vpc(2.5).toJson()).containsEntry("vpc_per_second", 2.5).containsEntry("burst", null);
        assertThat(RateLimit.fromJson(RateLimit.vpc(2.5).withDns(3).burst(4).toJson()))
                .isEqualTo(RateLimit.vpc(2.5).withDns(3).burst(4));
    }
}
