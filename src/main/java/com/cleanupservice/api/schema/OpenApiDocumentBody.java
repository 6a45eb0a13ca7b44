package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/openapi.json}: this very document; its own schema is the OpenAPI 3.0 specification's. */
@Schema(description = "An OpenAPI 3.0 document (see https://spec.openapis.org/oas/v3.0.3)")
public record OpenApiDocumentBody(
        @Schema(requiredMode = REQUIRED, example = "3.0.3") String openapi,
        @Schema(requiredMode = REQUIRED) Map<String, Object> info,
        @Schema(requiredMode = REQUIRED) Map<String, Object> paths,
        Map<String, Object> components) {
}
