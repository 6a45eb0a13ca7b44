package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** 202 for {@code ?async=true} (and the provisioner's failure hook): the run to follow, also in {@code Location}. */
public record RunAccepted(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED, format = "uuid") String run_id,
        @Schema(requiredMode = REQUIRED, example = "accepted") String state,
        @Schema(requiredMode = REQUIRED, example = "/api/cleanup/runs/8ac1771f-a8a1-4bab-90de-b8935e51d8ad") String status_url,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
