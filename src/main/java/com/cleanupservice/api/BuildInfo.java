package com.cleanupservice.api;

import com.cleanupservice.api.schema.BuildFacts;
import com.cleanupservice.config.Settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What {@code /observe/info} shows: build and version facts, nothing about the machine, its users or its directories
 * (Camel's own info endpoint shows the OS user, home and working directory, so it is turned off).
 */
public final class BuildInfo {
    private BuildInfo() {
    }

    public static BuildFacts facts(Settings.Mode mode) {
        Properties build = properties();
        return new BuildFacts(build.getProperty("name", "cleanup-service"), build.getProperty("version", "unknown"),
                build.getProperty("built", "unknown"), build.getProperty("camel", "unknown"), Runtime.version().feature(),
                mode.name().toLowerCase(java.util.Locale.ROOT));
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
