package com.cleanupservice.config;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A default by mode: the mode's own key unless the key itself is set, whatever case the mode is written in. */
class SettingsByModeTest {

    @Test
    void theModesValueUnlessTheKeyIsSetAndTheModeInAnyCase() throws Exception {
        assertThat(settings("ibmcloud", null).byModeMillis("cleanup.wait.poll-interval-ms")).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings("IBMCLOUD", null).byModeMillis("cleanup.wait.poll-interval-ms")).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings("Sandbox", null).byModeMillis("cleanup.wait.poll-interval-ms")).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings("ibmcloud", "250").byModeMillis("cleanup.wait.poll-interval-ms")).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> settings("staging", null).byModeMillis("cleanup.wait.poll-interval-ms"))
                .hasMessageContaining("'sandbox' or 'ibmcloud'");
    }

    private static Settings settings(String mode, String pollInterval) throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.setProperty("cleanup.mode", mode);
        p.setProperty("cleanup.wait.poll-interval-ms.sandbox", "1000");
        p.setProperty("cleanup.wait.poll-interval-ms.ibmcloud", "10000");
        if (pollInterval != null) {
            p.setProperty("cleanup.wait.poll-interval-ms", pollInterval);
        }
        context.getPropertiesComponent().setInitialProperties(p);
        return new Settings(context);
    }
}
