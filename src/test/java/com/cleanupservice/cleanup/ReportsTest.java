package com.cleanupservice.cleanup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportsTest {
    @Test
    void successRateIsFormattedLikeTheSeed() {
        assertThat(Reports.successRate(12, 11)).isEqualTo("91.7%");
        assertThat(Reports.successRate(13, 13)).isEqualTo("100.0%");
        assertThat(Reports.successRate(3, 1)).isEqualTo("33.3%");
        assertThat(Reports.successRate(0, 0)).isEqualTo("100.0%");
    }

    @Test
    void summaryCarriesTheSeedsFieldNames() {
        assertThat(Reports.summary(12, 11)).containsExactly(
                java.util.Map.entry("total_operations", 12),
                java.util.Map.entry("successful_operations", 11),
                java.util.Map.entry("success_rate", "91.7%"));
    }
}
