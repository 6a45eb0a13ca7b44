package com.cleanupservice.plans;

/**
 * The {@code direct:} endpoints this package consumes (see docs/ARCHITECTURE.md, Routes): the saved plans' API
 * ({@code routes/plans.camel.yaml}) and the apply a run carries out.
 */
public final class PlansEndpoints {
    public static final String API_CREATE_PLAN = "direct:api-create-plan";
    public static final String API_PLANS = "direct:api-plans";
    public static final String API_PLAN = "direct:api-plan";
    public static final String API_APPLY_PLAN = "direct:api-apply-plan";
    /**
     * Body a {@link PlanApplication}, exchange property {@code CleanupRequest.PARENT_RUN} the plan's run: each of the
     * plan's cleanups, restricted to its resources, as children of that run.
     */
    public static final String APPLY_PLAN = "direct:apply-plan";

    private PlansEndpoints() {
    }
}
