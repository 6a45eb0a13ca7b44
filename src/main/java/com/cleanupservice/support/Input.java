package com.cleanupservice.support;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the service takes from outside (API requests, batch files, provisioner records) is checked here before it is
 * used: ids, the keys an object may have, JSON objects. Whatever fails is a {@link Refusal} (400) saying what is wrong,
 * quoting at most a short, printable piece of what was sent.
 */
public final class Input {
    /** Ids as IBM and the provisioner make them; anything else is refused before it reaches SQL or a script. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,254}");
    /** {@link #ID} in words, for refusals. */
    public static final String ID_RULE = "a letter or digit, then letters, digits, '.', '_', ':' or '-' (at most 255 characters)";

    /** The values a flag (a boolean query parameter) may have, true ones first; case does not matter. */
    public static final List<String> FLAG_VALUES = List.of("true", "1", "yes", "false", "0", "no");

    /** "{...} trailing garbage" is a damaged body, not a request. */
    private final ObjectReader strictReader;

    /**
     * A page size from a query parameter ({@code limit}): absent is {@code defaultValue}; anything but a whole number
     * from 1 to {@code max} is refused with 400 saying so.
     */
    public static int pageSize(String text, int defaultValue, int max) {
        if (text == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // the refusal below says what is expected
        }
        throw Refusal.badRequest("limit must be a number from 1 to " + max);
    }

    public Input(ObjectMapper json) {
        // a key given twice ("operation": "validate_cleanup", ..., "operation": "cleanup_nodes") is refused by the
        // parser itself: the last one winning silently turned a validation into a cleanup
        this.strictReader = json.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * A flag's value ({@code ?dry_run=true}): true or false, or null when the flag {@code name} is absent ({@code value}
     * null). A flag given without a value ({@code ?dry_run}) or with an empty one ({@code ?dry_run=}) is refused, never
     * read as false: people type {@code ?dry_run} alone to mean yes, and a preview must never delete.
     */
    public static Boolean flag(String name, String value) {
        if (value == null) {
            return null;
        }
        int at = FLAG_VALUES.indexOf(value.trim().toLowerCase(java.util.Locale.ROOT));
        if (at < 0) {
            String accepted = String.join(", ", FLAG_VALUES);
            throw Refusal.badRequest(value.isBlank()
                    ? "Query parameter " + abbreviate(name) + " needs a value: " + name + "=true or " + name + "=false (accepted: " + accepted + ")"
                    : "Query parameter " + abbreviate(name) + " must be true or false, not '" + abbreviate(value) + "' (accepted: " + accepted + ")",
                    Map.of("parameter", abbreviate(name), "accepted_values", FLAG_VALUES));
        }
        return at < FLAG_VALUES.size() / 2;
    }

    /** An optional id in a JSON object: null when absent; refused unless it is a string (or whole number) in {@link #ID} form. */
    public static String idField(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null || (v instanceof String s && s.isBlank())) {
            return null;
        }
        if (!(v instanceof String) && !(v instanceof Integer) && !(v instanceof Long)) {
            throw Refusal.badRequest(key + " must be a string");
        }
        String s = v.toString();
        if (!ID.matcher(s).matches()) {
            throw Refusal.badRequest(key + " is not a valid id: " + ID_RULE + ", not '" + abbreviate(s) + "'");
        }
        return s;
    }

    /** Refused naming every key of {@code object} that is not in {@code accepted}, and listing the accepted ones. */
    public static void requireKnownKeys(Map<String, ?> object, Collection<String> accepted, String where) {
        Set<String> unknown = new TreeSet<>(object.keySet());
        unknown.removeAll(accepted);
        if (unknown.isEmpty()) {
            return;
        }
        Set<String> known = new TreeSet<>(accepted);
        String names = unknown.stream().map(k -> "'" + abbreviate(k) + "'").collect(Collectors.joining(", "));
        Map<String, Object> details = Map.of("unknown_keys", unknown.stream().map(Input::abbreviate).toList(), "accepted_keys", known);
        throw Refusal.badRequest((unknown.size() == 1 ? "Unknown key " : "Unknown keys ") + names + " in " + where
                + "; accepted: " + (known.isEmpty() ? "none" : String.join(", ", known)), details);
    }

    /**
     * Parses a JSON object (a request body, a batch file): refused with {@code whenMissing} when empty (or an empty map
     * if that is null), "Invalid JSON: ..." with the kind of problem and its position (never the text found there) when
     * it does not parse or has trailing garbage, and {@code whenNotObject} when it is JSON but not an object.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> jsonObject(byte[] content, String whenMissing, String whenNotObject) {
        if (content == null || new String(content, StandardCharsets.UTF_8).isBlank()) {
            if (whenMissing == null) {
                return new LinkedHashMap<>();
            }
            throw Refusal.badRequest(whenMissing);
        }
        Object parsed;
        try {
            parsed = strictReader.readValue(content);
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest("Invalid JSON: " + jsonProblem(e));
        } catch (java.io.IOException e) {
            throw Refusal.badRequest("Invalid JSON: the content could not be read");
        }
        if (!(parsed instanceof Map)) {
            throw Refusal.badRequest(whenNotObject);
        }
        return (Map<String, Object>) parsed;
    }

    /**
     * The kind of problem and where, never the text found there: the parser's own message quotes the offending token,
     * and these messages are answered, logged and written to inbox error files, so they must not carry the content.
     * Jackson's message is only looked at to tell the kinds apart.
     */
    private static String jsonProblem(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        String kind;
        if (original.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser parser) {
            kind = "key '" + abbreviate(currentName(parser)) + "' given more than once (each key may appear once)";
        } else if (original.startsWith("Trailing token")) {
            kind = "trailing content after the JSON value";
        } else if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException || original.startsWith("No content")) {
            kind = "unexpected end of input";
        } else if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            kind = "a number, string or nesting depth beyond the parser's limits";
        } else if (e instanceof com.fasterxml.jackson.core.JsonParseException) {
            kind = "unexpected character";
        } else {
            kind = "not a JSON value";
        }
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return at == null ? kind : kind + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String currentName(JsonParser parser) {
        try {
            return parser.currentName();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** A value quoted back in a refusal: at most 60 characters, control characters escaped. */
    public static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return Printable.escape(s.length() > 60 ? s.substring(0, 60) + "..." : s);
    }
}
