package com.cleanupservice.ibm;

import com.cleanupservice.metrics.CleanupMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The AIMD rate learned from 429s, on a clock the test moves. */
class RateGovernorTest {
    private final AtomicLong now = new AtomicLong(0);
    private final RateGovernor governor = new RateGovernor(now::get);

    @Test
    void noPacingUntilIbmSaysTooMany() {
        for (int i = 0; i < 100; i++) {
            governor.acquire();
            governor.succeeded();
        }
        assertThat(governor.rate()).isInfinite();
    }

    @Test
    void theFirst429LearnsWhatGotThroughThenEachSecondTakesATenthOffAndSuccessesProbeUpwards() {
        for (int i = 0; i < 50; i++) {
            governor.succeeded(); // 50 calls went through in the first second
        }
        advance(1000);
        for (int i = 0; i < 40; i++) {
            governor.succeeded();
        }

        governor.rateLimited();

        assertThat(governor.rate()).as("90% of the last full second").isCloseTo(45, within(0.001));
        governor.rateLimited();
        assertThat(governor.rate()).as("a volley of 429s within a second counts once").isCloseTo(45, within(0.001));

        advance(1000);
        governor.rateLimited();
        assertThat(governor.rate()).isCloseTo(40.5, within(0.001));

        double before = governor.rate();
        for (int i = 0; i < 40; i++) {
            governor.succeeded();
        }
        assertThat(governor.rate()).as("about one request per second more after a second of successes")
                .isBetween(before + 0.9, before + 1.1);
    }

    @Test
    void callsAreSpacedByTheRate() {
        for (int i = 0; i < 10; i++) {
            governor.succeeded();
        }
        advance(1000);
        governor.rateLimited(); // 9/s: a slot every 111 ms

        long first = governor.reserve();
        long second = governor.reserve();
        long third = governor.reserve();

        assertThat(first).isEqualTo(now.get());
        assertThat(second - first).isEqualTo(TimeUnit.SECONDS.toNanos(1) / 9);
        assertThat(third - second).isEqualTo(TimeUnit.SECONDS.toNanos(1) / 9);
        advance(2000);
        assertThat(governor.reserve()).as("an idle API does not bank slots").isEqualTo(now.get());
    }

    @Test
    void aCallThatWaitsForItsSlotIsCountedWithItsWait() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RateGovernor metered = new RateGovernor(now::get, new CleanupMetrics(registry).rateLimit("vpc"));
        for (int i = 0; i < 10; i++) {
            metered.succeeded();
        }
        advance(1000);
        metered.rateLimited(); // 9/s

        metered.acquire(); // its slot is now
        metered.acquire(); // 111 ms later: waits

        assertThat(registry.get("cleanup.ibm.rate.limit.waits").tag("api", "vpc").counter().count()).isEqualTo(1);
        assertThat(registry.get("cleanup.ibm.rate.limit.wait").tag("api", "vpc").counter().count())
                .isCloseTo(1.0 / 9, within(0.001));
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
