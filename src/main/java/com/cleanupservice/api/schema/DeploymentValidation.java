package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/cleanup/validate/deployment/{id}}: every node's validation and the deployment's own records. */
public record DeploymentValidation(
        @Schema(requiredMode = REQUIRED) String deployment_id,
        @Schema(requiredMode = REQUIRED) boolean cleanup_complete,
        @Schema(requiredMode = REQUIRED) List<NodeValidation> nodes,
        @Schema(requiredMode = REQUIRED, description = "the deployment's own resources") Cluster cluster,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    public record Cluster(@Schema(requiredMode = REQUIRED) boolean cleanup_complete, List<NodeValidation.Check> validation_results) {
    }
}
