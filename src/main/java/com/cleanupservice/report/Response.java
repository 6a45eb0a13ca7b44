package com.cleanupservice.report;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP status and the JSON body that goes with it: an {@code api.schema} record (or, not yet converted, a Map). */
public record Response(int status, Object body) {
    private static final ObjectMapper FIELDS = new ObjectMapper();

    /**
     * A top-level field of the body as its JSON names it ({@code "error"}, {@code "status_url"}), whatever the body's
     * class: a record's component of that name, a Map's key; null when it has none.
     */
    public Object field(String name) {
        if (body instanceof Map<?, ?> map) {
            return map.get(name);
        }
        if (body != null && body.getClass().isRecord()) {
            for (RecordComponent c : body.getClass().getRecordComponents()) {
                if (c.getName().equals(name)) {
                    try {
                        return c.getAccessor().invoke(body);
                    } catch (IllegalAccessException | InvocationTargetException e) {
                        throw new IllegalStateException("cannot read " + name + " of " + body.getClass().getSimpleName(), e);
                    }
                }
            }
        }
        return null;
    }

    /**
     * The body's fields by their wire names, for code that reads a field or two of an answer it passes on: a Map as it
     * is, a record as Jackson writes it.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> fields() {
        return body instanceof Map<?, ?> m ? (Map<String, Object>) m : FIELDS.convertValue(body, LinkedHashMap.class);
    }
}
