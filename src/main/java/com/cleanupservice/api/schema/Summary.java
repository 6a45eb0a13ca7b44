package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Locale;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The seed's summary block of a cleanup (or of a batch): {@code total_operations, successful_operations, success_rate}. */
public record Summary(
        @Schema(requiredMode = REQUIRED, description = "deletions, plus the node status update (the seed's database_records step)") int total_operations,
        @Schema(requiredMode = REQUIRED) int successful_operations,
        @Schema(requiredMode = REQUIRED, example = "100.0%", pattern = "^[0-9]+\\.[0-9]%$") String success_rate) {

    public static Summary of(int total, int successful) {
        return new Summary(total, successful, successRate(total, successful));
    }

    /** "91.7%": one decimal, as the seed's clients parse it; nothing to do counts as 100%. */
    public static String successRate(int total, int successful) {
        double rate = total == 0 ? 100.0 : successful * 100.0 / total;
        return String.format(Locale.ROOT, "%.1f%%", rate);
    }
}
