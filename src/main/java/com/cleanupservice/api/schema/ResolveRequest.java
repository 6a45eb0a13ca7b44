package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


/** The body of {@code POST /api/cleanup/ownership/{id}/resolve}: exactly one claimant. */
public record ResolveRequest(@Schema(description = "the node that keeps the id") String node_name,
                             @Schema(description = "or the deployment that keeps it") String deployment_id) {
}
