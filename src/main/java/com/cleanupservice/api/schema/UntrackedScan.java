package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** A dry run's {@code untracked_scan}: whether drift discovery's scan was complete, its errors, what was ambiguous. */
public record UntrackedScan(@Schema(nullable = true) Boolean complete, List<String> errors, List<Map<String, Object>> ambiguous,
                            String note) {
}
