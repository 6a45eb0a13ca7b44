package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * {@code GET /api/cleanup/resources}: a node's tracked rows ({@code node_name} and the node's fields) or a deployment's
 * own ({@code deployment_id} only), one by one in every ledger state.
 */
public record ResourceInventory(
        @Schema(description = "with ?node_name=") @JsonInclude(JsonInclude.Include.NON_NULL) String node_name,
        @Schema(description = "with ?node_name=") @JsonInclude(JsonInclude.Include.NON_NULL) Long node_id,
        @Schema(nullable = true) String deployment_id,
        @Schema(description = "with ?node_name=: the node's status") @JsonInclude(JsonInclude.Include.NON_NULL) String current_status,
        @Schema(description = "with ?node_name=: deployed or provisioning (a cleanup needs force)") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean live,
        @Schema(requiredMode = REQUIRED) List<Row> resources,
        @Schema(requiredMode = REQUIRED) int count,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    public record Row(
            @Schema(requiredMode = REQUIRED, example = "subnet_reserved_ip") String resource_type,
            @Schema(requiredMode = REQUIRED, description = "the IBM Cloud id") String resource_id,
            @Schema(nullable = true) String resource_name,
            @Schema(requiredMode = REQUIRED, allowableValues = {"PRESENT", "DELETING", "GONE", "FAILED", "BLOCKED", "RELEASED"}) String state,
            @Schema(requiredMode = REQUIRED) int attempts,
            @Schema(nullable = true) String last_error,
            @Schema(nullable = true) Integer last_http_status,
            @Schema(nullable = true, format = "date-time") String state_changed_at,
            @Schema(nullable = true, description = "the configured account the resource lives in", example = "sandbox") String account,
            @Schema(nullable = true, description = "the VPC region it lives in; null for DNS records (DNS Services is global)",
                    example = "us-south") String region) {
    }
}
