package com.cleanupservice.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An accepted sweep's stored body: read back as written, and as an earlier release wrote it (the hours alone). */
class SweepRequestTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aStoredSweepReadsBackWithItsConfirmedCount() {
        SweepRequest request = new SweepRequest(48, 24);

        assertThat(json.convertValue(json.valueToTree(request), SweepRequest.class)).isEqualTo(request);
        assertThat(json.convertValue(json.valueToTree(new SweepRequest(24, null)), SweepRequest.class)).isEqualTo(new SweepRequest(24, null));
    }

    @Test
    void aSweepStoredBeforeTheGuardIsItsHoursWithNothingConfirmed() {
        assertThat(json.convertValue(IntNode.valueOf(36), SweepRequest.class)).isEqualTo(new SweepRequest(36, null));
    }
}
