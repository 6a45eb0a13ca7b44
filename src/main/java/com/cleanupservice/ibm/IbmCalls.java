package com.cleanupservice.ibm;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every call to IBM goes through here. Each API has a fixed pool of {@code concurrency} threads, shared by every
 * cleanup, validation and trigger in this process: that pool is the concurrency bound. Routes hand a call over and
 * go asynchronous; the thread that made the call hands the exchange back to a continuation pool, so an IBM thread
 * only ever holds one HTTP call and nothing ever sleeps on one.
 */
public final class IbmCalls implements AutoCloseable {
    private final IbmClients clients;
    private final Map<IbmApi, ExecutorService> pools = new EnumMap<>(IbmApi.class);
    private final ExecutorService continuation;

    public IbmCalls(IbmClients clients, Map<IbmApi, Integer> concurrency, int continuationThreads) {
        this.clients = clients;
        for (IbmApi api : IbmApi.values()) {
            int threads = concurrency.getOrDefault(api, 8);
            if (threads < 1) {
                throw new IllegalArgumentException("concurrency for " + api + " must be at least 1");
            }
            pools.put(api, Executors.newFixedThreadPool(threads, named("ibm-" + api.name().toLowerCase() + "-")));
        }
        this.continuation = Executors.newFixedThreadPool(continuationThreads, named("cleanup-worker-"));
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
                try {
                    pools.get(api.apply(body)).execute(() -> {
                        try {
                            call.accept(body, clients);
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

    /** For synchronous callers (validation): runs {@code call} on the API's pool and waits for it. */
    public <T> Future<T> submit(IbmApi api, Callable<T> call) {
        return pools.get(api).submit(call);
    }

    @Override
    public void close() {
        pools.values().forEach(ExecutorService::shutdown);
        continuation.shutdown();
        try {
            for (ExecutorService pool : pools.values()) {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
            continuation.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
