package com.cleanupservice.batch;

import com.cleanupservice.cleanup.CleanupEndpoints;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.NodeKey;
import com.cleanupservice.report.Response;
import com.cleanupservice.support.Input;
import com.cleanupservice.validation.ValidationEndpoints;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three operations a batch may name (the seed's {@code operation} values): which entry point a target goes to,
 * what a target may look like, and how its answer reads in the batch's {@code results}.
 */
public enum BatchOperation {
    CLEANUP_NODES("cleanup_nodes", CleanupEndpoints.CLEANUP_NODE, "node_name", "success", List.of("node_name", "node_id")),
    CLEANUP_DEPLOYMENTS("cleanup_deployments", CleanupEndpoints.CLEANUP_DEPLOYMENT, "deployment_id", "success", List.of("deployment_id")),
    VALIDATE_CLEANUP("validate_cleanup", ValidationEndpoints.VALIDATE_NODE, "node_name", "cleanup_complete", List.of("node_name", "node_id"));

    private final String wireName;
    private final String endpoint;
    private final String keyField;
    private final String outcomeField;
    private final List<String> objectFields;

    BatchOperation(String wireName, String endpoint, String keyField, String outcomeField, List<String> objectFields) {
        this.wireName = wireName;
        this.endpoint = endpoint;
        this.keyField = keyField;
        this.outcomeField = outcomeField;
        this.objectFields = objectFields;
    }

    public static Optional<BatchOperation> named(Object name) {
        return Arrays.stream(values()).filter(op -> op.wireName.equals(name)).findFirst();
    }

    public String wireName() {
        return wireName;
    }

    /** "cleanup_nodes, cleanup_deployments or validate_cleanup": what a refusal lists as the valid names. */
    static String wireNames() {
        List<String> names = Arrays.stream(values()).map(BatchOperation::wireName).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /**
     * Called synchronously so that a batch's bound on parallel targets holds: an entry point that continues
     * asynchronously would otherwise free its thread for the next target.
     */
    String endpointUri() {
        return endpoint + "?synchronous=true";
    }

    /** The keys an object target may have ({@code node_name}, {@code node_id}, {@code deployment_id}). */
    List<String> objectFields() {
        return objectFields;
    }

    /** The entry's name for its target ({@code node_name}, {@code deployment_id}). */
    String keyField() {
        return keyField;
    }

    /** The entry's verdict ({@code success}; {@code cleanup_complete} for validation, as the seed has it). */
    String outcomeField() {
        return outcomeField;
    }

    /**
     * What a target names, or empty when it is not a valid target. A string is read as a path is (all digits: a node's
     * id; anything else: a node's exact name, or a deployment's id), a whole number is a node id; an object names it
     * explicitly with one of the operation's fields: {@code {"node_name": "..."}} is a node's exact name and never an id
     * (a JSON string only: {@code 6} is not a name), {@code {"node_id": 6}} a node's id (a number or digits), {@code
     * {"deployment_id": "..."}}. An object with two of them is not a target.
     */
    public Optional<NodeKey> target(Object given) {
        if (given instanceof Map<?, ?> object) {
            List<String> fields = objectFields.stream().filter(object::containsKey).toList();
            if (fields.size() != 1) {
                return Optional.empty();
            }
            Object value = object.get(fields.get(0));
            return switch (fields.get(0)) {
                case "node_name" -> value instanceof String s ? valid(s.trim()).map(NodeKey::name) : Optional.empty();
                case "node_id" -> scalar(value).filter(NodeClaims::isNodeId).map(NodeKey::path);
                default -> value instanceof String s ? valid(s.trim()).map(NodeKey::path) : Optional.empty();
            };
        }
        return scalar(given).map(NodeKey::path);
    }

    /** What the entry point takes for one target. */
    Object request(NodeKey target, BatchRequest batch) {
        if (this == VALIDATE_CLEANUP) {
            return target;
        }
        CleanupRequest request = target.byName()
                ? CleanupRequest.ofNodeName(target.value(), batch.force(), batch.dryRun(), batch.trigger())
                : CleanupRequest.of(target.value(), batch.force(), batch.dryRun(), batch.trigger());
        return request.withParent(batch.parentRunId());
    }

    /** A cleanup succeeded when it answered 200; a validation when it found the node clean. */
    boolean succeeded(Response response) {
        if (this == VALIDATE_CLEANUP) {
            return response.status() == 200 && Boolean.TRUE.equals(response.field("cleanup_complete"));
        }
        return response.status() == 200;
    }

    private static Optional<String> scalar(Object value) {
        String text = null;
        if (value instanceof String s) {
            text = s.trim();
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            text = value.toString(); // a numeric node id; 42.5 or true are not ids
        }
        return Optional.ofNullable(text).flatMap(BatchOperation::valid);
    }

    private static Optional<String> valid(String text) {
        return Optional.of(text).filter(t -> Input.ID.matcher(t).matches());
    }
}
