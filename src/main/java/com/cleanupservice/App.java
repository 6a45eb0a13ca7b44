package com.cleanupservice;

import org.apache.camel.main.Main;

/** The cleanup service. Settings: the packaged defaults, then {@code config/application.properties}, then the environment. */
public final class App {
    static final String SETTINGS = "classpath:application.properties;optional=true,file:config/application.properties;optional=true";

    private App() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(App.class);
        main.setPropertyPlaceholderLocations(SETTINGS);
        main.run(args);
    }
}
