package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** One operation of a cleanup's details: the seed's fields, then what this service adds. */
public record ResourceOperation(
        @Schema(requiredMode = REQUIRED, example = "vni_deletion") String type,
        @Schema(requiredMode = REQUIRED) boolean success,
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED) String resource_id,
        @Schema(requiredMode = REQUIRED, nullable = true) String resource_name,
        @Schema(description = "why it failed (failed operations only)") String error,
        @Schema(allowableValues = {"DELETED", "ALREADY_GONE", "SKIPPED", "BLOCKED", "FAILED"}) String outcome,
        Integer attempts,
        Long duration_ms,
        @Schema(description = "IBM's last HTTP status, when it answered other than with success", nullable = true) Integer http_status,
        @Schema(description = "IBM's trace id of the last call, when it gave one", nullable = true) String trace_id) {
}
