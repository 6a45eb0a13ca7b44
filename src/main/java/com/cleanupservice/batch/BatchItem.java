package com.cleanupservice.batch;

import com.cleanupservice.api.schema.BatchResult;
import com.cleanupservice.cleanup.NodeKey;
import com.cleanupservice.report.Response;
import com.cleanupservice.support.Incident;
import com.cleanupservice.support.Refusal;
import com.fasterxml.jackson.databind.node.NullNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One target of a batch and, once it ran, its entry in the answer. Entries follow the seed: {@code {node_name,
 * success, result}} ({@code deployment_id} for deployments, {@code cleanup_complete} for validation), a failure
 * {@code {node_name, success:false, status, error}}, an unusable target {@code {target, success:false, error}}.
 * Written by the thread that ran the target, read after the batch's split completed.
 */
final class BatchItem {
    static final String INVALID = "Invalid target format";
    private static final Logger LOG = LoggerFactory.getLogger(BatchItem.class);

    private final BatchOperation operation;
    private final Object given;
    private final NodeKey target;
    private volatile BatchResult.TargetResult entry;
    private volatile boolean success;
    /** The earlier item naming the same target, and its index in {@code targets}: this one then runs nothing. */
    private BatchItem first;
    private int firstIndex;

    BatchItem(BatchOperation operation, Object given) {
        this.operation = operation;
        this.given = given;
        this.target = operation.target(given).orElse(null);
        if (target == null) {
            // a null target is written as null: it is what was given
            entry = BatchResult.TargetResult.unusable(given == null ? NullNode.instance : given, INVALID);
        }
    }

    boolean runnable() {
        return target != null && first == null;
    }

    NodeKey target() {
        return target;
    }

    /** Names the same node or deployment as {@code earlier} (targets[{@code index}]): it runs once, this mirrors it. */
    void duplicateOf(BatchItem earlier, int index) {
        this.first = earlier;
        this.firstIndex = index;
    }

    /** The target's own answer: the name it resolved to, the verdict, and the whole answer as {@code result}. */
    void answered(Object reply) {
        Response response = reply instanceof Response r ? r : new Response(500, Map.of("error", "unexpected answer: " + reply));
        Object key = response.field(operation.keyField());
        success = operation.succeeded(response);
        entry = entry(key != null ? String.valueOf(key) : target.value(), success, null, null, null, null, response.body(), null);
    }

    /** Refused (a {@link Refusal}: unknown, live, running) or broke off: the target fails, the batch goes on. */
    void failed(Throwable error) {
        String message = error instanceof Refusal ? error.getMessage()
                : Incident.report(LOG, "Batch target " + target + " failed", error).message();
        // e.g. why a live node was refused; never in place of the entry's own members
        Map<String, Object> details = error instanceof Refusal r ? detailsBeside(r.details(), Set.of(operation.keyField(),
                operation.outcomeField(), "status", "error")) : null;
        success = false;
        entry = entry(target.value(), false, error instanceof Refusal r ? r.status() : 500, message, null, null, null, details);
    }

    boolean success() {
        return first != null ? first.success() : success;
    }

    BatchResult.TargetResult entry() {
        if (first != null) {
            BatchResult.TargetResult earlier = first.entry();
            String key = "deployment_id".equals(operation.keyField()) ? earlier.deployment_id() : earlier.node_name();
            return entry(key != null ? key : target.value(), first.success(), null, null, firstIndex,
                    "Same target as targets[" + firstIndex + "]: done once, its result is there", null, null);
        }
        return entry != null ? entry : entry(target.value(), false, 500, "target was not processed", null, null, null, null);
    }

    Object given() {
        return given;
    }

    /** An entry naming its target and verdict by the operation's fields ({@code node_name}/{@code deployment_id}, {@code success}/{@code cleanup_complete}). */
    private BatchResult.TargetResult entry(String key, boolean verdict, Integer status, String error, Integer duplicateOf, String message,
                                    Object result, Map<String, Object> details) {
        boolean deployment = "deployment_id".equals(operation.keyField());
        boolean validation = "cleanup_complete".equals(operation.outcomeField());
        return new BatchResult.TargetResult(null, deployment ? null : key, deployment ? key : null, validation ? null : verdict,
                validation ? verdict : null, status, error, duplicateOf, message, result, details);
    }

    /** A refusal's details, less any that would stand for one of the entry's own members ({@code own}). */
    private static Map<String, Object> detailsBeside(Map<String, ?> details, Set<String> own) {
        return details.entrySet().stream().filter(d -> !own.contains(d.getKey()))
                .collect(LinkedHashMap::new, (m, d) -> m.put(d.getKey(), d.getValue()), Map::putAll);
    }
}
