package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The body of {@code POST /api/nodes/{name}/resources} and {@code /api/deployments/{id}/resources}: the type's own fields only. */
@Schema(description = "A created resource: type and id, and the type's fields. bare_metal_server: zone; virtual_network_interface: name, "
        + "vnic_type; subnet_reserved_ip: subnet_id, ip_address, ip_type; dns_record: record_name, record_type, rdata, dns_instance_id, "
        + "dns_zone_id; floating_ip: name, address, target_id; security_group: name. Another type's field is refused (400).")
public record ResourceRecord(
        @Schema(requiredMode = REQUIRED, allowableValues = {"bare_metal_server", "virtual_network_interface", "subnet_reserved_ip", "dns_record",
                "floating_ip", "security_group"}) String type,
        @Schema(requiredMode = REQUIRED, description = "the IBM id", maxLength = 255) String id,
        String name, String zone, String vnic_type, String subnet_id, String ip_address, String ip_type,
        String record_name, String record_type, String rdata, String dns_instance_id, String dns_zone_id,
        String address, String target_id) {
}
