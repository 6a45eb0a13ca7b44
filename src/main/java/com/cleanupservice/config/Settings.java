package com.cleanupservice.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Typed view of the operator settings in {@code config/application.properties}. Every key can be overridden by an
 * environment variable (Camel's properties component maps {@code cleanup.db.url} to {@code CLEANUP_DB_URL}) or a JVM
 * system property. Every default is written once, in that file (packaged as the defaults): a setting is read here
 * without a default of its own, and one that has no value stops the service naming it. Settings whose empty value
 * means "none" are {@link #optional}; the few whose default is derived from other settings say so in the file, where
 * they are commented out. Secrets are read here and nowhere else, and never appear in {@link #toString()}.
 */
public final class Settings {

    public enum Mode { SANDBOX, IBMCLOUD }

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public Mode mode() {
        String raw = string("cleanup.mode").toUpperCase(Locale.ROOT);
        try {
            return Mode.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cleanup.mode must be 'sandbox' or 'ibmcloud', not '" + raw.toLowerCase(Locale.ROOT) + "'");
        }
    }

    public boolean sandbox() {
        return mode() == Mode.SANDBOX;
    }

    /** A setting whose empty value means "none" (a token, an override, a secret from the environment). */
    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** A setting that must have a value: its default is in {@code config/application.properties}, never here. */
    public String string(String key) {
        return optional(key).orElseThrow(() -> new IllegalStateException("setting " + key + " has no value: set it in "
                + "config/application.properties (its packaged copy holds every default) or environment variable " + envName(key)));
    }

    /** As {@link #string(String)}; for settings with no default, a secret or a choice the operator must make. */
    public String required(String key) {
        return string(key);
    }

    /** A comma-separated list ({@code a, b,c}); empty when the setting is empty ("none"). */
    public List<String> list(String key) {
        return optional(key).map(Settings::split).orElse(List.of());
    }

    /**
     * A setting whose default depends on the mode, where empty means "none": {@code key} when it is set, else
     * {@code key.sandbox} or {@code key.ibmcloud} (see config/application.properties).
     */
    public Optional<String> byMode(String key) {
        return optional(key).or(() -> optional(key + "." + mode().name().toLowerCase(Locale.ROOT)));
    }

    /** As {@link #list(String)}, with its default by mode as {@link #byMode(String)}. */
    public List<String> listByMode(String key) {
        return byMode(key).map(Settings::split).orElse(List.of());
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    public int integer(String key) {
        return parse(key, string(key), Integer::parseInt);
    }

    /**
     * How many nodes a batch or sweep keeps in flight, unless {@code key} says (the settings file leaves it commented
     * out): enough to keep the IBM call pools busy while each node mostly waits (for a server to go, for its turn in a
     * pool) — four per call slot of the larger pool, and at least 128. Only the pools bound the calls; this only bounds
     * the nodes held at once.
     */
    public int nodesInFlight(String key) {
        return optional(key).map(v -> parse(key, v, Integer::parseInt)).orElseGet(() -> Math.max(128, 4 * slots()));
    }

    private int slots() {
        return Math.max(integer("cleanup.concurrency.vpc"), integer("cleanup.concurrency.dns"));
    }

    public long longValue(String key) {
        return parse(key, string(key), Long::parseLong);
    }

    public double decimal(String key) {
        return parse(key, string(key), Double::parseDouble);
    }

    public boolean bool(String key) {
        String v = string(key);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalStateException("setting " + key + " must be true or false, not '" + v + "'");
    }

    public Duration millis(String key) {
        return Duration.ofMillis(longValue(key));
    }

    /** A duration whose default is derived from other settings (the settings file leaves it commented out). */
    public Optional<Duration> optionalMillis(String key) {
        return optional(key).map(v -> Duration.ofMillis(parse(key, v, Long::parseLong)));
    }

    /**
     * A duration whose default depends on the mode: {@code key} when it is set, else {@code key.sandbox} or
     * {@code key.ibmcloud} (see config/application.properties).
     */
    public Duration byModeMillis(String key) {
        return optionalMillis(key).orElseGet(() -> Duration.ofMillis(longValue(key + "." + mode().name().toLowerCase(Locale.ROOT))));
    }

    /** A timeout that must be one: zero or less is refused, not taken to mean "never". */
    public Duration positiveMillis(String key) {
        return Duration.ofMillis(positive(key, longValue(key)));
    }

    /** A limit that must allow something: zero or less is refused. */
    public int positiveInteger(String key) {
        return (int) positive(key, integer(key));
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
