package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/cleanup/drift/...}: what IBM holds that tracking does not know, and what tracking holds that IBM lost. */
public record DriftReport(
        @Schema(description = "node reports") @JsonInclude(JsonInclude.Include.NON_NULL) String node_name,
        @Schema(nullable = true) String deployment_id,
        @Schema(requiredMode = REQUIRED, description = "true when anything is untracked, ambiguous or missing") boolean drift,
        @Schema(requiredMode = REQUIRED, description = "false when a listing failed: then absence proves nothing") boolean complete,
        @Schema(requiredMode = REQUIRED) List<Found> untracked,
        @Schema(requiredMode = REQUIRED) List<AmbiguousResource> ambiguous,
        @Schema(requiredMode = REQUIRED) List<MissingRow> missing,
        @Schema(requiredMode = REQUIRED) List<String> errors,
        @Schema(requiredMode = REQUIRED) Scanned scanned,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    /** An untracked resource with the owner its evidence names. */
    public record Found(@Schema(requiredMode = REQUIRED) String type, @Schema(requiredMode = REQUIRED) String id,
                        @Schema(nullable = true) String name, @Schema(nullable = true) String node_name,
                        @Schema(nullable = true) String deployment_id, @Schema(requiredMode = REQUIRED) List<String> evidence,
                        @Schema(requiredMode = REQUIRED, description = "the configured account it was found in", example = "sandbox-2") String account,
                        @Schema(nullable = true, description = "the VPC region it was found in; null for a global API's (a DNS record)",
                                example = "eu-de") String region) {
    }

    /** An untracked resource more than one owner's evidence claims: never adopted. */
    public record AmbiguousResource(@Schema(requiredMode = REQUIRED) String type, @Schema(requiredMode = REQUIRED) String id,
                            @Schema(nullable = true) String name, @Schema(requiredMode = REQUIRED) List<OwnerEvidence> claimants,
                            @Schema(requiredMode = REQUIRED) String reason,
                            @Schema(requiredMode = REQUIRED, description = "the configured account it was found in", example = "sandbox-2") String account,
                            @Schema(nullable = true, description = "the VPC region it was found in; null for a global API's (a DNS record)",
                                    example = "eu-de") String region) {
    }
    /** One owner an ambiguous resource's evidence names. */
    public record OwnerEvidence(@Schema(nullable = true) String node_name, @Schema(nullable = true) String deployment_id,
                           @Schema(requiredMode = REQUIRED, description = "whether the owner is in the report's target") boolean in_target,
                           @Schema(requiredMode = REQUIRED) List<String> evidence) {
    }
    /** A tracked row IBM Cloud no longer has: absent from a complete listing and 404 to its probe. */
    public record MissingRow(@Schema(requiredMode = REQUIRED) String type, @Schema(requiredMode = REQUIRED) String id,
                          @Schema(nullable = true) String name, @Schema(nullable = true) String node_name,
                          @Schema(nullable = true) String deployment_id, @Schema(requiredMode = REQUIRED) String ledger_state,
                          @Schema(requiredMode = REQUIRED) String evidence,
                          @Schema(requiredMode = REQUIRED, description = "the configured account the row lives in", example = "sandbox-2") String account,
                          @Schema(nullable = true, description = "the VPC region the row lives in; null for a global API's (a DNS record)",
                                  example = "eu-de") String region) {
    }
    public record Scanned(@Schema(requiredMode = REQUIRED) List<Collection> collections, int list_calls, int lookups,
                          @Schema(format = "date-time") String started_at, long duration_ms) {
    }

    /** One collection listed in one place (the same collection of two places is two entries). */
    public record Collection(@Schema(requiredMode = REQUIRED) String collection, int pages, int items,
                             @Schema(requiredMode = REQUIRED, description = "the configured account it was listed in", example = "sandbox")
                             String account,
                             @Schema(nullable = true, description = "the VPC region it was listed in; null for a global API's (DNS zones)",
                                     example = "us-south") String region) {
    }
}
