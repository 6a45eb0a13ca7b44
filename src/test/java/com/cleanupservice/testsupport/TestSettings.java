package com.cleanupservice.testsupport;

import com.cleanupservice.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import java.util.Map;
import java.util.Properties;

/**
 * Settings as the service reads them — {@code config/application.properties} on the classpath — with a test's own
 * values over them, without booting anything: on a Camel context of their own ({@link #of}, closed by {@link #close},
 * each call replacing the one before) or on the caller's ({@link #over}).
 */
public final class TestSettings implements AutoCloseable {
    private DefaultCamelContext context;

    /** The settings with {@code values} over the file's, on a new context of their own. */
    public Settings of(Map<String, String> values) {
        close();
        context = new DefaultCamelContext();
        return over(context, values);
    }

    /** The settings with {@code values} over the file's, on {@code context}'s properties component. */
    public static Settings over(CamelContext context, Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        context.getPropertiesComponent().setOverrideProperties(properties);
        return new Settings(context);
    }

    @Override
    public void close() {
        if (context != null) {
            context.stop();
            context = null;
        }
    }
}
