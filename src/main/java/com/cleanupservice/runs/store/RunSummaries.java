package com.cleanupservice.runs.store;

import com.cleanupservice.api.schema.RunSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a run keeps of its answer once it ends: every count, message and error, the first {@link #ENTRIES} entries of a
 * deployment's, batch's or sweep's {@code results} (each without its list of every operation) and up to
 * {@link #ENTRIES} failed ones under {@code failures}. Whatever the run's size, its document (and so
 * {@code GET /api/cleanup/runs/{id}}) stays small; every operation is in the audit rows, served paged by
 * {@code GET /api/cleanup/runs/{id}/operations}.
 */
public final class RunSummaries {
    /** The most entries a stored list keeps. */
    public static final int ENTRIES = 100;

    private RunSummaries() {
    }

    /** The stored document of a run's answer (any answer: a record tree as the flows build it, or a map). */
    public static JsonNode of(ObjectMapper json, Object answer, UUID runId) {
        JsonNode tree = json.valueToTree(answer);
        // the answer's fields in its order; an answer that is no object is kept as {"result": ...}
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        (tree instanceof ObjectNode object ? object.properties() : Map.of("result", tree).entrySet())
                .forEach(field -> fields.put(field.getKey(), field.getValue()));
        Integer resultsOmitted = null;
        List<JsonNode> failures = null;
        Integer failuresOmitted = null;
        if (fields.get("results") instanceof ArrayNode results) {
            List<JsonNode> kept = new ArrayList<>();
            List<JsonNode> failed = new ArrayList<>();
            int failedCount = 0;
            for (JsonNode entry : results) {
                JsonNode brief = brief(entry);
                if (kept.size() < ENTRIES) {
                    kept.add(brief);
                }
                if (entry.has("success") && !entry.get("success").asBoolean() || entry.has("cleanup_complete") && !entry.get("cleanup_complete").asBoolean()) {
                    failedCount++;
                    if (failed.size() < ENTRIES) {
                        failed.add(brief);
                    }
                }
            }
            ArrayNode keptNode = json.createArrayNode().addAll(kept);
            fields.replace("results", keptNode);
            fields.replace("partial_results", keptNode); // the seed's copy of the results
            if (results.size() > kept.size()) {
                resultsOmitted = results.size() - kept.size();
                if (fields.replace("results_omitted", IntNode.valueOf(resultsOmitted)) != null) {
                    resultsOmitted = null; // the answer's own, where it stands
                }
            }
            if (!fields.containsKey("failures")) {
                failures = failed;
                failuresOmitted = failedCount > failed.size() ? failedCount - failed.size() : null;
            }
        }
        return json.valueToTree(new RunSummary(fields, resultsOmitted, failures, failuresOmitted, "/api/cleanup/runs/" + runId + "/operations"));
    }

    /** A results entry without the list of every operation its {@code result} carries (its failed ones stay). */
    private static JsonNode brief(JsonNode entry) {
        if (!(entry instanceof ObjectNode object) || !(object.get("result") instanceof ObjectNode result) || !result.has("details")) {
            return entry;
        }
        ObjectNode copy = object.deepCopy();
        ObjectNode r = (ObjectNode) copy.get("result");
        JsonNode details = r.remove("details");
        if (r.has("partial_results") || !object.path("success").asBoolean(true)) {
            r.set("partial_results", failedOperations(details));
        }
        return copy;
    }

    private static ArrayNode failedOperations(JsonNode groups) {
        ArrayNode failed = groups instanceof ArrayNode ? ((ArrayNode) groups).arrayNode() : null;
        if (failed == null) {
            return null;
        }
        for (JsonNode group : groups) {
            ArrayNode ops = failed.arrayNode();
            group.path("operations").forEach(op -> {
                if (!op.path("success").asBoolean()) {
                    ops.add(op);
                }
            });
            if (!ops.isEmpty()) {
                ObjectNode g = failed.objectNode();
                g.set("resource_type", group.get("resource_type"));
                g.set("operations", ops);
                failed.add(g);
            }
        }
        return failed;
    }
}
