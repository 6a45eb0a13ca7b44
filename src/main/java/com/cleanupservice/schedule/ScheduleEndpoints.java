package com.cleanupservice.schedule;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): the orphan sweep's and
 * follow-ups' routes ({@code OrphanRoutes}, {@code FollowUpRoutes}).
 */
public final class ScheduleEndpoints {
    /** Body the maximum age in hours ({@code Integer}) -> {@code Response}: one sweep. */
    public static final String SWEEP_ORPHANS = "direct:sweep-orphans";
    public static final String CLEAN_ORPHAN = "direct:clean-orphan";
    /** The Quartz tick ({@code routes/schedule.camel.yaml}). */
    public static final String SWEEP_ORPHANS_ON_SCHEDULE = "direct:sweep-orphans-on-schedule";
    /** The follow-up timer ({@code routes/followup.camel.yaml}). */
    public static final String FOLLOW_UP_PENDING = "direct:follow-up-pending";
    public static final String API_CLEANUP_ORPHANED = "direct:api-cleanup-orphaned";

    private ScheduleEndpoints() {
    }
}
