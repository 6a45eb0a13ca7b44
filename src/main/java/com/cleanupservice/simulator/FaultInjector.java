package com.cleanupservice.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ordered fault rules applied to incoming requests. For each request every matching latency rule adds its
 * delay, and the first matching rule of any other type decides the answer. Each rule rolls its own probability;
 * a rule counts against its {@code remaining} budget only when it actually applies.
 */
public final class FaultInjector {

    /** A rule with its live budget ({@code null} when unlimited). */
    private record Entry(FaultRule rule, AtomicInteger remaining) {
        static Entry of(FaultRule rule) {
            return new Entry(rule, rule.remaining() == null ? null : new AtomicInteger(rule.remaining()));
        }

        boolean tryApply() {
            if (rule.probability() < 1.0 && ThreadLocalRandom.current().nextDouble() >= rule.probability()) {
                return false;
            }
            if (remaining == null) {
                return true;
            }
            int left;
            do {
                left = remaining.get();
                if (left <= 0) {
                    return false;
                }
            } while (!remaining.compareAndSet(left, left - 1));
            return true;
        }

        FaultRule current() {
            return remaining == null ? rule : rule.times(remaining.get());
        }
    }

    /**
     * What to do with one request: wait {@code latencyMs}, then apply {@code action} (a non-latency rule), or
     * serve the request normally when it is {@code null}.
     */
    record Decision(long latencyMs, FaultRule action) {
        static final Decision NONE = new Decision(0, null);

        boolean deleteFails() {
            return action != null && action.type() == FaultRule.Type.DELETE_FAILS;
        }
    }

    // Replaced wholesale on every change so that deciding needs no lock.
    private volatile List<Entry> entries = List.of();

    public synchronized void add(FaultRule rule) {
        List<Entry> next = new ArrayList<>(entries);
        next.add(Entry.of(rule));
        entries = List.copyOf(next);
    }

    public synchronized void replace(List<FaultRule> rules) {
        entries = rules.stream().map(Entry::of).toList();
    }

    public synchronized void clear() {
        entries = List.of();
    }

    /** The rules in order, each with its current {@code remaining} budget. */
    public List<FaultRule> rules() {
        return entries.stream().map(Entry::current).toList();
    }

    Decision decide(String operation, String resourceId) {
        return decide(operation, resourceId, null);
    }

    /** @param account the request's account (its token's), {@code null} when unknown */
    Decision decide(String operation, String resourceId, String account) {
        long latency = 0;
        FaultRule action = null;
        for (Entry entry : entries) {
            FaultRule rule = entry.rule();
            if (!rule.matches(operation, resourceId, account)) {
                continue;
            }
            if (rule.type() == FaultRule.Type.LATENCY) {
                if (entry.tryApply()) {
                    long jitter = rule.jitterMs() == 0 ? 0 : ThreadLocalRandom.current().nextLong(rule.jitterMs() + 1);
                    latency += rule.latencyMs() + jitter;
                }
            } else if (action == null && entry.tryApply()) {
                action = rule;
            }
        }
        return latency == 0 && action == null ? Decision.NONE : new Decision(latency, action);
    }
}
