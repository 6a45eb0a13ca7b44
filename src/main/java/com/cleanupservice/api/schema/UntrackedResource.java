package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** A dry run's {@code untracked[]} entry: what drift discovery found ({@link DriftReport.Found}), marked not tracked. */
public record UntrackedResource(@Schema(requiredMode = REQUIRED) String type, @Schema(requiredMode = REQUIRED) String id,
                                @Schema(nullable = true) String name, @Schema(nullable = true) String node_name,
                                @Schema(nullable = true) String deployment_id, List<String> evidence,
                                @Schema(requiredMode = REQUIRED, description = "always false: not in the plan until adopted") boolean tracked) {
}
