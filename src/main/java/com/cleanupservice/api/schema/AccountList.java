package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * {@code GET /api/accounts}: the configured accounts by name, the regions each may be cleaned in, which is the default
 * and what is protected: what the listings' {@code ?account=} and {@code ?region=} filters take. Names only: never an
 * account's credential or IBM account id.
 */
public record AccountList(
        @Schema(requiredMode = REQUIRED) List<AccountPlace> accounts,
        @Schema(requiredMode = REQUIRED, description = "every region some account may be cleaned in") List<String> regions,
        @Schema(requiredMode = REQUIRED, description = "the account of rows recorded without one", example = "sandbox") String default_account,
        @Schema(requiredMode = REQUIRED, description = "the region of rows recorded without one", example = "us-south") String default_region) {

    public record AccountPlace(
            @Schema(requiredMode = REQUIRED, example = "sandbox") String name,
            @Schema(requiredMode = REQUIRED, description = "the regions it may be cleaned in") List<String> regions,
            @Schema(requiredMode = REQUIRED, description = "whether it is the default account") boolean is_default,
            @Schema(requiredMode = REQUIRED, description = "whether nothing is ever deleted in it (cleanup.ibm.protected-accounts)")
            boolean is_protected,
            @Schema(requiredMode = REQUIRED, description = "its regions where nothing is ever deleted (cleanup.ibm.protected-regions)")
            List<String> protected_regions) {
    }
}
