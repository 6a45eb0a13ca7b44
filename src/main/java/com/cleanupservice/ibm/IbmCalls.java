package com.cleanupservice.ibm;

import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.support.FixedPools;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.AsyncProcessorSupport;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every call to IBM goes through here. Each API has a fixed pool of {@code concurrency} threads, shared by every
 * cleanup, validation and trigger in this process: that pool is the concurrency bound. Routes hand a call over and
 * go asynchronous; the thread that made the call hands the exchange back to a continuation pool, so an IBM thread
 * only ever holds one HTTP call and nothing ever sleeps on one.
 * <p>
 * The pools are Camel's: each is a thread pool profile ({@link #profileId}, {@link #CONTINUATION}) registered on the
 * context's {@link ExecutorServiceManager}, which creates them (visible in JMX with the context's other pools) and
 * shuts them down. A call finding every thread busy waits in the pool's queue, however many wait; it never runs on the
 * caller's thread (that would exceed the bound) and is refused only once the pool is shut down.
 */
public final class IbmCalls implements AutoCloseable {
    /** The profile (and thread name) of the pool that continues exchanges after their IBM call. */
    public static final String CONTINUATION = "cleanup-worker";

    private final ExecutorServiceManager executors;
    private final IbmClients clients;
    private final Map<IbmApi, ExecutorService> pools = new EnumMap<>(IbmApi.class);
    /** Per API, the request rate learned from IBM's 429s: calls are paced under it (see {@link RateGovernor}). */
    private final Map<IbmApi, RateGovernor> governors = new EnumMap<>(IbmApi.class);
    private final ExecutorService continuation;
    private final CamelContext context;

    public IbmCalls(CamelContext context, IbmClients clients, Map<IbmApi, Integer> concurrency, int continuationThreads) {
        this(context, clients, concurrency, continuationThreads, CleanupMetrics.none());
    }

    /** {@code metrics}: where each API's waits under a learned rate limit, and that rate, are shown. */
    public IbmCalls(CamelContext context, IbmClients clients, Map<IbmApi, Integer> concurrency, int continuationThreads,
                    CleanupMetrics metrics) {
        this.executors = context.getExecutorServiceManager();
        this.context = context;
        this.clients = clients;
        for (IbmApi api : IbmApi.values()) {
            int threads = concurrency.getOrDefault(api, 8);
            if (threads < 1) {
                throw new IllegalArgumentException("concurrency for " + api + " must be at least 1");
            }
            pools.put(api, pool(profileId(api), threads));
            RateGovernor governor = new RateGovernor(metrics.rateLimit(api.label()));
            metrics.learnedRate(api.label(), governor, RateGovernor::rate);
            governors.put(api, governor);
        }
        if (continuationThreads < 1) {
            throw new IllegalArgumentException("the continuation pool needs at least 1 thread");
        }
        this.continuation = pool(CONTINUATION, continuationThreads);
    }

    /** The thread pool profile (and thread name) of an API's pool: {@code ibm-vpc}, {@code ibm-dns}. */
    public static String profileId(IbmApi api) {
        return "ibm-" + api.name().toLowerCase(Locale.ROOT);
    }

    private ExecutorService pool(String id, int threads) {
        return FixedPools.create(context, this, id, threads);
    }

    public IbmClients clients() {
        return clients;
    }

    /**
     * A Camel processor running {@code call} with the exchange's body on the pool of the API {@code api} names for it;
     * exceptions become the exchange's exception.
     */
    public <T> AsyncProcessor onPool(Class<T> bodyType, Function<T, IbmApi> api, BiConsumer<T, IbmClients> call) {
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                T body = exchange.getIn().getBody(bodyType);
                IbmApi target = api.apply(body);
                RateGovernor governor = governors.get(target);
                try {
                    pools.get(target).execute(() -> {
                        try {
                            governor.paced(() -> {
                                call.accept(body, clients);
                                return null;
                            });
                        } catch (Throwable t) {
                            exchange.setException(t);
                        }
                        handBack(callback);
                    });
                    return false;
                } catch (RejectedExecutionException e) {
                    exchange.setException(e);
                    callback.done(true);
                    return true;
                }
            }
        };
    }

    private void handBack(AsyncCallback callback) {
        try {
            continuation.execute(() -> callback.done(false));
        } catch (RejectedExecutionException shuttingDown) {
            callback.done(false);
        }
    }

    /** For synchronous callers (validation): runs {@code call} on the API's pool, paced like every call, and waits for it. */
    public <T> Future<T> submit(IbmApi api, Callable<T> call) {
        RateGovernor governor = governors.get(api);
        return pools.get(api).submit(() -> governor.paced(call));
    }

    /** The request rate learned for an API (infinite while IBM never said "too many"). */
    public double rate(IbmApi api) {
        return governors.get(api).rate();
    }

    /**
     * Shuts the pools down, waiting (up to the manager's {@code shutdownAwaitTermination}) for the calls under way; the
     * API pools first, whose last calls still hand their exchanges to the continuation pool. Called as the context
     * stops, before the database closes; had it not been, the manager would shut them down at the context's end.
     */
    @Override
    public void close() {
        pools.values().forEach(executors::shutdownGraceful);
        executors.shutdownGraceful(continuation);
    }

    @Override
    public String toString() {
        return "IbmCalls";
    }
}
