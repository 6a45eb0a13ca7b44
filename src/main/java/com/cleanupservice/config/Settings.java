package com.cleanupservice.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Typed view of the operator settings in {@code config/application.properties}. Every key can be overridden by an
 * environment variable (Camel's properties component maps {@code cleanup.db.url} to {@code CLEANUP_DB_URL}) or a JVM
 * system property. Secrets are read here and nowhere else, and never appear in {@link #toString()}.
 */
public final class Settings {

    public enum Mode { SANDBOX, IBMCLOUD }

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public Mode mode() {
        String raw = string("cleanup.mode", "sandbox").trim().toUpperCase(Locale.ROOT);
        try {
            return Mode.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cleanup.mode must be 'sandbox' or 'ibmcloud', not '" + raw.toLowerCase(Locale.ROOT) + "'");
        }
    }

    public boolean sandbox() {
        return mode() == Mode.SANDBOX;
    }

    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new IllegalStateException(
                "setting " + key + " is required (environment variable " + envName(key) + ")"));
    }

    public int integer(String key, int defaultValue) {
        return optional(key).map(v -> parse(key, v, Integer::parseInt)).orElse(defaultValue);
    }

    /**
     * How many nodes a batch or sweep keeps in flight, unless {@code key} says: enough to keep the IBM call pools busy
     * while each node mostly waits (for a server to go, for its turn in a pool) — four per call slot of the larger
     * pool, and at least 128. Only the pools bound the calls; this only bounds the nodes held at once.
     */
    public int nodesInFlight(String key) {
        return integer(key, Math.max(128, 4 * slots()));
    }

    private int slots() {
        return Math.max(integer("cleanup.concurrency.vpc", 8), integer("cleanup.concurrency.dns", 8));
    }

    public long longValue(String key, long defaultValue) {
        return optional(key).map(v -> parse(key, v, Long::parseLong)).orElse(defaultValue);
    }

    public double decimal(String key, double defaultValue) {
        return optional(key).map(v -> parse(key, v, Double::parseDouble)).orElse(defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        return optional(key).map(v -> {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new IllegalStateException("setting " + key + " must be true or false, not '" + v + "'");
        }).orElse(defaultValue);
    }

    public Duration millis(String key, long defaultMillis) {
        return Duration.ofMillis(longValue(key, defaultMillis));
    }

    /** A timeout that must be one: zero or less is refused, not taken to mean "never". */
    public Duration positiveMillis(String key, long defaultMillis) {
        return Duration.ofMillis(positive(key, longValue(key, defaultMillis)));
    }

    /** A limit that must allow something: zero or less is refused. */
    public int positiveInteger(String key, int defaultValue) {
        return (int) positive(key, integer(key, defaultValue));
    }

    private static long positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalStateException("setting " + key + " must be greater than 0, not " + value);
        }
        return value;
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private static <T> T parse(String key, String value, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("setting " + key + " must be a number, not '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return "Settings[mode=" + mode() + "]";
    }
}
