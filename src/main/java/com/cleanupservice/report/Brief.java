package com.cleanupservice.report;

import com.cleanupservice.api.schema.NodeCleanupReport;

/**
 * A node cleanup's answer as a sweep (or a stored run document) lists it among many: everything but the list of every
 * operation, which the node's own run keeps ({@code GET /api/cleanup/runs/{run_id}/operations}); a failed node keeps
 * the operations that failed, so the reason is where the failure is reported ({@link NodeCleanupReport#brief}).
 */
public final class Brief {
    private Brief() {
    }

    /** The brief of a node cleanup's answer; any other answer as it is. */
    public static Object ofNode(Object answer) {
        return answer instanceof NodeCleanupReport report ? report.brief() : answer;
    }
}
