package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The seed's details[]: one resource type's operations. */
public record ResourceGroup(
        @Schema(requiredMode = REQUIRED, example = "virtual_network_interfaces") String resource_type,
        @Schema(requiredMode = REQUIRED) List<ResourceOperation> operations) {
}
