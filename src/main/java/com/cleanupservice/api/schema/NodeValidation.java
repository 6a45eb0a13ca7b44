package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/cleanup/validate/{id}}: every tracked id looked up live; PASS only on IBM's 404. */
public record NodeValidation(
        @Schema(requiredMode = REQUIRED) String node_name,
        Long node_id,
        @Schema(nullable = true) String deployment_id,
        String node_status,
        @Schema(requiredMode = REQUIRED, description = "true only when every check passed") boolean cleanup_complete,
        @Schema(requiredMode = REQUIRED) List<Check> validation_results,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
    /** One check: a resource type's tracked ids, or the last one, untracked_resources (a drift scan). */
    public record Check(
            @Schema(requiredMode = REQUIRED, example = "bare_metal_server") String check,
            @Schema(requiredMode = REQUIRED, allowableValues = {"PASS", "FAIL", "ERROR"}) String status,
            @Schema(requiredMode = REQUIRED) String message,
            @Schema(description = "each tracked resource (or, for untracked_resources, each one found)") List<CheckedResource> resources) {
    }

    /** One resource of a check: a tracked one looked up, or one drift found that nobody tracks. */
    @Schema(anyOf = {TrackedLookup.class, UntrackedFinding.class, AmbiguousFinding.class})
    public sealed interface CheckedResource permits TrackedLookup, UntrackedFinding, AmbiguousFinding {
    }

    /** A tracked resource and what IBM Cloud said of it, next to what the ledger believes. */
    public record TrackedLookup(@Schema(requiredMode = REQUIRED) String resource_id, @Schema(nullable = true) String resource_name,
                          @Schema(requiredMode = REQUIRED, allowableValues = {"PASS", "FAIL", "ERROR"}) String status,
                          @Schema(requiredMode = REQUIRED) String message,
                          @Schema(nullable = true, description = "the tracked row's state") String ledger_state,
                          @Schema(description = "for ERROR: IBM's HTTP status when it answered at all")
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer http_status) implements CheckedResource {
    }

    /** An untracked resource of the target, with the owner its evidence names (FAIL). */
    public record UntrackedFinding(@Schema(requiredMode = REQUIRED) String resource_id, @Schema(nullable = true) String resource_name,
                            @Schema(requiredMode = REQUIRED) String resource_type,
                            @Schema(requiredMode = REQUIRED, allowableValues = {"FAIL"}) String status,
                            @Schema(requiredMode = REQUIRED) String message,
                            @Schema(requiredMode = REQUIRED, description = "false") boolean tracked,
                            @Schema(nullable = true) String node_name, @Schema(nullable = true) String deployment_id,
                            List<String> evidence,
                            @Schema(requiredMode = REQUIRED, description = "the configured account it was found in", example = "sandbox-2") String account,
                            @Schema(nullable = true, description = "the VPC region it was found in; null for a global API's (a DNS record)",
                                    example = "eu-de") String region) implements CheckedResource {
    }

    /** An untracked resource claimed by more than one owner, one of them in the target (FAIL). */
    public record AmbiguousFinding(@Schema(requiredMode = REQUIRED) String resource_id, @Schema(nullable = true) String resource_name,
                            @Schema(requiredMode = REQUIRED) String resource_type,
                            @Schema(requiredMode = REQUIRED, allowableValues = {"FAIL"}) String status,
                            @Schema(requiredMode = REQUIRED) String message,
                            @Schema(requiredMode = REQUIRED, description = "false") boolean tracked,
                            List<DriftReport.OwnerEvidence> claimants,
                            @Schema(requiredMode = REQUIRED, description = "the configured account it was found in", example = "sandbox-2") String account,
                            @Schema(nullable = true, description = "the VPC region it was found in; null for a global API's (a DNS record)",
                                    example = "eu-de") String region) implements CheckedResource {
    }
}
