package com.cleanupservice.simulator;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts per operation and per (operation, resource id). Every request that reaches a known operation
 * counts, whatever it is answered: success, IBM error, injected fault or rate limit. The requests the rate limit
 * refused (429) are also counted on their own, per operation, and so are the requests the simulator carried out
 * ({@link #accepted}: answered 2xx — a DELETE it accepted — or that would have been, had the client still been there
 * for the answer), per operation and per resource: two accepted DELETEs of one resource are a duplicate delete. Per
 * resource, an operation counts at most {@link #IDS_PER_OPERATION} distinct ids (the ones it saw first): a
 * long-running sandbox serving a sweep of a hundred thousand nodes keeps its memory; the per-operation counts stay
 * exact. The requests are also counted per operation by where they were made ({@link #byRegionAccount}): the region
 * of the endpoint ({@code global} for DNS Services and IAM) and the account of the token (of the API key, for IAM);
 * a request without a known account (no token, an unknown or expired one) is left out there.
 */
public final class SimulatorStats {
    static final int IDS_PER_OPERATION = 10_000;
    /** The snapshot as a map whose numbers are all {@code Long}, as the counts are. */
    private static final ObjectMapper LONGS = HttpSupport.JSON.copy().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> byResource = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> acceptedByOperation = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> acceptedByResource = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> byPlace = new ConcurrentHashMap<>();

    void record(String operation, String resourceId) {
        record(operation, resourceId, null);
    }

    /** @param place {@code region/account} ({@code global/account} for DNS Services and IAM), {@code null}: unknown */
    void record(String operation, String resourceId, String place) {
        count(byOperation, byResource, operation, resourceId);
        if (place != null) {
            byPlace.computeIfAbsent(place, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(operation, k -> new LongAdder()).increment();
        }
    }

    /** The request was carried out: its answer is 2xx (sent, or due when the client had gone). */
    void recordAccepted(String operation, String resourceId) {
        count(acceptedByOperation, acceptedByResource, operation, resourceId);
    }

    private static void count(Map<String, LongAdder> byOperation, Map<String, Map<String, LongAdder>> byResource, String operation,
                              String resourceId) {
        byOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
        if (resourceId != null) {
            Map<String, LongAdder> perId = byResource.computeIfAbsent(operation, k -> new ConcurrentHashMap<>());
            LongAdder adder = perId.get(resourceId);
            if (adder == null && perId.size() >= IDS_PER_OPERATION) {
                return;
            }
            (adder != null ? adder : perId.computeIfAbsent(resourceId, k -> new LongAdder())).increment();
        }
    }

    void recordRateLimited(String operation) {
        rateLimited.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    public long count(String operation) {
        LongAdder adder = byOperation.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    public long count(String operation, String resourceId) {
        return sum(byResource, operation, resourceId);
    }

    /** How many requests of {@code operation} the simulator carried out (answered 2xx); they count in {@link #count} too. */
    public long accepted(String operation) {
        LongAdder adder = acceptedByOperation.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /** How many requests of {@code operation} on this resource were carried out: more than one DELETE is a duplicate. */
    public long accepted(String operation, String resourceId) {
        return sum(acceptedByResource, operation, resourceId);
    }

    private static long sum(Map<String, Map<String, LongAdder>> byResource, String operation, String resourceId) {
        Map<String, LongAdder> perId = byResource.get(operation);
        LongAdder adder = perId == null ? null : perId.get(resourceId);
        return adder == null ? 0 : adder.sum();
    }

    /**
     * How many requests of {@code operation} were made at {@code region} ({@code global} for DNS Services and IAM)
     * with a token of {@code account} (by name); they count in {@link #count} too.
     */
    public long countIn(String region, String account, String operation) {
        Map<String, LongAdder> operations = byPlace.get(region + "/" + account);
        LongAdder adder = operations == null ? null : operations.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /**
     * The requests by where they were made, {@code {"eu-de/sandbox-2": {op: n}, "global/sandbox": {op: n}}}, sorted
     * by name, as {@code by_region_account} of {@link #snapshot()}.
     */
    public Map<String, Map<String, Long>> byRegionAccount() {
        Map<String, Map<String, Long>> places = new TreeMap<>();
        byPlace.forEach((place, operations) -> places.put(place, sums(operations)));
        return places;
    }

    public long total() {
        return byOperation.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** How many requests of {@code operation} the rate limit answered with 429 (they count in {@link #count} too). */
    public long rateLimited(String operation) {
        LongAdder adder = rateLimited.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    public long rateLimitedTotal() {
        return rateLimited.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public void reset() {
        byOperation.clear();
        byResource.clear();
        rateLimited.clear();
        acceptedByOperation.clear();
        acceptedByResource.clear();
        byPlace.clear();
    }

    /** Counts by operation and by (operation, resource id), each sorted by name. */
    record Counts(long total, Map<String, Long> operations, Map<String, Map<String, Long>> resources) {
    }

    /** The requests the rate limit refused, by operation. */
    record RateLimited(long total, Map<String, Long> operations) {
    }

    record Snapshot(@JsonUnwrapped Counts all, RateLimited rateLimited, Counts accepted,
                    Map<String, Map<String, Long>> byRegionAccount) {
    }

    /**
     * {@code {total, operations: {op: n}, resources: {op: {id: n}}, rate_limited: {total, operations: {op: n}},
     * accepted: {total, operations: {op: n}, resources: {op: {id: n}}}, by_region_account: {"region/account": {op:
     * n}}}}, sorted by name; {@code rate_limited} counts the requests (already in {@code total}) the rate limit refused,
     * {@code accepted} those carried out (answered 2xx), {@code by_region_account} the requests by where they were
     * made ({@link #byRegionAccount()}). Every count is a {@code Long}.
     */
    public Map<String, Object> snapshot() {
        Map<String, Long> limited = sums(rateLimited);
        Snapshot snapshot = new Snapshot(counts(byOperation, byResource), new RateLimited(total(limited), limited),
                counts(acceptedByOperation, acceptedByResource), byRegionAccount());
        return LONGS.convertValue(snapshot, HttpSupport.OBJECT);
    }

    private static Counts counts(Map<String, LongAdder> byOperation, Map<String, Map<String, LongAdder>> byResource) {
        Map<String, Long> operations = sums(byOperation);
        Map<String, Map<String, Long>> resources = new TreeMap<>();
        byResource.forEach((op, perId) -> resources.computeIfAbsent(op, k -> sums(perId)));
        return new Counts(total(operations), operations, resources);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> sums = new TreeMap<>();
        adders.forEach((key, n) -> sums.merge(key, n.sum(), Long::sum));
        return sums;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
