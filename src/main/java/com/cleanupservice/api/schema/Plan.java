package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** A dry run's plan: lanes run in parallel, a lane's steps in order, a step's operations in parallel. */
public record Plan(@Schema(requiredMode = REQUIRED) int total_operations, @Schema(requiredMode = REQUIRED) List<Lane> lanes) {

    public record Lane(@Schema(requiredMode = REQUIRED, example = "bare_metal_server -> virtual_network_interface -> subnet_reserved_ip") String lane,
                       @Schema(requiredMode = REQUIRED) List<Step> steps) {
    }

    public record Step(@Schema(requiredMode = REQUIRED) int step, @Schema(requiredMode = REQUIRED) boolean parallel,
                       @Schema(requiredMode = REQUIRED) List<PlannedOperation> operations) {
    }

    public record PlannedOperation(
            @Schema(requiredMode = REQUIRED) String type,
            @Schema(requiredMode = REQUIRED) String resource_type,
            @Schema(requiredMode = REQUIRED) String resource_id,
            @Schema(nullable = true) String resource_name,
            @Schema(description = "the tracked row's state: PRESENT, DELETING, FAILED, BLOCKED") String ledger_state,
            @Schema(description = "the IBM calls a cleanup would make") String request,
            @Schema(description = "why it would not be attempted") String skipped,
            @Schema(description = "false for an untracked resource listed next to the plan (include_untracked)") Boolean tracked) {
    }
}
