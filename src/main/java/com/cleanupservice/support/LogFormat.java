package com.cleanupservice.support;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The log's format, {@code cleanup.log.format}: {@code text} (the human-readable pattern) or {@code json}
 * (one object per line, the {@code <json>} encoder of {@code logback.xml}). It is needed before logging starts, so before camel-main reads the
 * settings: read here the way the other settings are — a JVM system property ({@code -Dcleanup.log.format=json}),
 * then the environment ({@code CLEANUP_LOG_FORMAT}), then {@code config/application.properties}, then the packaged
 * defaults. {@code logback.xml}'s console encoder ({@link LogEncoder}) writes the format this system property names.
 */
public final class LogFormat {
    public static final String KEY = "cleanup.log.format";
    public static final String TEXT = "text";
    public static final String JSON = "json";

    private LogFormat() {
    }

    /** The configured format, checked: an unknown one stops the service before it starts. */
    public static String resolve(Map<String, String> environment, Properties system, Path settingsFile) {
        String value = Optional.ofNullable(system.getProperty(KEY))
                .or(() -> Optional.ofNullable(environment.get(KEY.toUpperCase(Locale.ROOT).replace('.', '_'))))
                .or(() -> fromFile(settingsFile))
                .or(LogFormat::packaged)
                .map(String::trim).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new IllegalStateException(KEY + " has no value: set it in config/application.properties "
                        + "(its packaged copy holds every default) or environment variable CLEANUP_LOG_FORMAT"));
        String format = value.toLowerCase(Locale.ROOT);
        if (!format.equals(TEXT) && !format.equals(JSON)) {
            throw new IllegalStateException(KEY + " must be 'text' or 'json', not '" + Printable.escape(value) + "'");
        }
        return format;
    }

    /** For {@code App.main}: the format from this process's settings, applied before anything logs. */
    public static void applyConfigured() {
        apply(resolve(System.getenv(), System.getProperties(), Path.of("config", "application.properties")));
    }

    /**
     * Logs in {@code format} from now on: the system property {@code logback.xml} reads, and, when logging was set up
     * already with the other format, logback configured again from the same file.
     */
    public static void apply(String format) {
        System.setProperty(KEY, format);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: not ours to configure
        }
        if (inUse(context, format)) {
            return;
        }
        URL config = ConfigurationWatchListUtil.getMainWatchURL(context);
        if (config == null) {
            config = LogFormat.class.getClassLoader().getResource("logback.xml");
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("logging could not be configured from " + config, e);
        }
    }

    /** Whether the console already writes {@code format}. */
    private static boolean inUse(LoggerContext context, String format) {
        if (context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE") instanceof ConsoleAppender<ILoggingEvent> console
                && console.getEncoder() instanceof LogEncoder encoder && encoder.delegate() != null) {
            return encoder.format().equals(format);
        }
        return false;
    }

    private static Optional<String> fromFile(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty(KEY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Optional<String> packaged() {
        try (InputStream in = LogFormat.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty(KEY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged application.properties", e);
        }
    }
}
