package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The body of a webhook notification (package {@code notify}): written once, when the event is recorded, and sent as
 * those very bytes (signed) to every webhook that wants its type. Nulls are left out.
 */
@JsonInclude(NON_NULL)
public record Notification(
        @Schema(requiredMode = REQUIRED, format = "uuid", description = "the same on every retry: receivers dedupe by it") String event_id,
        @Schema(requiredMode = REQUIRED, allowableValues = {"run_ended", "dead_letter_opened", "ownership_dispute", "guard_refused",
                "sweep_failed", "drift_found"}) String type,
        @Schema(requiredMode = REQUIRED, format = "date-time") String time,
        @Schema(format = "uuid") String run_id,
        String node,
        String deployment_id,
        NotificationCounts counts,
        @Schema(requiredMode = REQUIRED) String message,
        @Schema(requiredMode = REQUIRED, description = "the console's page of the run, node or deployment") String link,
        @Schema(requiredMode = REQUIRED, description = "one Slack-style line (Slack's incoming webhooks show it)") String text) {

    /** What the event counts; each present only where it means something for the event's type. */
    @JsonInclude(NON_NULL)
    public record NotificationCounts(Integer total, Integer done, Integer attempts, Integer http_status, Integer nodes,
                                     Integer failed_nodes, Integer adopted_resources, Integer planned, Integer limit) {
        public static NotificationCounts none() {
            return new NotificationCounts(null, null, null, null, null, null, null, null, null);
        }

        public NotificationCounts run(Integer total, Integer done) {
            return new NotificationCounts(total, done, attempts, http_status, nodes, failed_nodes, adopted_resources, planned, limit);
        }

        public NotificationCounts call(Integer attempts, Integer httpStatus) {
            return new NotificationCounts(total, done, attempts, httpStatus, nodes, failed_nodes, adopted_resources, planned, limit);
        }

        public NotificationCounts sweep(Integer nodes, Integer failedNodes, Integer adoptedResources) {
            return new NotificationCounts(total, done, attempts, http_status, nodes, failedNodes, adoptedResources, planned, limit);
        }

        public NotificationCounts guard(Integer planned, Integer limit) {
            return new NotificationCounts(total, done, attempts, http_status, nodes, failed_nodes, adopted_resources, planned, limit);
        }
    }
}
