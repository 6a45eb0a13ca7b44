package com.cleanupservice.simulator;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed, strict access to the fields of a JSON object: an admin request's body. A field of the wrong type is an
 * {@link IllegalArgumentException} naming it (answered 400 on the admin surface). {@link #as} reads the fields a
 * record declares.
 */
final class Fields {
    private static final Pattern UPPER = Pattern.compile("([A-Z])");

    /** A record component {@link #as} requires: present and not blank. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Required {
    }

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

    /** These fields but {@code key}. */
    Fields without(String key) {
        Map<String, Object> rest = new LinkedHashMap<>(json);
        rest.remove(key);
        return new Fields(rest);
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

    /**
     * The fields as the record {@code type} declares them, one per component, named in snake_case
     * ({@code targetId}: {@code target_id}): a {@code String} (not blank when {@link Required}), a {@code boolean}
     * ({@code false} when absent), a {@code Long} or a {@code List<String>} (empty when absent). A default is the
     * record's to fill in, in its compact constructor, which may also refuse values with an
     * {@link IllegalArgumentException}.
     *
     * @throws IllegalArgumentException for a field the record does not declare, or one of the wrong type
     */
    <T extends Record> T as(Class<T> type) {
        allow(names(type));
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i]);
        }
        try {
            Constructor<T> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException refused ? refused : new IllegalStateException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e);
        }
    }

    /** The field names {@link #as} reads for {@code type}. */
    static Set<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(Fields::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String name(RecordComponent component) {
        return UPPER.matcher(component.getName()).replaceAll(m -> "_" + m.group(1).toLowerCase(Locale.ROOT));
    }

    private Object value(RecordComponent component) {
        String key = name(component);
        Class<?> type = component.getType();
        if (type == String.class) {
            return component.isAnnotationPresent(Required.class) ? requiredString(key) : string(key);
        } else if (type == boolean.class) {
            return bool(key);
        } else if (type == Long.class) {
            return optionalLong(key);
        } else if (type == List.class) {
            return stringList(key);
        }
        throw new IllegalStateException("no admin field type " + type.getName() + " (" + key + ")");
    }

    /** {@code values} when none stands twice; {@code twice} says what was named twice. */
    static List<String> distinct(List<String> values, String twice) {
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException(twice + ": " + values);
        }
        return values;
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
