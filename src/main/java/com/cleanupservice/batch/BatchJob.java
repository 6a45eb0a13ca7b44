package com.cleanupservice.batch;

import com.cleanupservice.report.Response;
import com.cleanupservice.report.Summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A batch being run: its targets in the order given, and the answer they add up to. */
public final class BatchJob {
    private final BatchRequest request;
    private final List<BatchItem> items;

    BatchJob(BatchRequest request) {
        this.request = request;
        this.items = request.targets().stream().map(t -> new BatchItem(request.operation(), t)).toList();
    }

    public BatchRequest request() {
        return request;
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
        List<Map<String, Object>> results = new ArrayList<>();
        int successful = 0;
        for (BatchItem item : items) {
            results.add(item.entry());
            successful += item.success() ? 1 : 0;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "Batch " + request.operation().wireName() + " completed");
        body.put("operation", request.operation().wireName());
        body.put("total_operations", results.size());
        body.put("successful_operations", successful);
        body.put("failed_operations", results.size() - successful);
        body.put("success_rate", Summary.successRate(results.size(), successful));
        if (request.dryRun()) {
            body.put("dry_run", true);
        }
        body.put("results", results);
        body.put("timestamp", Instant.now().toString());
        return new Response(successful == results.size() ? 200 : 207, body);
    }
}
