package com.cleanupservice.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorStatsTest {

    @Test
    void perResourceCountsStopGrowingAtTheCapWhileOperationCountsStayExact() {
        SimulatorStats stats = new SimulatorStats();
        for (int i = 0; i < SimulatorStats.IDS_PER_OPERATION + 500; i++) {
            stats.record("delete_subnet_reserved_ip", "ip-" + i);
        }
        stats.record("delete_subnet_reserved_ip", "ip-0");

        assertThat(stats.count("delete_subnet_reserved_ip")).isEqualTo(SimulatorStats.IDS_PER_OPERATION + 501L);
        assertThat(stats.count("delete_subnet_reserved_ip", "ip-0")).isEqualTo(2);
        assertThat(stats.count("delete_subnet_reserved_ip", "ip-" + (SimulatorStats.IDS_PER_OPERATION - 1))).isEqualTo(1);
        assertThat(stats.count("delete_subnet_reserved_ip", "ip-" + SimulatorStats.IDS_PER_OPERATION)).isZero();
        assertThat(stats.snapshot().get("resources").toString().length()).isLessThan(400_000);
    }
}
