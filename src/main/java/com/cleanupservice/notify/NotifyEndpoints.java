package com.cleanupservice.notify;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): {@code GET /api/notifications}
 * ({@code routes/notify.camel.yaml}).
 */
public final class NotifyEndpoints {
    public static final String API_NOTIFICATIONS = "direct:api-notifications";

    private NotifyEndpoints() {
    }
}
