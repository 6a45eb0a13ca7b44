package com.cleanupservice.batch;

import com.cleanupservice.support.Refusal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch's {@code confirm_count}, in a REST body and in an inbox file alike: a whole number, or refused without quoting it. */
class BatchRequestConfirmCountTest {

    @Test
    void aBatchCarriesTheCountAPersonConfirmed() {
        Map<String, Object> body = Map.of("operation", "cleanup_nodes", "targets", List.of("node-a"), "confirm_count", 24);

        assertThat(BatchRequest.from(body, "batch", null, 500).confirmCount()).isEqualTo(24);
        assertThat(BatchRequest.fromFile(body, 500).confirmCount()).isEqualTo(24);
        assertThat(BatchRequest.fromFile(Map.of("operation", "cleanup_nodes", "targets", List.of("node-a")), 500).confirmCount()).isNull();
    }

    @Test
    void aCountThatIsNoWholeNumberIsRefusedWithoutQuotingIt() {
        for (Object bad : List.of(24.5, "twenty-four", true, -1, List.of(24))) {
            Map<String, Object> body = Map.of("operation", "cleanup_nodes", "targets", List.of("node-a"), "confirm_count", bad);
            assertThatThrownBy(() -> BatchRequest.fromFile(body, 500)).isInstanceOf(Refusal.class)
                    .hasMessageContaining("confirm_count must be a whole number").hasMessageNotContaining(String.valueOf(bad))
                    .satisfies(e -> assertThat(((Refusal) e).status()).isEqualTo(400));
        }
    }
}
