package com.cleanupservice.batch;

import com.cleanupservice.api.Api;
import com.cleanupservice.api.Problem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A validated batch: {@code {"operation": ..., "targets": [...], "force": false, "dry_run": false}}. The same JSON
 * comes over REST and in inbox files; {@code trigger} says which, {@code parentRunId} ties the runs it starts to an
 * umbrella run (an asynchronous batch) when there is one.
 */
public record BatchRequest(BatchOperation operation, List<?> targets, boolean force, boolean dryRun, String trigger,
                           UUID parentRunId) {
    static final List<String> KEYS = List.of("operation", "targets", "force", "dry_run");

    /** A batch request's JSON (an HTTP body or an inbox file), with the seed's message when there is none. */
    static Map<String, Object> parse(Api api, byte[] content) {
        return api.parseObject(content, "No data provided",
                "A batch request must be a JSON object {\"operation\": ..., \"targets\": [...]}");
    }

    /** Refuses (400) what the seed refuses, in its order and with its messages, plus oversized batches and bad flags. */
    public static BatchRequest from(Map<?, ?> body, String trigger, UUID parentRunId, int maxTargets) {
        if (body == null || body.isEmpty()) {
            throw Problem.badRequest("No data provided");
        }
        Api.requireKnownKeys(stringKeys(body), KEYS, "the batch request");
        Object operation = body.get("operation");
        Object targets = body.get("targets");
        if (operation == null || "".equals(operation) || targets == null || targets instanceof List<?> l && l.isEmpty()) {
            throw Problem.badRequest("Missing operation or targets");
        }
        BatchOperation op = BatchOperation.named(operation)
                .orElseThrow(() -> Problem.badRequest("Unknown operation: " + operation));
        if (!(targets instanceof List<?> list)) {
            throw Problem.badRequest("targets must be a JSON array of node names, ids or objects, not " + kind(targets));
        }
        if (list.size() > maxTargets) {
            throw Problem.badRequest("Too many targets: " + list.size() + " (at most " + maxTargets
                    + " per batch, setting cleanup.batch.max-targets); split the batch");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> target) {
                Api.requireKnownKeys(stringKeys(target), op.objectFields(), "targets[" + i + "]");
            }
        }
        // targets may hold nulls (each an invalid target of its own), which List.copyOf would refuse
        return new BatchRequest(op, Collections.unmodifiableList(new ArrayList<>(list)), flag(body, "force"), flag(body, "dry_run"), trigger, parentRunId);
    }

    private static Map<String, ?> stringKeys(Map<?, ?> map) {
        Map<String, Object> keyed = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> keyed.put(String.valueOf(k), v));
        return keyed;
    }

    private static boolean flag(Map<?, ?> body, String name) {
        Object value = body.get(name);
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        throw Problem.badRequest(name + " must be true or false, not " + kind(value));
    }

    private static String kind(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value instanceof String ? "a string" : "'" + value + "'";
    }
}
