package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The seed's details[]: one report group's operations. */
public record ResourceGroup(
        @Schema(requiredMode = REQUIRED, example = "virtual_network_interfaces") String resource_type,
        @Schema(requiredMode = REQUIRED) List<ResourceOperation> operations) {

    /** The same group with only its failed operations; null when none failed. */
    public ResourceGroup failedOnly() {
        List<ResourceOperation> failed = operations.stream().filter(op -> !op.success()).toList();
        return failed.isEmpty() ? null : new ResourceGroup(resource_type, failed);
    }
}
