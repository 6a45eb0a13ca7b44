package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/cleanup/runs}: recent runs, newest first. */
public record RunList(@Schema(requiredMode = REQUIRED) List<RunView> runs, @Schema(requiredMode = REQUIRED) int count,
                      @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
}
