package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * One operation of a cleanup's details: the seed's {@code {type, success, message, resource_id, resource_name, error?}}
 * extended with how it went. The node status update (the seed's {@code database_records} step) is one too, without
 * the deletion's own fields.
 */
public record ResourceOperation(
        @Schema(requiredMode = REQUIRED, example = "vni_deletion") String type,
        @Schema(requiredMode = REQUIRED) boolean success,
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED) String resource_id,
        @Schema(requiredMode = REQUIRED, nullable = true) String resource_name,
        @JsonInclude(NON_NULL) @Schema(allowableValues = {"DELETED", "ALREADY_GONE", "SKIPPED", "BLOCKED", "FAILED"}) String outcome,
        @JsonInclude(NON_NULL) Integer attempts,
        @JsonInclude(NON_NULL) Long duration_ms,
        @JsonInclude(NON_NULL) @Schema(description = "IBM's last HTTP status, when it answered other than with success") Integer http_status,
        @JsonInclude(NON_NULL) @Schema(description = "why it failed (failed operations only)") String error,
        @JsonInclude(NON_NULL) @Schema(description = "IBM's trace id of the last call, when it gave one") String trace_id) {

    /** A step that is not a deletion (the node status update): its error only when it failed. */
    public static ResourceOperation step(String type, boolean success, String message, String resourceId, String resourceName) {
        return new ResourceOperation(type, success, message, resourceId, resourceName, null, null, null, null, success ? null : message, null);
    }
}
