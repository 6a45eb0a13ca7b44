package com.cleanupservice;

import com.cleanupservice.api.JsonErrorsVertx;
import org.apache.camel.main.Main;

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
        } finally {
            release(main);
        }
    }

    /**
     * The service's {@link Main}, before it runs: settings locations, and the Vert.x instance the HTTP server is built
     * on (bound here because camel-main starts the HTTP server before any configuration class runs).
     */
    public static Main create() {
        Main main = new Main(App.class);
        main.setPropertyPlaceholderLocations(SETTINGS);
        main.bind(VERTX, JsonErrorsVertx.create(CleanupConfiguration.objectMapper()));
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
