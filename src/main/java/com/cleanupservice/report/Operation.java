package com.cleanupservice.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * One entry of a report's {@code details[].operations}, the seed's {@code {type, success, message, resource_id,
 * resource_name, error?}} extended with how it went. The node status update (the seed's {@code database_records} step)
 * is one too, without the deletion's own fields.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"type", "success", "message", "resource_id", "resource_name", "outcome", "attempts", "duration_ms",
        "http_status", "error", "trace_id"})
public record Operation(String type, boolean success, String message, String resourceId, String resourceName,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String outcome,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer attempts,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Long durationMs,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer httpStatus,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String error,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String traceId) {

    /** A step that is not a deletion (the node status update): its error only when it failed. */
    public static Operation step(String type, boolean success, String message, String resourceId, String resourceName) {
        return new Operation(type, success, message, resourceId, resourceName, null, null, null, null, success ? null : message, null);
    }

    /** The seed's {@code details[]} entry: the operations of one report group. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"resource_type", "operations"})
    public record Group(String resourceType, List<Operation> operations) {
    }
}
