package com.cleanupservice.schedule;

import com.cleanupservice.support.Refusal;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request's age rules and how a sweep's nodes are dealt into lanes, without a running service. */
class MaxAgeAndLanesTest {

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

    @Test
    void nodesAreDealtRoundRobinIntoAtMostTheConfiguredLanesOldestFirst() {
        List<OrphanNode> nodes = nodes(7);

        List<List<OrphanNode>> lanes = OrphanSweep.lanes(nodes, 3);

        assertThat(lanes).hasSize(3);
        assertThat(ids(lanes.get(0))).containsExactly(0L, 3L, 6L);
        assertThat(ids(lanes.get(1))).containsExactly(1L, 4L);
        assertThat(ids(lanes.get(2))).containsExactly(2L, 5L);
        assertThat(OrphanSweep.lanes(nodes(2), 4)).hasSize(2).allSatisfy(l -> assertThat(l).hasSize(1));
        assertThat(OrphanSweep.lanes(List.of(), 4)).isEmpty();
        assertThat(OrphanSweep.lanes(nodes(5), 1)).hasSize(1).first().satisfies(l -> assertThat(ids(l)).containsExactly(0L, 1L, 2L, 3L, 4L));
    }

    private static List<OrphanNode> nodes(int n) {
        return IntStream.range(0, n).mapToObj(i -> new OrphanNode(i, i, "n" + i, "failed", Instant.EPOCH)).toList();
    }

    private static List<Long> ids(List<OrphanNode> lane) {
        List<Long> ids = new ArrayList<>();
        lane.forEach(n -> ids.add(n.id()));
        return ids;
    }
}
