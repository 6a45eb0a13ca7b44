package com.cleanupservice.api;

import com.cleanupservice.config.Settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What {@code /observe/info} shows: build and version facts, nothing about the machine, its users or its directories
 * (Camel's own info endpoint shows the OS user, home and working directory, so it is turned off).
 */
public final class BuildInfo {
    private BuildInfo() {
    }

    public static Map<String, Object> facts(Settings.Mode mode) {
        Properties build = properties();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("name", build.getProperty("name", "cleanup-service"));
        facts.put("version", build.getProperty("version", "unknown"));
        facts.put("built", build.getProperty("built", "unknown"));
        facts.put("camel_version", build.getProperty("camel", "unknown"));
        facts.put("java_version", Runtime.version().feature());
        facts.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        return facts;
    }

    /** The service's version, as built ({@code unknown} when run from classes Maven did not filter). */
    public static String version() {
        return properties().getProperty("version", "unknown");
    }

    private static Properties properties() {
        Properties build = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/build-info.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build;
    }
}
