package com.cleanupservice.plans;

/**
 * What a plan's run carries out (stored with an accepted run, so JSON): the plan, and the {@code confirm_count} its
 * apply was given, passed on to the cleanups' guard.
 */
public record PlanApplication(String plan_id, Integer confirm_count) {
}
