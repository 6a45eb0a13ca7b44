package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * A dry run's answer: the exact ordered plan, nothing deleted. Lanes run side by side; the steps of a lane one after
 * another; the operations of a step at the same time.
 */
public record Plan(@Schema(requiredMode = REQUIRED) int total_operations, @Schema(requiredMode = REQUIRED) List<Lane> lanes) {

    /** {@code lane}: the types of the lane in order, e.g. {@code bare_metal_server -> virtual_network_interface}. */
    public record Lane(@Schema(requiredMode = REQUIRED, example = "bare_metal_server -> virtual_network_interface -> subnet_reserved_ip") String lane,
                       @Schema(requiredMode = REQUIRED) List<Step> steps) {
    }

    public record Step(@Schema(requiredMode = REQUIRED) int step, @Schema(requiredMode = REQUIRED) boolean parallel,
                       @Schema(requiredMode = REQUIRED) List<PlannedOperation> operations) {
    }

    /** One delete the run would make, with the request it would send; {@code blocked} when it would not. */
    public record PlannedOperation(
            @Schema(requiredMode = REQUIRED) String type,
            @Schema(requiredMode = REQUIRED) String resource_type,
            @Schema(requiredMode = REQUIRED) String resource_id,
            @Schema(nullable = true) String resource_name,
            @Schema(description = "the tracked row's state: PRESENT, DELETING, FAILED, BLOCKED") String ledger_state,
            @Schema(description = "the IBM calls a cleanup would make") String request,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "why it would not be attempted: who else tracks it") String blocked,
            @Schema(description = "the IBM Cloud account (its configured name) the resource lives in, where the delete goes", example = "sandbox") String account,
            @Schema(nullable = true, description = "its region; null for a global one (a DNS record)", example = "us-south") String region) {
    }
}
