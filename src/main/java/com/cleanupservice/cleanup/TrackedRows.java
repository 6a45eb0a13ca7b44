package com.cleanupservice.cleanup;

import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.TrackedResource;

import java.util.List;
import java.util.Map;

/** Turns the rows a type's load query returns (through camel-jdbc) into tracked resources. */
public final class TrackedRows {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private TrackedRows() {
    }

    public static List<TrackedResource> toResources(ResourceType type, List<Map<String, Object>> rows) {
        return rows.stream().map(row -> new TrackedResource(type,
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
                ((Number) row.get("attempts")).intValue(),
                recorded(string(row, "identity")),
                string(row, "account"),
                string(row, "region")).withDefaults()).toList();
    }

    /** The type's identity columns as its load query gives them: a JSON object of text values, nulls left out. */
    private static Map<String, String> recorded(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            Map<String, String> values = new java.util.LinkedHashMap<>();
            JSON.readTree(json).fields().forEachRemaining(f -> {
                if (!f.getValue().isNull() && !f.getValue().asText().isBlank()) {
                    values.put(f.getKey(), f.getValue().asText());
                }
            });
            return values;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a load query's identity column is not a JSON object", e);
        }
    }

    private static String string(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? null : v.toString();
    }
}
