package com.cleanupservice.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node cleanup's answer as a sweep (or a stored run document) lists it among many: everything but the list of every
 * operation, which the node's own run keeps ({@code GET /api/cleanup/runs/{run_id}/operations}); a failed node keeps
 * the operations that failed, so the reason is where the failure is reported.
 */
public final class Brief {
    private Brief() {
    }

    public static Map<String, Object> ofNode(Map<String, Object> answer) {
        Map<String, Object> brief = new LinkedHashMap<>();
        answer.forEach((key, value) -> {
            if ("partial_results".equals(key)) {
                brief.put(key, failedOnly(value));
            } else if (!"details".equals(key)) {
                brief.put(key, value);
            }
        });
        return brief;
    }

    /** The report groups (records, as the pipeline builds them) with only their failed operations; empty groups dropped. */
    private static Object failedOnly(Object groups) {
        if (!(groups instanceof List<?> list)) {
            return groups;
        }
        List<Object> failed = new ArrayList<>();
        for (Object g : list) {
            if (g instanceof Operation.Group group) {
                List<Operation> ops = group.operations().stream().filter(op -> !op.success()).toList();
                if (!ops.isEmpty()) {
                    failed.add(new Operation.Group(group.resourceType(), ops));
                }
            } else {
                failed.add(g);
            }
        }
        return failed;
    }
}
