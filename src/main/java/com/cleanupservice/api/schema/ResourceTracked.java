package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/nodes/{name}/resources} and {@code /api/deployments/{id}/resources}: 201 tracked now, 200 already. */
public record ResourceTracked(@Schema(requiredMode = REQUIRED) String message,
                              @Schema(requiredMode = REQUIRED, description = "false: this owner already tracked it (200)") boolean created,
                              @Schema(requiredMode = REQUIRED) String resource_type, @Schema(requiredMode = REQUIRED) String resource_id,
                              @Schema(nullable = true) String node_name, @Schema(nullable = true) String deployment_id,
                              @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
