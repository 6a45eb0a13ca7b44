package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** One node's status ({@code ?node_name=}). */
public record NodeStatusView(
        @Schema(requiredMode = REQUIRED) String node_name,
        @Schema(requiredMode = REQUIRED) String current_status,
        @Schema(requiredMode = REQUIRED) boolean cleanup_needed,
        @Schema(requiredMode = REQUIRED) boolean cleanup_completed,
        @Schema(requiredMode = REQUIRED, description = "tracked resources not yet gone") long resources_left,
        long node_id,
        @Schema(nullable = true) String deployment_id,
        @Schema(nullable = true, format = "uuid") String last_run_id,
        long open_failures,
        @Schema(description = "resource type to ledger state to count") Map<String, Map<String, Long>> resources,
        List<NodeDispute> ownership_disputes,
        @Schema(description = "a failure the provisioner reported on the node while it is live (deployed): recorded, nothing started")
        @JsonInclude(JsonInclude.Include.NON_NULL) ReportedFailure reported_failure,
        @Schema(format = "date-time", nullable = true) String updated_at,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    /** A disputed IBM id the node is party to, with every claimant. */
    public record NodeDispute(@Schema(requiredMode = REQUIRED) String ibm_id, @Schema(requiredMode = REQUIRED) List<DisputeList.Claimant> claimants) {
    }

    /** What the failure hook was told about a live node. */
    public record ReportedFailure(@Schema(example = "failed") String status, @Schema(nullable = true) String reason,
                                  @Schema(format = "date-time") String reported_at, String note) {
    }
}
