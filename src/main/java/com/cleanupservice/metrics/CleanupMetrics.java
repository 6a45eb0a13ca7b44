package com.cleanupservice.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The service's own meters, registered in the Micrometer registry Camel scrapes on {@code /observe/metrics}, so one
 * scrape has Camel's route meters and these. Names are Micrometer's ({@code cleanup.deletions}); the Prometheus
 * registry writes them {@code cleanup_deletions_total}, {@code cleanup_ibm_call_seconds_bucket}, ...
 * <p>
 * Nothing here is looked up in the registry per event: a caller takes its meters once (at construction, or the first
 * time a label set is seen, cached here by its label values), so an event costs a map lookup at most and an atomic
 * increment. Labels are bounded sets — resource types, outcomes, APIs, IBM operation ids, status codes, run kinds —
 * never ids, names or run ids.
 */
public final class CleanupMetrics {
    /** Where Camel's micrometer support keeps (and looks for) its registry. */
    public static final String REGISTRY = MicrometerConstants.METRICS_REGISTRY_NAME;
    /** The bean name of this class in the Camel registry. */
    public static final String BEAN = "cleanupMetrics";

    /** Buckets of an IBM call's latency: 5 ms to 60 s (a read timeout is 30 s). */
    private static final Duration[] CALL_BUCKETS = millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000);
    /** Buckets of a run's duration: a second to the 3 h run deadline. */
    private static final Duration[] RUN_BUCKETS = millis(1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000,
            1_800_000, 3_600_000, 10_800_000);

    private final MeterRegistry registry;
    /** Meters of rare events (a retry, a run's end, an inbox file), made the first time their labels are seen. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    public CleanupMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The metrics of this Camel context: in the registry Camel's Prometheus endpoint serves (bound under
     * {@link #REGISTRY}; made and bound here first if Camel has not made it yet, and then Camel takes this one), bound
     * as {@link #BEAN} the first time.
     */
    public static CleanupMetrics of(CamelContext context) {
        CleanupMetrics bound = context.getRegistry().lookupByNameAndType(BEAN, CleanupMetrics.class);
        if (bound != null) {
            return bound;
        }
        PrometheusMeterRegistry registry = context.getRegistry().lookupByNameAndType(REGISTRY, PrometheusMeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(REGISTRY, registry);
        }
        CleanupMetrics metrics = new CleanupMetrics(registry);
        context.getRegistry().bind(BEAN, metrics);
        return metrics;
    }

    /** Meters that go nowhere (unit tests, tools that build parts of the service alone). */
    public static CleanupMetrics none() {
        return new CleanupMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    // ---- deletions -----------------------------------------------------------------------------------------------

    /** {@code cleanup_deletions_total{type, outcome}}: one resource's deletion recorded with its outcome. */
    public Counter deletion(String type, String outcome) {
        return Counter.builder("cleanup.deletions").description("Resource deletions recorded, by resource type and outcome")
                .tags("type", type, "outcome", outcome).register(registry);
    }

    // ---- IBM calls -----------------------------------------------------------------------------------------------

    /** The meters of one IBM API's HTTP calls ({@code api}: {@code vpc}, {@code dns}). */
    public IbmCallMeter ibmCalls(String api, String account) {
        return new IbmCallMeter(registry, api, account);
    }

    /** {@code cleanup_ibm_call_seconds{api, operation, status_class}}: a histogram with fixed buckets. */
    static Timer ibmCallTimer(MeterRegistry registry, String api, String operation, String statusClass) {
        return Timer.builder("cleanup.ibm.call").description("IBM Cloud API calls: latency of the HTTP call, by API, operation and status class")
                .tags("api", api, "operation", operation, "status_class", statusClass)
                .serviceLevelObjectives(CALL_BUCKETS)
                .register(registry);
    }

    /**
     * {@code cleanup_ibm_calls_total{api, operation, status, status_class, account}}: the exact status, for 404s and
     * 429s, and the account called (a configured account's name: a bounded set), whose throttling is its own.
     */
    static Counter ibmCallCounter(MeterRegistry registry, String api, String account, String operation, String status, String statusClass) {
        return Counter.builder("cleanup.ibm.calls").description("IBM Cloud API calls by API, operation, HTTP status (none: no answer) and account")
                .tags("api", api, "operation", operation, "status", status, "status_class", statusClass, "account", account)
                .register(registry);
    }

    /** {@code cleanup_ibm_retries_total{type, reason}}: a failed IBM call about to be made again (Camel redelivery). */
    public void retried(String type, String reason) {
        counter("cleanup.ibm.retries", "IBM calls retried after a transient failure, by resource type and reason",
                "type", type, "reason", reason).increment();
    }

    /**
     * The meters of one API's pacing under a learned rate limit: {@code cleanup_ibm_rate_limit_waits_total{api}} and
     * {@code cleanup_ibm_rate_limit_wait_seconds_total{api}}.
     */
    public RateLimitMeter rateLimit(String api) {
        return new RateLimitMeter(
                Counter.builder("cleanup.ibm.rate.limit.waits").description("IBM calls that waited for their slot under a learned rate limit")
                        .tags("api", api).register(registry),
                Counter.builder("cleanup.ibm.rate.limit.wait").baseUnit("seconds")
                        .description("Time IBM calls spent waiting for their slot under a learned rate limit")
                        .tags("api", api).register(registry));
    }

    /** {@code cleanup_ibm_rate_limit_requests_per_second{api}}: the rate learned from 429s (+Inf until the first). */
    public <T> void learnedRate(String api, T governor, ToDoubleFunction<T> rate) {
        Gauge.builder("cleanup.ibm.rate.limit.requests.per.second", governor, rate)
                .description("Request rate an API is paced under, learned from its 429s; +Inf while none was seen")
                .tags("api", api).strongReference(true).register(registry);
    }

    // ---- runs, inbox, sweeps -------------------------------------------------------------------------------------

    /** {@code cleanup_run_seconds{kind, outcome}}: a recorded run ended (completed, partial, failed, abandoned). */
    public void runEnded(String kind, String outcome, double seconds) {
        List<String> key = List.of("run", kind, outcome);
        Timer timer = timers.computeIfAbsent(key, k -> Timer.builder("cleanup.run")
                .description("Recorded runs (cleanup_runs) from start to end, by kind and outcome")
                .tags("kind", kind, "outcome", outcome)
                .serviceLevelObjectives(RUN_BUCKETS)
                .register(registry));
        timer.record((long) (Math.max(0, seconds) * 1e9), TimeUnit.NANOSECONDS);
    }

    /** {@code cleanup_inbox_files_total{result}}: processed, rejected, failed, set_aside. */
    public Counter inboxFile(String result) {
        return counter("cleanup.inbox.files", "Files taken from the watched inbox, by result", "result", result);
    }

    /** {@code cleanup_sweep_ticks_total{kind, outcome}}: a scheduled orphan sweep or follow-up tick and how it went. */
    public Counter sweepTick(String kind, String outcome) {
        return counter("cleanup.sweep.ticks", "Scheduled ticks (orphan sweep, follow-up) by kind and outcome",
                "kind", kind, "outcome", outcome);
    }

    /**
     * {@code cleanup_notifications_total{event, outcome}}: a webhook delivery attempt of an event type, {@code delivered}
     * or {@code failed} (retried after its backoff).
     */
    public Counter notification(String event, String outcome) {
        return counter("cleanup.notifications", "Webhook delivery attempts by event type and outcome (delivered, failed: retried)",
                "event", event, "outcome", outcome);
    }

    /**
     * A gauge over a value read from the database: {@code read} runs at most once per {@code maxAge}, when a scrape
     * asks, never on a request or cleanup path.
     */
    public <T> CachedReading<T> cached(Duration maxAge, Supplier<T> read) {
        return new CachedReading<>(maxAge, read);
    }

    public <T> void gauge(String name, String description, CachedReading<T> reading, ToDoubleFunction<T> value, String... tags) {
        // held strongly: nothing else holds the reading, and a gauge's object is weakly held by default
        Gauge.builder(name, reading, r -> r.value(value)).description(description).tags(Tags.of(tags)).strongReference(true)
                .register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        List<String> key = new java.util.ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(List.of(tags));
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private static Duration[] millis(long... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofMillis(values[i]);
        }
        return durations;
    }
}
