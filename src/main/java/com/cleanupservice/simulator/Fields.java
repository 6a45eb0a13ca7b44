package com.cleanupservice.simulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, strict access to the fields of a JSON object: an admin request's body or a persisted resource document.
 * A field of the wrong type is an {@link IllegalArgumentException} naming it (answered 400 on the admin surface).
 */
final class Fields {
    private final Map<String, Object> json;

    Fields(Map<String, Object> json) {
        this.json = json;
    }

    /** Fields from alternating keys and values; {@code null} values are left out, as if the field was not sent. */
    static Fields of(Object... keysAndValues) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                json.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return new Fields(json);
    }

    Map<String, Object> json() {
        return json;
    }

    void allow(Set<String> allowed) {
        for (String key : json.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown field '" + key + "' (allowed: "
                        + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    String string(String key) {
        Object value = json.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("field '" + key + "' must be a string");
        }
        return (String) value;
    }

    String requiredString(String key) {
        String value = string(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("field '" + key + "' is required");
        }
        return value;
    }

    boolean bool(String key) {
        Object value = json.get(key);
        if (value != null && !(value instanceof Boolean)) {
            throw new IllegalArgumentException("field '" + key + "' must be true or false");
        }
        return Boolean.TRUE.equals(value);
    }

    Long optionalLong(String key) {
        Object value = json.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new IllegalArgumentException("field '" + key + "' must be a whole number");
        }
        return ((Number) value).longValue();
    }

    List<String> stringList(String key) {
        return list(key, String.class, "strings");
    }

    /** A list of strings in which none may stand twice; {@code twice} says what was named twice. */
    List<String> distinctStringList(String key, String twice) {
        List<String> values = stringList(key);
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException(twice + ": " + values);
        }
        return values;
    }

    /** An RFC 3339 timestamp, with {@code Z} or any offset. */
    Instant instant(String key) {
        String value = string(key);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + key + "' must be an RFC 3339 timestamp, was '" + value + "'");
        }
    }

    @SuppressWarnings("unchecked")
    List<Fields> objects(String key) {
        return list(key, Map.class, "objects").stream().map(item -> new Fields((Map<String, Object>) item)).toList();
    }

    /** An array whose items are all {@code itemType} ({@code items} names them in the error); none is empty. */
    private <T> List<T> list(String key, Class<T> itemType, String items) {
        Object value = json.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(itemType::isInstance)) {
            throw new IllegalArgumentException("field '" + key + "' must be an array of " + items);
        }
        return list.stream().map(itemType::cast).toList();
    }
}
