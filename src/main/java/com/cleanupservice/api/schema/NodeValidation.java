package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/cleanup/validate/{id}}: every tracked id looked up live; PASS only on IBM's 404. */
public record NodeValidation(
        @Schema(requiredMode = REQUIRED) String node_name,
        Long node_id,
        @Schema(nullable = true) String deployment_id,
        String node_status,
        @Schema(requiredMode = REQUIRED, description = "true only when every check passed") boolean cleanup_complete,
        @Schema(requiredMode = REQUIRED) List<Check> validation_results,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    /** One check: a resource type's tracked ids, or the last one, untracked_resources (a drift scan). */
    public record Check(
            @Schema(requiredMode = REQUIRED, example = "bare_metal_server") String check,
            @Schema(requiredMode = REQUIRED, allowableValues = {"PASS", "FAIL", "ERROR"}) String status,
            @Schema(requiredMode = REQUIRED) String message,
            @Schema(description = "each tracked resource (or, for untracked_resources, each one found)") List<Map<String, Object>> resources) {
    }
}
