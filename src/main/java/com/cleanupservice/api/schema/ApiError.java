package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** Every refusal and failure under /api ({@code api.Api.errorBody}, the HTTP edge): the same shape whatever the status. */
@Schema(description = "An error: {error, status, ...details, timestamp}. Details depend on the refusal.")
public record ApiError(
        @Schema(requiredMode = REQUIRED, description = "what was refused or went wrong, as a sentence") String error,
        @Schema(requiredMode = REQUIRED, description = "the HTTP status, again") int status,
        @Schema(description = "400 for a query parameter: the endpoint's declared ones") List<String> accepted_parameters,
        @Schema(description = "400 for a body key: the keys the body takes") List<String> accepted_keys,
        @Schema(description = "400 for a body key: the keys that are not") List<String> unknown_keys,
        @Schema(description = "400 for a reconcile: the ids not tracked for its target") List<String> unknown_ids,
        @Schema(description = "405: the methods the path takes") List<String> allowed_methods,
        @Schema(description = "409 for a live node or one being cleaned: which and why") List<RefusedNode> refused_nodes,
        @Schema(description = "409 for another owner's IBM id: that owner") Owner owner,
        @Schema(description = "500 and 503: the id under which the log has the cause") String trace_id,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    public record RefusedNode(String node_name, String current_status, String reason) {
    }

    /** Whose an IBM id is: a node (and its deployment), or a deployment. */
    public record Owner(String resource_type, @Schema(nullable = true) String node_name, @Schema(nullable = true) String deployment_id,
                        boolean disputed) {
    }
}
