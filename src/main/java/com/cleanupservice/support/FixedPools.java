package com.cleanupservice.support;

import org.apache.camel.CamelContext;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.spi.ThreadPoolProfile;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Camel-managed fixed pools: a thread pool profile registered on the context's {@code ExecutorServiceManager} (so the
 * pool is named, listed and shut down by Camel) shaped as {@code Executors.newFixedThreadPool} makes one: threads
 * kept, an unbounded queue (Camel's "no queue" is 0 or less, so the largest bound), and a task refused (never run by
 * the caller, which would exceed the bound) only once the pool is shut down.
 */
public final class FixedPools {
    private FixedPools() {
    }

    public static ExecutorService create(CamelContext context, Object source, String id, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("pool " + id + " needs at least 1 thread, not " + threads);
        }
        ThreadPoolProfile profile = new ThreadPoolProfile(id);
        profile.setPoolSize(threads);
        profile.setMaxPoolSize(threads);
        profile.setKeepAliveTime(0L);
        profile.setTimeUnit(TimeUnit.SECONDS);
        profile.setAllowCoreThreadTimeOut(false);
        profile.setMaxQueueSize(Integer.MAX_VALUE);
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        context.getExecutorServiceManager().registerThreadPoolProfile(profile);
        return context.getExecutorServiceManager().newThreadPool(source, id, id);
    }
}
