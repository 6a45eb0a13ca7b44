package com.cleanupservice.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One IBM API's call meters, of one account. An operation id ({@code delete_bare_metal_server}, ...) gets its meters the first time it
 * is called; after that a call costs one map lookup by operation, an array slot by status, and the increments.
 */
public final class IbmCallMeter {
    /** A call that got no HTTP answer (connection failure, timeout). */
    public static final int NO_ANSWER = -1;
    private static final String[] CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private final MeterRegistry registry;
    private final String api;
    private final String account;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    IbmCallMeter(MeterRegistry registry, String api, String account) {
        this.registry = registry;
        this.api = api;
        this.account = account;
    }

    /** A meter recording nothing. */
    public static IbmCallMeter none() {
        return CleanupMetrics.none().ibmCalls("none", "none");
    }

    /** One HTTP call of {@code operation} ended with {@code status} ({@link #NO_ANSWER} for none) after {@code nanos}. */
    public void record(String operation, int status, long nanos) {
        operations.computeIfAbsent(operation, Operation::new).record(status, nanos);
    }

    /** {@code 2xx}, {@code 4xx}, ...; {@code none} when no answer came. */
    public static String statusClass(int status) {
        return status >= 100 && status < 600 ? CLASSES[status / 100] : CLASSES[0];
    }

    private final class Operation {
        private final String name;
        /** By status class (index as in CLASSES). */
        private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(CLASSES.length);
        /** By status code (index status - 100), and the last slot for no answer. */
        private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(501);

        Operation(String name) {
            this.name = name;
        }

        void record(int status, long nanos) {
            boolean answered = status >= 100 && status < 600;
            int classIndex = answered ? status / 100 : 0;
            Timer timer = timers.get(classIndex);
            if (timer == null) {
                timer = CleanupMetrics.ibmCallTimer(registry, api, name, CLASSES[classIndex]);
                timers.set(classIndex, timer); // the registry returns the same meter to a racing thread
            }
            int slot = answered ? status - 100 : 500;
            Counter counter = counters.get(slot);
            if (counter == null) {
                counter = CleanupMetrics.ibmCallCounter(registry, api, account, name, answered ? String.valueOf(status) : "none", CLASSES[classIndex]);
                counters.set(slot, counter);
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
            counter.increment();
        }
    }
}
