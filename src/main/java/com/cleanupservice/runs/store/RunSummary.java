package com.cleanupservice.runs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;

/**
 * What a run keeps of its answer once it ends: every count, message and error, the first {@link #ENTRIES} entries of a
 * deployment's, batch's or sweep's {@code results} (each without its list of every operation) and up to
 * {@link #ENTRIES} failed ones under {@code failures}. Whatever the run's size, its document (and so
 * {@code GET /api/cleanup/runs/{id}}) stays small; every operation is in the audit rows, served paged by
 * {@code GET /api/cleanup/runs/{id}/operations}.
 */
public final class RunSummary {
    /** The most entries a stored list keeps. */
    public static final int ENTRIES = 100;

    private RunSummary() {
    }

    /** The stored document of a run's answer (a map or record tree as the flows build it). */
    public static ObjectNode of(ObjectMapper json, Object answer, UUID runId) {
        JsonNode tree = json.valueToTree(answer);
        ObjectNode doc = tree instanceof ObjectNode o ? o : json.createObjectNode().set("result", tree);
        if (doc.get("results") instanceof ArrayNode results) {
            ArrayNode kept = json.createArrayNode();
            ArrayNode failures = json.createArrayNode();
            int failed = 0;
            for (JsonNode entry : results) {
                JsonNode brief = brief(entry);
                if (kept.size() < ENTRIES) {
                    kept.add(brief);
                }
                if (entry.has("success") && !entry.get("success").asBoolean() || entry.has("cleanup_complete") && !entry.get("cleanup_complete").asBoolean()) {
                    failed++;
                    if (failures.size() < ENTRIES) {
                        failures.add(brief);
                    }
                }
            }
            doc.set("results", kept);
            if (results.size() > kept.size()) {
                doc.put("results_omitted", results.size() - kept.size());
            }
            if (doc.has("partial_results")) {
                doc.set("partial_results", kept); // the seed's copy of the results
            }
            if (!doc.has("failures")) {
                doc.set("failures", failures);
                if (failed > failures.size()) {
                    doc.put("failures_omitted", failed - failures.size());
                }
            }
        }
        doc.put("operations_url", "/api/cleanup/runs/" + runId + "/operations");
        return doc;
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
