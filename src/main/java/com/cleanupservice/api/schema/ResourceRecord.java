package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The body of {@code POST /api/nodes/{name}/resources} and {@code /api/deployments/{id}/resources}: the type, the IBM
 * id and the type's own fields at the top level. Which types and fields there are is the registry's: the OpenAPI
 * document lists them from it ({@code api.OpenApiDocument}), so this record names none.
 */
@Schema(description = "A created resource: its type, its IBM id and the type's own fields (text values) at the top level. "
        + "A field its type does not declare is refused (400).", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
public record ResourceRecord(
        @Schema(requiredMode = REQUIRED, description = "the resource type") String type,
        @Schema(requiredMode = REQUIRED, description = "the IBM id", maxLength = 255) String id,
        @Schema(description = "the configured account the resource lives in (unset: the node's, else the default); "
                + "an unknown one is refused (400)", example = "sandbox-2") String account,
        @Schema(description = "the VPC region it lives in (unset: the node's, else the default); one its account does not "
                + "allow is refused (400); a dns_record has none (DNS Services is global)", example = "eu-de") String region) {
}
