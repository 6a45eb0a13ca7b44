package com.cleanupservice.api.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTest {
    @Test
    void successRateIsFormattedLikeTheSeed() {
        assertThat(Summary.successRate(12, 11)).isEqualTo("91.7%");
        assertThat(Summary.successRate(13, 13)).isEqualTo("100.0%");
        assertThat(Summary.successRate(3, 1)).isEqualTo("33.3%");
        assertThat(Summary.successRate(0, 0)).isEqualTo("100.0%");
    }

    @Test
    void summaryCarriesTheSeedsFieldNames() throws Exception {
        assertThat(new ObjectMapper().writeValueAsString(Summary.of(12, 11)))
                .isEqualTo("{\"total_operations\":12,\"successful_operations\":11,\"success_rate\":\"91.7%\"}");
    }
}
