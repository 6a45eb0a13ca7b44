package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Beside a dry run's untracked resources: whether the drift scan was complete, and what it could not attribute. */
public record UntrackedScan(@Schema(description = "false when a listing failed: then absence proves nothing") boolean complete,
                            List<String> errors,
                            @Schema(description = "resources claimed by several owners: never listed as anyone's") List<?> ambiguous,
                            String note) {
}
