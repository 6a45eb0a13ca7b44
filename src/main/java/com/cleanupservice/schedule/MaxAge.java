package com.cleanupservice.schedule;

import com.cleanupservice.support.Refusal;

import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How long (hours) a failed node must have stood still before a sweep takes it: a whole number from 1 to 8760 (a
 * year). A request gives it as {@code max_age_hours}; like the original's {@code int()}, a string of digits is
 * accepted too, anything else (fractions, words, booleans, objects) is refused.
 */
final class MaxAge {
    static final int MIN = 1;
    static final int MAX = 8760;
    static final int DEFAULT = 24;
    static final String FIELD = "max_age_hours";

    private static final Pattern DIGITS = Pattern.compile("\\s*[+-]?\\d{1,18}\\s*");

    private MaxAge() {
    }

    /** The request body's {@code max_age_hours}, {@link #DEFAULT} when it is absent or null. */
    static int fromRequest(Map<String, Object> body) {
        Object value = body.get(FIELD);
        if (value == null) {
            return DEFAULT;
        }
        long hours;
        if (value instanceof Integer || value instanceof Long) {
            hours = ((Number) value).longValue();
        } else if (value instanceof BigInteger) {
            hours = Long.MAX_VALUE; // beyond any range: refused below with the usual message
        } else if (value instanceof String s && DIGITS.matcher(s).matches()) {
            hours = Long.parseLong(s.trim());
        } else {
            throw invalid(value);
        }
        if (hours < MIN || hours > MAX) {
            throw invalid(value);
        }
        return (int) hours;
    }

    /** A configured age; a wrong one stops the service at startup rather than sweeping with a surprise. */
    static int checkSetting(String key, int hours) {
        if (hours < MIN || hours > MAX) {
            throw new IllegalStateException("setting " + key + " must be a whole number of hours from " + MIN + " to " + MAX + ", not " + hours);
        }
        return hours;
    }

    private static Refusal invalid(Object value) {
        String shown = String.valueOf(value);
        shown = shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
        return Refusal.badRequest(FIELD + " must be a whole number of hours from " + MIN + " to " + MAX + ", not '" + shown + "'");
    }
}
