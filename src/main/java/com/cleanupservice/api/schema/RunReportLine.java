package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Arrays;
import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * {@code GET /api/cleanup/runs/{run_id}/report}: one line per resource the run (or one of its children: a batch's or
 * sweep's node runs) recorded, in the order they were recorded. The JSON report is an array of these; the CSV report
 * has their components as its columns, in this order, under a header line of their names.
 */
public record RunReportLine(
        @Schema(requiredMode = REQUIRED, format = "uuid", description = "the run that recorded it: the report's run or one of its children")
        String run_id,
        @Schema(requiredMode = REQUIRED, description = "the resource type (floating_ip, dns_record, ...)") String type,
        @Schema(requiredMode = REQUIRED, nullable = true, description = "IBM's id of the resource") String ibm_id,
        @Schema(requiredMode = REQUIRED, nullable = true, description = "the node it belongs to; null for a deployment's own resources") String node,
        @Schema(requiredMode = REQUIRED, nullable = true) String deployment,
        @Schema(requiredMode = REQUIRED, allowableValues = {"DELETED", "ALREADY_GONE", "SKIPPED", "BLOCKED", "FAILED"}) String outcome,
        @Schema(requiredMode = REQUIRED, description = "IBM calls made for it") int attempts,
        @Schema(requiredMode = REQUIRED, nullable = true, description = "why it did not succeed; null for a success") String last_error,
        @Schema(requiredMode = REQUIRED, nullable = true, description = "IBM's trace id of the failed call (for a support ticket); "
                + "null for a success, IBM's answer to a DELETE that worked is not kept") String trace_id,
        @Schema(requiredMode = REQUIRED, nullable = true, format = "date-time",
                description = "when its deletion started; null for what was recorded before the service kept it") String started_at,
        @Schema(requiredMode = REQUIRED, format = "date-time", description = "when its outcome was recorded") String ended_at,
        @Schema(requiredMode = REQUIRED, nullable = true, description = "the account the resource lives in (the default's name for a "
                + "row recorded without one); null when its tracked row is not found") String account,
        @Schema(requiredMode = REQUIRED, nullable = true, description = "the region it lives in (the default's name for a row recorded "
                + "without one); null for a global API's resource (DNS Services)") String region) {

    /** The CSV header: the components' names, in order. */
    public static final List<String> COLUMNS = Arrays.stream(RunReportLine.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName).toList();

    /** The CSV line's fields, in {@link #COLUMNS} order; null where the JSON has null. */
    public List<String> fields() {
        return Arrays.asList(run_id, type, ibm_id, node, deployment, outcome, Integer.toString(attempts), last_error, trace_id,
                started_at, ended_at, account, region);
    }
}
