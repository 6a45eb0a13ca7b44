package com.cleanupservice.guard;

/**
 * The blast-radius limits ({@code cleanup.guard.*}): a run may call IBM to delete at most {@code maxResources}
 * resources, and — once it would delete more than {@code percentMinResources} — at most {@code maxPercent} percent of
 * every tracked resource not yet deleted. 0 switches a limit off.
 */
public record GuardLimits(int maxResources, int maxPercent, int percentMinResources) {

    public GuardLimits {
        if (maxResources < 0) {
            throw new IllegalStateException("cleanup.guard.max-resources must be 0 (no limit) or more, not " + maxResources);
        }
        if (maxPercent < 0 || maxPercent > 100) {
            throw new IllegalStateException("cleanup.guard.max-percent must be from 0 (no limit) to 100, not " + maxPercent);
        }
        if (percentMinResources < 0) {
            throw new IllegalStateException("cleanup.guard.percent-min-resources must be 0 or more, not " + percentMinResources);
        }
    }

    /** No limit at all (a test's, or an operator who switched both off). */
    public static GuardLimits none() {
        return new GuardLimits(0, 0, 0);
    }

    /** Whether a run of {@code planned} deletions is measured against the share of everything tracked. */
    boolean percentApplies(long planned) {
        return maxPercent > 0 && planned > percentMinResources;
    }
}
