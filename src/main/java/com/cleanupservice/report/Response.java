package com.cleanupservice.report;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP status and the JSON body that goes with it: an {@code api.schema} record (or a Map not yet converted). */
public record Response(int status, Object body) {
    private static final ObjectMapper FIELDS = new ObjectMapper();

    /**
     * The body's fields by their wire names, for code that reads a field or two of an answer it passes on: a Map as it
     * is, a record as Jackson writes it.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> fields() {
        return body instanceof Map<?, ?> m ? (Map<String, Object>) m : FIELDS.convertValue(body, LinkedHashMap.class);
    }
}
