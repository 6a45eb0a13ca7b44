package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/nodes}: 201, the node registered. */
public record NodeRegistered(@Schema(requiredMode = REQUIRED) String message, @Schema(requiredMode = REQUIRED) boolean created,
                             @Schema(requiredMode = REQUIRED) long node_id, @Schema(requiredMode = REQUIRED) String node_name,
                             @Schema(requiredMode = REQUIRED) String deployment_id, @Schema(requiredMode = REQUIRED) String deployment_status,
                             @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
