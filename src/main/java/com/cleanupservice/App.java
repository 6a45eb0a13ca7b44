package com.cleanupservice;

import com.cleanupservice.api.JsonErrorsVertx;
import com.cleanupservice.config.Settings;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/** The cleanup service. Settings: the packaged defaults, then {@code config/application.properties}, then the environment. */
public final class App {
    static final String SETTINGS = "classpath:application.properties;optional=true,file:config/application.properties;optional=true";
    private static final String VERTX = "cleanupVertx";

    private App() {
    }

    public static void main(String[] args) throws Exception {
        // before anything logs: logback picks its appender by the format
        com.cleanupservice.support.LogFormat.applyConfigured();
        com.cleanupservice.support.HeapFootprint.applyDefaults();
        Main main = create();
        try {
            main.run(args);
        } catch (Exception e) {
            // a setting the service refuses (ibmcloud mode without a database, a token-less public address) surfaces
            // wrapped by the bean wiring: say the reason in one line, the trace after it
            org.slf4j.LoggerFactory.getLogger(App.class).error("cleanup-service did not start: {}", reason(e), e);
            release(main);
            System.exit(1);
        } finally {
            release(main);
        }
    }

    /** The innermost message of a start failure: what the service refused, not the wrappers around it. */
    static String reason(Throwable failure) {
        String reason = failure.getMessage();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !(t instanceof java.lang.reflect.InvocationTargetException)
                    && !(t instanceof org.apache.camel.RuntimeCamelException && t.getCause() != null)) {
                reason = t.getMessage();
            }
        }
        return reason;
    }

    /**
     * The service's {@link Main}, before it runs: settings locations, and the Vert.x instance the HTTP server is built
     * on. That one is bound before camel-main configures anything (camel-main starts the HTTP server before any
     * configuration class runs), yet once the settings can be read: it takes the HTTP connection limits.
     */
    public static Main create() {
        Main main = new Main(App.class);
        main.setPropertyPlaceholderLocations(SETTINGS);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport starting) {
                Settings settings = new Settings(starting.getCamelContext());
                main.bind(VERTX, JsonErrorsVertx.create(CleanupConfiguration.objectMapper(), CleanupConfiguration.httpLimits(settings)));
            }
        });
        return main;
    }

    /** After the service stopped (or failed to start): closes what {@link #create()} opened. */
    public static void release(Main main) {
        JsonErrorsVertx vertx = main.lookup(VERTX, JsonErrorsVertx.class);
        if (vertx != null) {
            vertx.close();
        }
    }
}
