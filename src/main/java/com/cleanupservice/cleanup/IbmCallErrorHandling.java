package com.cleanupservice.cleanup;

import org.apache.camel.BeanInject;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * Redelivery for every route that calls IBM ({@code routeConfigurationId("ibm-calls")}): retry what
 * {@link RetryPolicy} says is transient, with its delays (scheduled, no thread sleeps), then hand the exchange to the
 * dead letter route, which records the failure. The exchange body (the task) is kept as it is.
 */
public final class IbmCallErrorHandling extends RouteConfigurationBuilder {

    @BeanInject
    RetryPolicy retryPolicy;

    @Override
    public void configuration() {
        routeConfiguration("ibm-calls")
                .errorHandler(deadLetterChannel(CleanupEndpoints.RECORD_DEAD_LETTER)
                        .deadLetterHandleNewException(true)
                        // no count: RetryPolicy retries until the resource's time budget is spent
                        .maximumRedeliveries(-1)
                        .retryWhile(method(retryPolicy, "shouldRetry"))
                        .onExceptionOccurred(retryPolicy::computeDelay)
                        // counted and logged by the policy, with the run, node and resource in the log's context
                        .onRedelivery(retryPolicy::redelivering)
                        .asyncDelayedRedelivery()
                        .logRetryAttempted(false)
                        .logStackTrace(false)
                        // the dead letter route records the failure, and the ledger logs it with its context
                        .logExhausted(false)
                        .logExhaustedMessageHistory(false));
    }
}
