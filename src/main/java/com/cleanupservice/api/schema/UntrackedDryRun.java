package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * A dry run asked {@code include_untracked=true} ({@code POST /api/cleanup/node/{id}} or {@code /deployment/{id}}):
 * the dry run's own answer (a {@link NodeCleanupReport} or {@link DeploymentCleanupReport} with its plan), then the
 * target's untracked resources and what the scan says of them.
 */
public record UntrackedDryRun(@JsonAnyGetter @Schema(hidden = true) Map<String, Object> dryRun,
                              List<UntrackedResource> untracked,
                              UntrackedScan untracked_scan) {
}
