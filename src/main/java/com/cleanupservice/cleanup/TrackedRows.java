package com.cleanupservice.cleanup;

import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.TrackedResource;

import java.util.List;
import java.util.Map;

/** Turns the rows a type's load query returns (through camel-jdbc) into tracked resources. */
public final class TrackedRows {
    private TrackedRows() {
    }

    public static List<TrackedResource> toResources(ResourceType type, List<Map<String, Object>> rows) {
        return rows.stream().map(row -> type.withDefaults(new TrackedResource(type,
                ((Number) row.get("tracked_id")).longValue(),
                string(row, "ibm_id"),
                string(row, "resource_name"),
                string(row, "node_name"),
                string(row, "deployment_id"),
                string(row, "parent_id"),
                string(row, "scope_id"),
                string(row, "kind"),
                string(row, "detail"),
                LedgerState.valueOf(string(row, "state")),
                ((Number) row.get("attempts")).intValue()))).toList();
    }

    private static String string(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? null : v.toString();
    }
}
