package com.cleanupservice.runs;

import com.cleanupservice.report.Response;

/**
 * A dry run's untracked resources ({@code include_untracked=true}): a drift scan of its target. Discovery offers it,
 * bound in the registry when its routes are configured: it sits above this package (it records through the provisioner,
 * which starts runs), so the cleanup API asks for the scan by this type and never names discovery.
 */
@FunctionalInterface
public interface UntrackedScan {
    /** {@code {"kind": "node"|"deployment", "id": ...}} (as {@code direct:drift-report} takes it) -> the drift report. */
    Response scan(Object target);
}
