package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The seed's summary block of a cleanup. */
public record Summary(
        @Schema(requiredMode = REQUIRED, description = "deletions, plus the node status update (the seed's database_records step)") int total_operations,
        @Schema(requiredMode = REQUIRED) int successful_operations,
        @Schema(requiredMode = REQUIRED, example = "100.0%", pattern = "^[0-9]+\\.[0-9]%$") String success_rate) {
}
