package com.cleanupservice.runs.store;

import com.cleanupservice.api.schema.BatchResult;
import com.cleanupservice.api.schema.ResourceGroup;
import com.cleanupservice.api.schema.ResourceOperation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RunSummariesTest {
    private final ObjectMapper json = new ObjectMapper();
    private final UUID runId = UUID.randomUUID();

    @Test
    void aDeploymentOfManyNodesKeepsTheFirstEntriesAndTheFailuresWithoutEveryOperation() throws Exception {
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            boolean ok = i % 2 == 0;
            results.add(entry("node-" + i, ok));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", "Deployment cleanup completed with errors for d");
        answer.put("summary", Map.of("total_operations", 3000));
        answer.put("results", results);
        answer.put("partial_results", results);
        answer.put("error", "125 of 3000 operation(s) failed");

        JsonNode doc = RunSummaries.of(json, answer, runId);

        assertThat(json.writeValueAsString(answer).length()).isGreaterThan(1_000_000);
        assertThat(json.writeValueAsString(doc).length()).isLessThan(200_000);
        assertThat(doc.get("message").asText()).isEqualTo("Deployment cleanup completed with errors for d");
        assertThat(doc.at("/summary/total_operations").asInt()).isEqualTo(3000);
        assertThat(doc.get("results")).hasSize(100);
        assertThat(doc.get("results_omitted").asInt()).isEqualTo(150);
        assertThat(doc.get("partial_results")).isEqualTo(doc.get("results"));
        assertThat(doc.get("failures")).hasSize(100);
        assertThat(doc.get("failures_omitted").asInt()).isEqualTo(25);
        assertThat(doc.at("/failures/0/node_name").asText()).isEqualTo("node-1");
        assertThat(doc.at("/results/0/result/details").isMissingNode()).isTrue();
        assertThat(doc.at("/results/0/result/partial_results").isMissingNode()).isTrue();
        JsonNode failedOps = doc.at("/failures/0/result/partial_results");
        assertThat(failedOps).hasSize(1);
        assertThat(failedOps.at("/0/operations")).hasSize(1);
        assertThat(failedOps.at("/0/operations/0/success").asBoolean()).isFalse();
        assertThat(doc.get("operations_url").asText()).isEqualTo("/api/cleanup/runs/" + runId + "/operations");
    }

    @Test
    void aNodeAnswerKeepsItsOperations() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", "Cleanup completed successfully for node n");
        answer.put("details", details(true));

        JsonNode doc = RunSummaries.of(json, answer, runId);

        assertThat(doc.at("/details/0/operations")).hasSize(12);
        assertThat(doc.has("failures")).isFalse();
    }

    @Test
    void aBatchAnswerKeepsItsFieldsInOrderAndWhatTheDocumentAddsComesAfterThem() {
        List<BatchResult.TargetResult> results = new ArrayList<>();
        results.add(BatchResult.TargetResult.unusable(NullNode.instance, "Invalid target format"));
        for (int i = 1; i < 250; i++) {
            boolean ok = i % 2 != 0;
            results.add(new BatchResult.TargetResult(null, "node-" + i, null, ok, null, ok ? null : 409, ok ? null : "refused", null,
                    null, ok ? Map.of("message", "ok") : null, ok ? null : Map.of("refused_nodes", List.of())));
        }
        BatchResult answer = new BatchResult("Batch cleanup_nodes completed", "cleanup_nodes", 250, 125, 125, "50.0%", null, results,
                "2026-12-07T00:00:00Z", null);

        JsonNode doc = RunSummaries.of(json, answer, runId);

        List<String> fields = new ArrayList<>();
        doc.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("message", "operation", "total_operations", "successful_operations", "failed_operations",
                "success_rate", "results", "timestamp", "results_omitted", "failures", "failures_omitted", "operations_url");
        assertThat(doc.get("results")).hasSize(100);
        assertThat(doc.get("results_omitted").asInt()).isEqualTo(150);
        assertThat(doc.at("/results/0/target").isNull()).as("a null target stays null").isTrue();
        assertThat(doc.at("/results/2/refused_nodes").isArray()).isTrue();
        assertThat(doc.at("/results/2").has("result")).isFalse();
        assertThat(doc.get("failures")).hasSize(100);
        assertThat(doc.get("failures_omitted").asInt()).isEqualTo(25); // the unusable target and 124 refused ones
        // the same answer as a Map (as answers were before they were records) makes the same document
        Map<?, ?> asMap = json.convertValue(answer, LinkedHashMap.class);
        assertThat(RunSummaries.of(json, asMap, runId)).isEqualTo(doc);
    }

    private static Map<String, Object> entry(String node, boolean ok) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message", "Cleanup completed for node " + node);
        result.put("details", details(ok));
        if (!ok) {
            result.put("partial_results", details(ok));
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("node_name", node);
        entry.put("success", ok);
        entry.put("result", result);
        return entry;
    }

    /** Twelve operations of ~400 bytes; the last one failed unless {@code ok}. */
    private static List<ResourceGroup> details(boolean ok) {
        List<ResourceOperation> ops = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            boolean success = ok || i < 11;
            ops.add(new ResourceOperation("delete_subnet_reserved_ip", success, "Reserved IP " + i + " deleted".repeat(8), "0717-ip-" + i,
                    "ip-" + i, success ? "DELETED" : "FAILED", 1, 40L, success ? 204 : 403, success ? null : "forbidden", "trace-" + i));
        }
        return List.of(new ResourceGroup("ip_reservations", ops));
    }
}
