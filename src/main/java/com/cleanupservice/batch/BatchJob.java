package com.cleanupservice.batch;

import com.cleanupservice.api.schema.BatchResult;
import com.cleanupservice.api.schema.GuardCheck;
import com.cleanupservice.cleanup.NodeKey;
import com.cleanupservice.report.Response;
import com.cleanupservice.api.schema.Summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A batch being run: its targets in the order given, and the answer they add up to. */
public final class BatchJob {
    private final BatchRequest request;
    private final List<BatchItem> items;
    /** A dry run's word on the blast-radius guard (cleanups only). */
    private volatile GuardCheck guard;

    /**
     * @param identify what a target stands for ({@code "node 6"}: the id a node name resolves to), so that two targets
     *                 naming one node — twice the same, or its id and its name — run once: the later ones mirror the
     *                 first's result instead of failing as "already running"
     */
    BatchJob(BatchRequest request, Function<NodeKey, String> identify) {
        this.request = request;
        this.items = request.targets().stream().map(t -> new BatchItem(request.operation(), t)).toList();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            if (item.runnable()) {
                Integer earlier = seen.putIfAbsent(identify.apply(item.target()), i);
                if (earlier != null) {
                    item.duplicateOf(items.get(earlier), earlier);
                }
            }
        }
    }

    public BatchRequest request() {
        return request;
    }

    /** What the blast-radius guard says of a dry run: its answer carries it. */
    void guard(GuardCheck check) {
        this.guard = check;
    }

    /** The targets to run; unusable ones already hold their entry. */
    List<BatchItem> runnable() {
        return items.stream().filter(BatchItem::runnable).toList();
    }

    /**
     * The seed's batch answer. 200 when every target succeeded, 207 when any did not (the seed said 200 regardless;
     * 207 lets a client see partial failure from the status alone, and the helper script treats any 2xx as success).
     */
    Response report() {
        List<BatchResult.TargetResult> results = new ArrayList<>();
        int successful = 0;
        for (BatchItem item : items) {
            results.add(item.entry());
            successful += item.success() ? 1 : 0;
        }
        String operation = request.operation().wireName();
        return new Response(successful == results.size() ? 200 : 207, new BatchResult("Batch " + operation + " completed", operation,
                results.size(), successful, results.size() - successful, Summary.successRate(results.size(), successful),
                request.dryRun() ? Boolean.TRUE : null, results, Instant.now().toString(), guard));
    }
}
