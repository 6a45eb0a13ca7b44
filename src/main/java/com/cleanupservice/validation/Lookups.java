package com.cleanupservice.validation;

import com.cleanupservice.ibm.IbmCalls;
import com.cleanupservice.ibm.IbmErrors;
import com.cleanupservice.resources.Attempt;
import com.cleanupservice.resources.TrackedResource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Live existence lookups of tracked resources. Each runs its type's probe on the IBM API's shared pool (so validation
 * and cleanups together never exceed the per-API bound); all are submitted first and awaited after, so one node's
 * lookups run side by side. A lookup's time limit starts when it gets a thread, not while it queues behind other
 * work on the pool; queueing has its own, longer limit. Running out of either is an ERROR, never a PASS.
 */
final class Lookups {

    /** A submitted lookup. */
    record Pending(TrackedResource resource, CompletableFuture<Void> started, Future<Attempt> answer) {
    }

    private final IbmCalls calls;
    private final Duration queueLimit;
    private final Duration callLimit;

    /**
     * @param queueLimit how long a lookup may wait for a free thread of its API's pool
     * @param callLimit  how long a started lookup may take (the HTTP client's own timeouts normally end it first)
     */
    Lookups(IbmCalls calls, Duration queueLimit, Duration callLimit) {
        this.calls = calls;
        this.queueLimit = queueLimit;
        this.callLimit = callLimit;
    }

    List<Pending> start(List<TrackedResource> resources) {
        return resources.stream().map(this::start).toList();
    }

    private Pending start(TrackedResource resource) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            // at the row's own account and region: the default's endpoint would answer 404 for a row placed elsewhere
            Future<Attempt> answer = calls.submitAt(resource.account(), resource.region(), resource.type().declaration().api(), placed -> {
                started.complete(null);
                return resource.type().probe(placed, resource);
            });
            if (answer.isDone()) {
                started.complete(null); // refused before it was queued (a place no account allows): its failure is the answer
            }
            return new Pending(resource, started, answer);
        } catch (RejectedExecutionException shuttingDown) {
            started.complete(null);
            return new Pending(resource, started, CompletableFuture.failedFuture(shuttingDown));
        }
    }

    List<LookupResult> await(List<Pending> pending) {
        return pending.stream().map(this::await).toList();
    }

    LookupResult await(Pending p) {
        try {
            p.started().get(queueLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            p.answer().cancel(false);
            return LookupResult.error(p.resource(), "no free " + p.resource().type().declaration().api() + " API thread within "
                    + queueLimit.toMillis() + " ms (the service is busy; try again)", null);
        } catch (InterruptedException | ExecutionException e) {
            return interrupted(p);
        }
        try {
            return LookupResult.of(p.resource(), p.answer().get(callLimit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            p.answer().cancel(true);
            return LookupResult.error(p.resource(), "no answer from IBM Cloud within " + callLimit.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return LookupResult.error(p.resource(), IbmErrors.describe(cause), IbmErrors.status(cause).orElse(null));
        } catch (CancellationException e) {
            return LookupResult.error(p.resource(), "lookup cancelled", null);
        } catch (InterruptedException e) {
            return interrupted(p);
        }
    }

    private static LookupResult interrupted(Pending p) {
        Thread.currentThread().interrupt();
        p.answer().cancel(true);
        return LookupResult.error(p.resource(), "validation interrupted", null);
    }
}
