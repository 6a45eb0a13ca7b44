package com.cleanupservice.batch;

import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.guard.BlastRadius;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A validated batch: {@code {"operation": ..., "targets": [...], "force": false, "dry_run": false, "confirm_count": N}}.
 * The same JSON comes over REST and in inbox files; {@code trigger} says which, {@code parentRunId} ties the runs it
 * starts to an umbrella run (an asynchronous batch) when there is one. {@code confirmCount} is the count of deletions a
 * person confirmed for the whole batch, its targets summed (null: none), which lets it go past the blast-radius guard.
 */
public record BatchRequest(BatchOperation operation, List<?> targets, boolean force, boolean dryRun, String trigger,
                           UUID parentRunId, Integer confirmCount) {
    static final List<String> KEYS = List.of("operation", "targets", "force", "dry_run", "confirm_count");

    /** A batch request's JSON (an HTTP body or an inbox file), with the seed's message when there is none. */
    static Map<String, Object> parse(Input input, byte[] content) {
        return input.jsonObject(content, "No data provided",
                "A batch request must be a JSON object {\"operation\": ..., \"targets\": [...]}");
    }

    /** Refuses (400) what the seed refuses, in its order and with its messages, plus oversized batches and bad flags. */
    public static BatchRequest from(Map<?, ?> body, String trigger, UUID parentRunId, int maxTargets) {
        return from(body, trigger, parentRunId, maxTargets, true);
    }

    /**
     * An inbox file's batch (trigger "inbox"), refused as {@link #from} refuses but without quoting the file's values:
     * the refusal is written to an error file and logged, and neither may carry what the file held.
     */
    static BatchRequest fromFile(Map<?, ?> body, int maxTargets) {
        return from(body, CleanupRequest.INBOX, null, maxTargets, false);
    }

    private static BatchRequest from(Map<?, ?> body, String trigger, UUID parentRunId, int maxTargets, boolean quote) {
        if (body == null || body.isEmpty()) {
            throw Refusal.badRequest("No data provided");
        }
        Input.requireKnownKeys(stringKeys(body), KEYS, "the batch request");
        Object operation = body.get("operation");
        Object targets = body.get("targets");
        if (operation == null || "".equals(operation) || targets == null || targets instanceof List<?> l && l.isEmpty()) {
            throw Refusal.badRequest("Missing operation or targets");
        }
        BatchOperation op = BatchOperation.named(operation)
                .orElseThrow(() -> Refusal.badRequest(quote ? "Unknown operation: " + com.cleanupservice.support.Printable.escape(String.valueOf(operation))
                        : "Unknown operation (expected " + BatchOperation.wireNames() + ")"));
        if (!(targets instanceof List<?> list)) {
            throw Refusal.badRequest("targets must be a JSON array of node names, ids or objects, not " + kind(targets, quote));
        }
        if (list.size() > maxTargets) {
            throw Refusal.badRequest("Too many targets: " + list.size() + " (at most " + maxTargets
                    + " per batch, setting cleanup.batch.max-targets); split the batch");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> target) {
                Input.requireKnownKeys(stringKeys(target), op.objectFields(), "targets[" + i + "]");
            }
        }
        // targets may hold nulls (each an invalid target of its own), which List.copyOf would refuse
        return new BatchRequest(op, Collections.unmodifiableList(new ArrayList<>(list)), flag(body, "force", quote),
                flag(body, "dry_run", quote), trigger, parentRunId, BlastRadius.confirmCount(body.get("confirm_count")));
    }

    private static Map<String, ?> stringKeys(Map<?, ?> map) {
        Map<String, Object> keyed = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> keyed.put(String.valueOf(k), v));
        return keyed;
    }

    /** Absent is false; {@code true} or {@code false} otherwise — a key given as null, "" or "true" is refused, never read as false. */
    private static boolean flag(Map<?, ?> body, String name, boolean quote) {
        if (!body.containsKey(name)) {
            return false;
        }
        Object value = body.get(name);
        if (value instanceof Boolean b) {
            return b;
        }
        throw Refusal.badRequest(name + " must be true or false, not " + (value == null ? "null" : kind(value, quote)));
    }

    private static String kind(Object value, boolean quote) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (!quote) {
            return value instanceof Number ? "a number" : "a boolean";
        }
        return "'" + value + "'";
    }
}
