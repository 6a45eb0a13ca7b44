package com.cleanupservice.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP status and the JSON answer that goes with it: an {@code api.schema} record (serialized by Jackson, its
 * components being the wire's keys in the wire's order), or a Map where an answer is still built as one.
 */
public record Response(int status, Object body) {

    /** One top-level field of the answer by its wire name (a record's component, a Map's key); null when absent. */
    public Object field(String name) {
        return fields().get(name);
    }

    /**
     * The answer's top-level fields in wire order, as Jackson writes them (a record's components left out where their
     * {@code @JsonInclude} leaves them out), for a caller that answers them extended with fields of its own.
     */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> map) {
            map.forEach((k, v) -> fields.put(String.valueOf(k), v));
        } else if (body != null && body.getClass().isRecord()) {
            for (RecordComponent c : body.getClass().getRecordComponents()) {
                Object value;
                try {
                    value = c.getAccessor().invoke(body);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of " + body.getClass().getName(), e);
                }
                if (written(c.getAccessor().getAnnotation(JsonInclude.class), value)) {
                    fields.put(c.getName(), value);
                }
            }
        }
        return fields;
    }

    private static boolean written(JsonInclude include, Object value) {
        if (include == null) {
            return true;
        }
        return switch (include.value()) {
            case NON_NULL, NON_ABSENT -> value != null;
            case NON_EMPTY -> value != null && !(value instanceof Collection<?> c && c.isEmpty())
                    && !(value instanceof Map<?, ?> m && m.isEmpty()) && !(value instanceof String s && s.isEmpty());
            default -> true;
        };
    }
}
