package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/cleanup/ownership/disputes}: ids tracked by more than one owner, with every claimant. */
public record DisputeList(@Schema(requiredMode = REQUIRED) long disputed, @Schema(requiredMode = REQUIRED) List<Dispute> disputes,
                          @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    public record Dispute(@Schema(requiredMode = REQUIRED) String ibm_id, String resource_type,
                          @Schema(requiredMode = REQUIRED) List<Claimant> claimants, @Schema(format = "date-time") String recorded_at,
                          @Schema(description = "how to settle it") String resolve) {
    }

    public record Claimant(String resource_type, long tracked_id, @Schema(nullable = true) String node_name,
                           @Schema(nullable = true) String deployment_id, String state) {
    }
}
