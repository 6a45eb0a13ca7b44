package com.cleanupservice.schedule;

import com.cleanupservice.support.Refusal;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request's age rules, without a running service. */
class MaxAgeTest {

    @Test
    void anAbsentOrNullAgeIs24Hours() {
        assertThat(MaxAge.fromRequest(Map.of())).isEqualTo(24);
        Map<String, Object> explicitNull = new HashMap<>();
        explicitNull.put("max_age_hours", null);
        assertThat(MaxAge.fromRequest(explicitNull)).isEqualTo(24);
    }

    @Test
    void wholeHoursFrom1To8760AreTakenAsNumbersOrDigitStrings() {
        assertThat(MaxAge.fromRequest(Map.of("max_age_hours", 1))).isEqualTo(1);
        assertThat(MaxAge.fromRequest(Map.of("max_age_hours", 8760))).isEqualTo(8760);
        assertThat(MaxAge.fromRequest(Map.of("max_age_hours", 48L))).isEqualTo(48);
        assertThat(MaxAge.fromRequest(Map.of("max_age_hours", " 72 "))).isEqualTo(72);
        assertThat(MaxAge.fromRequest(Map.of("max_age_hours", "+5"))).isEqualTo(5);
    }

    @Test
    void everythingElseIsABadRequest() {
        for (Object bad : List.of(0, -1, 8761, Integer.MAX_VALUE, Long.MIN_VALUE, 2.5, 24.0, "abc", "2.5", "", "0",
                "99999999999999999999", true, List.of(24), Map.of("h", 24), new BigInteger("99999999999999999999"))) {
            assertThatThrownBy(() -> MaxAge.fromRequest(Map.of("max_age_hours", bad))).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(Refusal.class, p -> {
                        assertThat(p.status()).isEqualTo(400);
                        assertThat(p.getMessage()).startsWith("max_age_hours must be a whole number of hours from 1 to 8760");
                    });
        }
    }

    @Test
    void aConfiguredAgeOutOfRangeStopsTheService() {
        assertThat(MaxAge.checkSetting("k", 24)).isEqualTo(24);
        assertThatThrownBy(() -> MaxAge.checkSetting("cleanup.orphan-sweep.max-age-hours", 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cleanup.orphan-sweep.max-age-hours");
    }
}
