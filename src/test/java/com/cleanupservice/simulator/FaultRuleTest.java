package com.cleanupservice.simulator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultRuleTest {

    @Test
    void roundTripsThroughJson() {
        FaultRule status = FaultRule.status("delete_bare_metal_server", 429).retryAfter(1).probability(0.5)
                .resourceId("srv").times(3);
        FaultRule latency = FaultRule.latency("*", 20, 10);

        assertThat(status.toJson()).isEqualTo(Map.of("operation", "delete_bare_metal_server", "resource_id", "srv",
                "type", "status", "status", 429, "retry_after", 1, "probability", 0.5, "remaining", 3));
        assertThat(FaultRule.fromJson(status.toJson())).isEqualTo(status);
        assertThat(FaultRule.fromJson(latency.toJson())).isEqualTo(latency);
        assertThat(FaultRule.fromJson(Map.of("type", "reset"))).isEqualTo(FaultRule.reset(null));
        assertThat(FaultRule.reset(null).operation()).isEqualTo("*");
    }

    @Test
    void rejectsInconsistentRules() {
        assertThatThrownBy(() -> FaultRule.status("get_bare_metal_server", 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultRule.hang("delete_everything")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultRule.hang("*").probability(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultRule.hang("*").times(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultRule.hang("*").retryAfter(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultRule.latency("*", -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaultRule("get_bare_metal_server", null, FaultRule.Type.DELETE_FAILS, null, null,
                0, 0, 1, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delete_fails");
        assertThatThrownBy(() -> FaultRule.fromJson(Map.of("type", "hang", "oops", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oops");
        assertThatThrownBy(() -> FaultRule.fromJson(Map.of("type", "status", "status", 503.5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wildcardNeverMatchesIamUnlessNamed() {
        assertThat(FaultRule.hang("*").matches("get_dns_record", "x")).isTrue();
        assertThat(FaultRule.hang("*").matches("create_iam_token", null)).isFalse();
        assertThat(FaultRule.hang("create_iam_token").matches("create_iam_token", null)).isTrue();
        assertThat(FaultRule.hang("*").resourceId("a").matches("get_dns_record", "b")).isFalse();
    }
}
