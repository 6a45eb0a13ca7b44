package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The body of {@code POST /api/nodes}. */
public record NodeRegistration(
        @Schema(requiredMode = REQUIRED, maxLength = 255) String node_name,
        @Schema(requiredMode = REQUIRED, maxLength = 255) String deployment_id,
        @Schema(description = "initial status (default provisioning)", allowableValues = {"provisioning", "deployed", "failed", "error", "timeout"}) String deployment_status,
        String bare_metal_id, String management_vnic_id, String workload_vnic_id,
        @Schema(description = "an IP address") String management_ip,
        @Schema(description = "an IP address") String workload_ip,
        String zone,
        @Schema(description = "the configured account the node lives in (unset: the default); its resources inherit it; "
                + "an unknown one is refused (400)", example = "sandbox-2") String account,
        @Schema(description = "the VPC region the node lives in (unset: the default); its resources inherit it; one its "
                + "account does not allow is refused (400)", example = "eu-de") String region) {
}
