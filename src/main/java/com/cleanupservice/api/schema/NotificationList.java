package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code GET /api/notifications}: webhook deliveries, newest first, a page at a time. */
public record NotificationList(
        @Schema(requiredMode = REQUIRED) List<NotificationDelivery> notifications,
        @Schema(requiredMode = REQUIRED) int count,
        @Schema(requiredMode = REQUIRED, allowableValues = {"pending", "failing", "delivered", "all"}) String state,
        @Schema(requiredMode = REQUIRED, description = "deliveries failing now (all of them, not only this page's)") long failing,
        @JsonInclude(NON_NULL) @Schema(description = "the next page: the same request with before=this") Long next_before,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {

    /** One event's delivery to one webhook. */
    public record NotificationDelivery(
            @Schema(requiredMode = REQUIRED) long id,
            @Schema(requiredMode = REQUIRED, format = "uuid") String event_id,
            @Schema(requiredMode = REQUIRED) String event_type,
            @Schema(requiredMode = REQUIRED, description = "the webhook's URL without user information, query string or fragment") String webhook,
            @Schema(requiredMode = REQUIRED, allowableValues = {"pending", "failing", "delivered"}) String state,
            @Schema(requiredMode = REQUIRED) int attempts,
            @Schema(nullable = true, description = "the receiver's last HTTP status (none: no answer)") Integer last_status,
            @Schema(nullable = true) String last_error,
            @Schema(requiredMode = REQUIRED, format = "date-time") String occurred_at,
            @Schema(nullable = true, format = "date-time", description = "when it is tried next (none once delivered)") String next_attempt_at,
            @Schema(nullable = true, format = "date-time") String delivered_at) {
    }
}
