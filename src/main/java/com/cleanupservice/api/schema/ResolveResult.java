package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/cleanup/ownership/{id}/resolve}: the id's owner now, and the claims released. */
public record ResolveResult(@Schema(requiredMode = REQUIRED) String message, @Schema(requiredMode = REQUIRED) String ibm_id,
                            @Schema(requiredMode = REQUIRED, description = "the claim kept") DisputeList.Claimant owner,
                            @Schema(requiredMode = REQUIRED) List<DisputeList.Claimant> released,
                            @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
