package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/cleanup/drift/.../adopt}: what was adopted (tracked under its owner), refused, marked gone. */
public record AdoptionResult(
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED) List<Adopted> adopted,
        @Schema(requiredMode = REQUIRED, description = "ids not adopted, each with its reason") List<Refused> refused,
        @Schema(description = "with mark_gone: the missing rows marked GONE") @JsonInclude(JsonInclude.Include.NON_NULL) List<MarkedGone> marked_gone,
        @Schema(nullable = true, description = "what happens next; null when nothing was adopted") String next,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    public record Adopted(@Schema(requiredMode = REQUIRED) String type, @Schema(requiredMode = REQUIRED) String id,
                          @Schema(nullable = true) String name, @Schema(nullable = true) String node_name,
                          @Schema(nullable = true) String deployment_id, List<String> evidence, boolean created,
                          @Schema(description = "the configured account it was found in, and now recorded in", example = "sandbox-2") String account,
                          @Schema(nullable = true, description = "the VPC region it was found in, and now recorded in; null for a global "
                                  + "API's (a DNS record)", example = "eu-de") String region) {
    }
    /** An id not adopted: its type when the scan knew it, and why. */
    public record Refused(@JsonInclude(JsonInclude.Include.NON_NULL) String type, @Schema(requiredMode = REQUIRED) String id,
                          @Schema(requiredMode = REQUIRED) String reason) {
    }
    /** A missing row marked GONE (false when another writer changed it first). */
    public record MarkedGone(@Schema(requiredMode = REQUIRED) String type, @Schema(requiredMode = REQUIRED) String id,
                             @Schema(nullable = true) String node_name, boolean marked_gone) {
    }
}
