package com.cleanupservice.batch;

import com.cleanupservice.cleanup.NodeKey;
import com.cleanupservice.report.Response;
import com.cleanupservice.support.Incident;
import com.cleanupservice.support.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

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
    private volatile Map<String, Object> entry;
    private volatile boolean success;
    /** The earlier item naming the same target, and its index in {@code targets}: this one then runs nothing. */
    private BatchItem first;
    private int firstIndex;

    BatchItem(BatchOperation operation, Object given) {
        this.operation = operation;
        this.given = given;
        this.target = operation.target(given).orElse(null);
        if (target == null) {
            Map<String, Object> invalid = new LinkedHashMap<>();
            invalid.put("target", given);
            invalid.put("success", false);
            invalid.put("error", INVALID);
            entry = invalid;
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
        Map<String, Object> e = new LinkedHashMap<>();
        Object key = response.field(operation.keyField());
        e.put(operation.keyField(), key != null ? key : target.value());
        success = operation.succeeded(response);
        e.put(operation.outcomeField(), success);
        e.put("result", response.body());
        entry = e;
    }

    /** Refused (a {@link Refusal}: unknown, live, running) or broke off: the target fails, the batch goes on. */
    void failed(Throwable error) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put(operation.keyField(), target.value());
        e.put(operation.outcomeField(), false);
        e.put("status", error instanceof Refusal r ? r.status() : 500);
        e.put("error", error instanceof Refusal ? error.getMessage()
                : Incident.report(LOG, "Batch target " + target + " failed", error).message());
        if (error instanceof Refusal r) {
            r.details().forEach(e::putIfAbsent); // e.g. why a live node was refused
        }
        success = false;
        entry = e;
    }

    boolean success() {
        return first != null ? first.success() : success;
    }

    Map<String, Object> entry() {
        if (first != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            Object key = first.entry().get(operation.keyField());
            e.put(operation.keyField(), key != null ? key : target.value());
            e.put(operation.outcomeField(), first.success());
            e.put("duplicate_of", firstIndex);
            e.put("message", "Same target as targets[" + firstIndex + "]: done once, its result is there");
            return e;
        }
        return entry != null ? entry : Map.of(operation.keyField(), target.value(), operation.outcomeField(), false,
                "status", 500, "error", "target was not processed");
    }

    Object given() {
        return given;
    }
}
