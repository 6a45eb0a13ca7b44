package com.cleanupservice.api.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A retry's answer is the cleanup's own, key for key and in its order, with the failure's id and status at its end. */
class FailureRetryTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRecordAnswerIsWrittenFieldByFieldThenTheFailure() throws Exception {
        Summary summary = new Summary(3, 2, "66.7%");
        ResourceGroup group = new ResourceGroup("dns_records", List.of());

        String written = json.writeValueAsString(new FailureRetry(new Answer("Cleanup completed", "node-1", null, summary, List.of(group)), 7,
                "resolved"));

        assertThat(written).isEqualTo("{\"message\":\"Cleanup completed\",\"node_name\":\"node-1\",\"error\":null,"
                + "\"summary\":{\"total_operations\":3,\"successful_operations\":2,\"success_rate\":\"66.7%\"},"
                + "\"details\":[{\"resource_type\":\"dns_records\",\"operations\":[]}],\"retried_failure_id\":7,\"failure_status\":\"resolved\"}");
    }

    @Test
    void aMapAnswerKeepsItsKeysAndNulls() throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", "Cleanup failed");
        answer.put("error", null);
        answer.put("node_id", 4L);

        assertThat(json.writeValueAsString(new FailureRetry(answer, 9, "open")))
                .isEqualTo("{\"message\":\"Cleanup failed\",\"error\":null,\"node_id\":4,\"retried_failure_id\":9,\"failure_status\":\"open\"}");
    }

    record Answer(String message, String node_name, String error, Summary summary, List<ResourceGroup> details) {
    }
}
