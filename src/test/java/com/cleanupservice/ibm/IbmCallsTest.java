package com.cleanupservice.ibm;

import com.ibm.cloud.sdk.core.service.exception.TooManyRequestsException;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import com.cleanupservice.testsupport.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The IBM call pools are Camel thread pools that behave as the fixed pools they replaced: at most {@code concurrency}
 * calls per API at once, VPC and DNS bounded apart, a call finding every thread busy queued (never run by its caller,
 * never refused), and all of them shut down by Camel.
 */
class IbmCallsTest {
    private static final long WAIT_S = 10;
    private final CamelContext camel = new DefaultCamelContext();
    private final CountDownLatch release = new CountDownLatch(1);
    private IbmCalls calls;

    @AfterEach
    void stop() {
        release.countDown();
        if (calls != null) {
            calls.close();
        }
        camel.stop();
    }

    @Test
    void callsBeyondThePoolsSizeWaitInItsQueueAndNeverRunOnTheCaller() throws Exception {
        calls = new IbmCalls(camel, null, Map.of(IbmApi.VPC, 2, IbmApi.DNS, 2), 1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twoStarted = new CountDownLatch(2);
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        List<Future<Integer>> answers = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            int n = i;
            answers.add(calls.submit(IbmApi.VPC, () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                ranOn.add(Thread.currentThread());
                twoStarted.countDown();
                release.await(WAIT_S, TimeUnit.SECONDS);
                running.decrementAndGet();
                return n;
            }));
        }

        assertThat(twoStarted.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(running.get()).as("calls running").isEqualTo(2);
        assertThat(answers).as("the other four wait for a thread").noneMatch(Future::isDone);
        release.countDown();
        for (int i = 0; i < 6; i++) {
            assertThat(answers.get(i).get(WAIT_S, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(most.get()).as("calls at once").isEqualTo(2);
        assertThat(ranOn).hasSize(2).doesNotContain(Thread.currentThread())
                .allSatisfy(t -> assertThat(t.getName()).endsWith(" - ibm-vpc"));
    }

    @Test
    void vpcAndDnsAreBoundedApart() throws Exception {
        calls = new IbmCalls(camel, null, Map.of(IbmApi.VPC, 1, IbmApi.DNS, 1), 1);
        CountDownLatch vpcBusy = new CountDownLatch(1);
        Future<Boolean> vpc = calls.submit(IbmApi.VPC, () -> {
            vpcBusy.countDown();
            return release.await(WAIT_S, TimeUnit.SECONDS);
        });
        assertThat(vpcBusy.await(WAIT_S, TimeUnit.SECONDS)).isTrue();

        assertThat(calls.submit(IbmApi.DNS, () -> Thread.currentThread().getName()).get(WAIT_S, TimeUnit.SECONDS))
                .as("a DNS call while every VPC thread is busy").endsWith(" - ibm-dns");
        assertThat(vpc.isDone()).isFalse();
    }

    @Test
    void theExchangeGoesOnOnTheContinuationPoolAfterItsCall() throws Exception {
        calls = new IbmCalls(camel, null, Map.of(IbmApi.VPC, 1, IbmApi.DNS, 1), 1);
        AsyncProcessor onPool = calls.onPool(String.class, body -> IbmApi.valueOf(body), (body, clients) -> {
            throw new IllegalStateException("call on " + Thread.currentThread().getName());
        });
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody("DNS");
        CompletableFuture<String> continuedOn = new CompletableFuture<>();

        boolean sync = onPool.process(exchange, doneSync -> continuedOn.complete(Thread.currentThread().getName()));

        assertThat(sync).isFalse();
        assertThat(continuedOn.get(WAIT_S, TimeUnit.SECONDS)).endsWith(" - " + IbmCalls.CONTINUATION);
        assertThat(exchange.getException()).hasMessageEndingWith(" - ibm-dns");
    }

    @Test
    void thePoolsAreProfilesOfTheContextAndStopWithIt() {
        calls = new IbmCalls(camel, null, Map.of(IbmApi.VPC, 3, IbmApi.DNS, 5), 2);

        ThreadPoolProfile vpc = camel.getExecutorServiceManager().getThreadPoolProfile(IbmCalls.profileId(IbmApi.VPC));
        assertThat(vpc.getPoolSize()).isEqualTo(3);
        assertThat(vpc.getMaxPoolSize()).isEqualTo(3);
        assertThat(vpc.getMaxQueueSize()).isEqualTo(Integer.MAX_VALUE);
        assertThat(vpc.getAllowCoreThreadTimeOut()).isFalse();
        assertThat(vpc.getRejectedPolicy()).isEqualTo(ThreadPoolRejectedPolicy.Abort);
        assertThat(camel.getExecutorServiceManager().getThreadPoolProfile("ibm-dns").getPoolSize()).isEqualTo(5);
        assertThat(camel.getExecutorServiceManager().getThreadPoolProfile(IbmCalls.CONTINUATION).getPoolSize()).isEqualTo(2);

        camel.start();
        camel.stop();

        assertThatThrownBy(() -> calls.submit(IbmApi.VPC, () -> 1)).as("a call after the context stopped")
                .isInstanceOf(RejectedExecutionException.class);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody("VPC");
        AtomicInteger done = new AtomicInteger();
        assertThat(calls.onPool(String.class, IbmApi::valueOf, (body, clients) -> { }).process(exchange, sync -> done.incrementAndGet()))
                .as("refused at once").isTrue();
        assertThat(done.get()).isEqualTo(1);
        assertThat(exchange.getException()).isInstanceOf(RejectedExecutionException.class);
    }

    // ---- per account -----------------------------------------------------------------------------------------------

    private IbmClients twoAccounts(Map<String, String> values) {
        return IbmClients.create(TestSettings.over(camel, values), new IbmClients.Endpoints("http://127.0.0.1:1/v1", "http://127.0.0.1:1/v1",
                "http://127.0.0.1:1", "us-south", "apikey"), "k");
    }

    @Test
    void eachAccountHasPoolsOfItsOwnNamedAfterItTheDefaultsKeepTheirNames() {
        IbmClients clients = twoAccounts(Map.of("cleanup.ibm.account.sandbox-2.concurrency.vpc", "3"));
        calls = new IbmCalls(camel, clients, Map.of(IbmApi.VPC, 5, IbmApi.DNS, 6), 1);

        assertThat(IbmCalls.profileId(IbmApi.VPC, "sandbox-2")).isEqualTo("ibm-vpc-sandbox-2");
        assertThat(camel.getExecutorServiceManager().getThreadPoolProfile("ibm-vpc").getPoolSize()).isEqualTo(5);
        assertThat(camel.getExecutorServiceManager().getThreadPoolProfile("ibm-dns").getPoolSize()).isEqualTo(6);
        assertThat(camel.getExecutorServiceManager().getThreadPoolProfile("ibm-vpc-sandbox-2").getPoolSize()).isEqualTo(3);
        assertThat(camel.getExecutorServiceManager().getThreadPoolProfile("ibm-dns-sandbox-2").getPoolSize())
                .as("unset: cleanup.concurrency.dns").isEqualTo(8);
    }

    @Test
    void oneAccountsFullPoolNeverHoldsAnothersCalls() throws Exception {
        IbmClients clients = twoAccounts(Map.of("cleanup.ibm.account.sandbox-2.concurrency.vpc", "1"));
        calls = new IbmCalls(camel, clients, Map.of(IbmApi.VPC, 1, IbmApi.DNS, 1), 1);
        CountDownLatch holding = new CountDownLatch(1);
        Future<String> held = calls.submit("sandbox-2", IbmApi.VPC, () -> {
            holding.countDown();
            release.await();
            return "sandbox-2";
        });
        assertThat(holding.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        Future<String> queued = calls.submit("sandbox-2", IbmApi.VPC, () -> "queued behind it");

        assertThat(calls.submit(IbmApi.VPC, () -> Thread.currentThread().getName()).get(WAIT_S, TimeUnit.SECONDS))
                .as("the default account's call runs on its own pool meanwhile").endsWith(" - ibm-vpc");
        assertThat(calls.submit("sandbox", IbmApi.VPC, () -> "by name").get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("by name");
        assertThat(queued.isDone()).isFalse();
        release.countDown();
        assertThat(held.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("sandbox-2");
        assertThat(queued.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("queued behind it");
        assertThatThrownBy(() -> calls.submit("sandbox-3", IbmApi.VPC, () -> "never"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown account 'sandbox-3'");
    }

    @Test
    void oneAccountsRateLimitIsLearnedForItAlone() throws Exception {
        IbmClients clients = twoAccounts(Map.of());
        calls = new IbmCalls(camel, clients, Map.of(IbmApi.VPC, 2, IbmApi.DNS, 2), 1);
        for (int i = 0; i < 5; i++) {
            calls.submit("sandbox-2", IbmApi.VPC, () -> "through").get(WAIT_S, TimeUnit.SECONDS);
        }

        Future<Object> limited = calls.submit("sandbox-2", IbmApi.VPC, () -> {
            throw new TooManyRequestsException(answer(429));
        });
        assertThatThrownBy(() -> limited.get(WAIT_S, TimeUnit.SECONDS)).hasCauseInstanceOf(TooManyRequestsException.class);

        assertThat(calls.rate("sandbox-2", IbmApi.VPC)).as("learned from its 429").isFinite();
        assertThat(calls.rate(IbmApi.VPC)).as("the default account's is untouched").isInfinite();
        assertThat(calls.rate("sandbox-2", IbmApi.DNS)).isInfinite();
    }

    private static okhttp3.Response answer(int status) {
        return new okhttp3.Response.Builder().request(new okhttp3.Request.Builder().url("http://127.0.0.1:1/v1/x").build())
                .protocol(okhttp3.Protocol.HTTP_1_1).code(status).message("Too Many Requests")
                .body(okhttp3.ResponseBody.create("{}", okhttp3.MediaType.get("application/json"))).build();
    }

    @Test
    void aPlacedCallRunsOnItsAccountsPoolWithTheClientsOfItsAccountAndRegion() throws Exception {
        IbmClients clients = twoAccounts(Map.of());
        calls = new IbmCalls(camel, clients, Map.of(IbmApi.VPC, 1, IbmApi.DNS, 1), 1);
        AsyncProcessor placed = calls.onPlacedPool(String.class, body -> new IbmCalls.Target(body, "eu-de", IbmApi.VPC),
                (body, ibm) -> {
                    throw new IllegalStateException(ibm.account() + " in " + ibm.region() + " on " + Thread.currentThread().getName());
                });
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody("sandbox-2");
        CompletableFuture<Boolean> done = new CompletableFuture<>();

        assertThat(placed.process(exchange, done::complete)).isFalse();
        assertThat(done.get(WAIT_S, TimeUnit.SECONDS)).isFalse();
        assertThat(exchange.getException()).hasMessageStartingWith("sandbox-2 in eu-de on ").hasMessageEndingWith(" - ibm-vpc-sandbox-2");

        Exchange unknown = new DefaultExchange(camel);
        unknown.getIn().setBody("sandbox-3");
        assertThat(placed.process(unknown, sync -> { })).as("refused at once").isTrue();
        assertThat(unknown.getException()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown account 'sandbox-3'");
    }
}
