package com.cleanupservice.guard;

import com.cleanupservice.api.schema.GuardCheck;
import com.cleanupservice.support.Refusal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the guard says of a run of {@code planned} deletions: which limit it exceeds ({@code limit}, null for none), the
 * share of every tracked resource it is when that was measured ({@code percent}, {@code totalTracked}), and what the
 * operator confirmed ({@code confirmCount}, null for nothing).
 */
public record Verdict(long planned, Integer confirmCount, String limit, GuardLimits limits, Double percent, Long totalTracked) {
    /** The error code of a run refused for its size. */
    public static final String EXCEEDED = "guard_exceeded";
    /** The error code of a run whose confirmed count is not its planned count. */
    public static final String MISMATCH = "confirm_count_mismatch";
    public static final String MAX_RESOURCES = "max_resources";
    public static final String MAX_PERCENT = "max_percent";

    public boolean exceeded() {
        return limit != null;
    }

    /** The operator confirmed a count, and not this one: their expectation is wrong, nothing runs. */
    public boolean mismatch() {
        return confirmCount != null && confirmCount != planned;
    }

    /** Whether the run is refused: a wrong confirmation, or a limit exceeded and not confirmed. */
    public boolean refuses() {
        return mismatch() || exceeded() && confirmCount == null;
    }

    /** The error code of the refusal, null when the run goes ahead. */
    public String code() {
        return mismatch() ? MISMATCH : refuses() ? EXCEEDED : null;
    }

    /**
     * The 409: {@code what} the run is ("cleanup of deployment d1"); {@code confirmBy} how a person confirms the count
     * ("?confirm_count=37"), null when nobody can (a scheduled sweep never goes past a limit).
     */
    public Refusal refusal(String what, String confirmBy) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", code());
        details.put("planned_count", planned);
        if (mismatch()) {
            details.put("confirm_count", confirmCount);
            return Refusal.conflict(capitalized(what) + " would delete " + planned + " resource(s), not " + confirmCount
                    + " as confirm_count says: nothing was done. Check the plan (dry_run=true) and confirm the count it has", details);
        }
        details.put("limit", limit);
        if (MAX_RESOURCES.equals(limit)) {
            details.put("max_resources", limits.maxResources());
        } else {
            details.put("max_percent", limits.maxPercent());
            details.put("planned_percent", percent);
            details.put("total_tracked", totalTracked);
        }
        return Refusal.conflict(capitalized(what) + " would delete " + planned + " resource(s), " + excess() + ": nothing was done. "
                + (confirmBy == null ? "A scheduled run never goes past the limit; look at the plan, then run it by hand with the planned count "
                + "confirmed, or raise the limit"
                : "If that is what you want, ask again with " + confirmBy.replace("<planned>", String.valueOf(planned))
                + " to let this one run go past the limit"), details);
    }

    /** What a dry run says of the guard. */
    public GuardCheck check() {
        String message = !exceeded() && !mismatch() ? "within the limits"
                : mismatch() ? "refused: confirm_count " + confirmCount + " is not the planned count " + planned
                : refuses() ? "refused without confirm_count=" + planned + ": " + excess()
                : "goes ahead as confirmed (" + excess() + ")";
        return new GuardCheck(planned, refuses(), code(), limit, limits.maxResources(), limits.maxPercent(), limits.percentMinResources(),
                percent, totalTracked, message);
    }

    private String excess() {
        return MAX_RESOURCES.equals(limit)
                ? "more than the limit of " + limits.maxResources() + " per run (cleanup.guard.max-resources)"
                : String.format(Locale.ROOT, "%.1f%% of the %d tracked resource(s) not yet deleted, more than the limit of %d%% "
                        + "(cleanup.guard.max-percent, for runs of more than %d)", percent, totalTracked, limits.maxPercent(),
                limits.percentMinResources());
    }

    private static String capitalized(String what) {
        return what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
