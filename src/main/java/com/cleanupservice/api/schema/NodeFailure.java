package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


/** The body of {@code POST /api/nodes/{name}/failed} (optional). */
public record NodeFailure(@Schema(description = "why provisioning failed, kept with the node") String reason,
                          @Schema(description = "the status to set (default failed)", allowableValues = {"failed", "error", "timeout"}) String status) {
}
