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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every call to IBM goes through here. Each account's API has a fixed pool of {@code concurrency} threads, shared by
 * every cleanup, validation and trigger in this process: that pool is the concurrency bound, and each has its own
 * rate governor, so one account's throttling never slows another's. Routes hand a call over and
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
    /** The account of calls that name none (the default one). */
    private final String defaultAccount;
    /** Per account, its API's pools and rate governors: one account's throttling never slows another's. */
    private final Map<String, Lanes> accounts = new LinkedHashMap<>();
    private final ExecutorService continuation;
    private final CamelContext context;

    /** Where a call goes: an account (null: the default), a region (null: the default; DNS has none) and an API. */
    public record Target(String account, String region, IbmApi api) {
    }

    /** One account's pool per API and, per API, the request rate learned from IBM's 429s (see {@link RateGovernor}). */
    private record Lanes(Map<IbmApi, ExecutorService> pools, Map<IbmApi, RateGovernor> governors) {
    }

    public IbmCalls(CamelContext context, IbmClients clients, Map<IbmApi, Integer> concurrency, int continuationThreads) {
        this(context, clients, concurrency, continuationThreads, CleanupMetrics.none());
    }

    /**
     * {@code concurrency}: the default account's bounds (every other account's are its own, {@link Account#concurrency});
     * {@code metrics}: where the default account's waits under a learned rate limit, and that rate, are shown (other
     * accounts' waits are counted with them).
     */
    public IbmCalls(CamelContext context, IbmClients clients, Map<IbmApi, Integer> concurrency, int continuationThreads,
                    CleanupMetrics metrics) {
        this.executors = context.getExecutorServiceManager();
        this.context = context;
        this.clients = clients;
        this.defaultAccount = clients == null ? Accounts.DEFAULT : clients.account();
        accounts.put(defaultAccount, lanes(null, api -> concurrency.getOrDefault(api, 8), metrics, true));
        if (clients != null) {
            for (Account account : clients.accounts().all()) {
                if (!account.name().equals(defaultAccount)) {
                    accounts.put(account.name(), lanes(account.name(), account::concurrency, metrics, false));
                }
            }
        }
        if (continuationThreads < 1) {
            throw new IllegalArgumentException("the continuation pool needs at least 1 thread");
        }
        this.continuation = pool(CONTINUATION, continuationThreads);
    }

    private Lanes lanes(String account, Function<IbmApi, Integer> concurrency, CleanupMetrics metrics, boolean shown) {
        Map<IbmApi, ExecutorService> pools = new EnumMap<>(IbmApi.class);
        Map<IbmApi, RateGovernor> governors = new EnumMap<>(IbmApi.class);
        for (IbmApi api : IbmApi.values()) {
            int threads = concurrency.apply(api);
            if (threads < 1) {
                throw new IllegalArgumentException("concurrency for " + api + " must be at least 1");
            }
            pools.put(api, pool(profileId(api, account), threads));
            RateGovernor governor = new RateGovernor(metrics.rateLimit(api.label()));
            if (shown) {
                metrics.learnedRate(api.label(), governor, RateGovernor::rate);
            }
            governors.put(api, governor);
        }
        return new Lanes(pools, governors);
    }

    /** The thread pool profile (and thread name) of an API's pool: {@code ibm-vpc}, {@code ibm-dns}. */
    public static String profileId(IbmApi api) {
        return "ibm-" + api.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The profile of an account's API pool: the default account's as {@link #profileId(IbmApi)} (account null), every
     * other's with its name added, {@code ibm-vpc-sandbox-2}.
     */
    public static String profileId(IbmApi api, String account) {
        return account == null ? profileId(api) : profileId(api) + "-" + account;
    }

    private ExecutorService pool(String id, int threads) {
        return FixedPools.create(context, this, id, threads);
    }

    private Lanes lanes(String account) {
        Lanes lanes = accounts.get(account == null ? defaultAccount : account);
        if (lanes == null) {
            throw new IllegalArgumentException("unknown account '" + account + "': the configured accounts are " + accounts.keySet());
        }
        return lanes;
    }

    public IbmClients clients() {
        return clients;
    }

    /**
     * A Camel processor running {@code call} with the exchange's body on the pool of the API {@code api} names for it
     * (the default account's); exceptions become the exchange's exception.
     */
    public <T> AsyncProcessor onPool(Class<T> bodyType, Function<T, IbmApi> api, BiConsumer<T, IbmClients> call) {
        return onPool(bodyType, api, null, call);
    }

    /**
     * As {@link #onPool(Class, Function, BiConsumer)}, on the pool of the account the body's {@link Target} names, with
     * the clients of its account and region. An unknown account or a region it does not allow fails the exchange.
     */
    public <T> AsyncProcessor onPlacedPool(Class<T> bodyType, Function<T, Target> target, BiConsumer<T, IbmClients> call) {
        return onPool(bodyType, body -> target.apply(body).api(), target, call);
    }

    private <T> AsyncProcessor onPool(Class<T> bodyType, Function<T, IbmApi> api, Function<T, Target> target, BiConsumer<T, IbmClients> call) {
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                T body = exchange.getIn().getBody(bodyType);
                try {
                    Target where = target == null ? null : target.apply(body);
                    IbmClients placed = where == null ? clients : clients.at(where.account(), where.region());
                    Lanes lanes = lanes(where == null ? null : where.account());
                    IbmApi to = api.apply(body);
                    RateGovernor governor = lanes.governors().get(to);
                    lanes.pools().get(to).execute(() -> {
                        try {
                            governor.paced(() -> {
                                call.accept(body, placed);
                                return null;
                            });
                        } catch (Throwable t) {
                            exchange.setException(t);
                        }
                        handBack(callback);
                    });
                    return false;
                } catch (RejectedExecutionException | IllegalArgumentException e) {
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
        return submit(null, api, call);
    }

    /** As {@link #submit(IbmApi, Callable)}, on {@code account}'s pool (null: the default account's). */
    public <T> Future<T> submit(String account, IbmApi api, Callable<T> call) {
        Lanes lanes = lanes(account);
        RateGovernor governor = lanes.governors().get(api);
        return lanes.pools().get(api).submit(() -> governor.paced(call));
    }

    /**
     * A call of a resource that lives in {@code account} and {@code region} (null: the default ones): on that account's
     * pool for {@code api}, with the clients of that account and region — never the default's for a resource placed
     * elsewhere, where IBM would answer 404 for it. An unknown account, or a region it does not allow, is the call's
     * failure (never a call somewhere else).
     */
    public <T> Future<T> submitAt(String account, String region, IbmApi api, Function<IbmClients, T> call) {
        IbmClients placed;
        Lanes lanes;
        try {
            placed = clients == null ? null : clients.at(account, region); // none: calls that take no client (tests' own)
            lanes = lanes(account);
        } catch (IllegalArgumentException unknownPlace) {
            return java.util.concurrent.CompletableFuture.failedFuture(unknownPlace);
        }
        RateGovernor governor = lanes.governors().get(api);
        return lanes.pools().get(api).submit(() -> governor.paced(() -> call.apply(placed)));
    }

    /** The request rate learned for an API of the default account (infinite while IBM never said "too many"). */
    public double rate(IbmApi api) {
        return rate(null, api);
    }

    /** The request rate learned for an API of {@code account} (null: the default one). */
    public double rate(String account, IbmApi api) {
        return lanes(account).governors().get(api).rate();
    }

    /**
     * Shuts the pools down, waiting (up to the manager's {@code shutdownAwaitTermination}) for the calls under way; the
     * API pools first, whose last calls still hand their exchanges to the continuation pool. Called as the context
     * stops, before the database closes; had it not been, the manager would shut them down at the context's end.
     */
    @Override
    public void close() {
        accounts.values().forEach(lanes -> lanes.pools().values().forEach(executors::shutdownGraceful));
        executors.shutdownGraceful(continuation);
    }

    @Override
    public String toString() {
        return "IbmCalls";
    }
}
