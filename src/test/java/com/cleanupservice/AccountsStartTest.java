package com.cleanupservice;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.cleanupservice.ibm.JwtIam;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorOptions;
import com.cleanupservice.testsupport.SandboxApp;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The accounts at the service's start: a credential of another IBM account stops the start naming the account, and an
 * account's key is in no log line (camel-main's startup summary included) and not in {@code /observe/info}.
 */
class AccountsStartTest {

    @Test
    void aKeyOfAnotherAccountStopsTheStartNamingIt() {
        try (IbmCloudSimulator sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0));
             JwtIam iam = new JwtIam(Map.of("key-1", "sandbox0account0000000000000000"))) {
            Map<String, String> settings = SandboxApp.against(sim, null, null);
            settings.put("cleanup.ibm.iam-url", iam.url());
            settings.put("cleanup.ibm.account.sandbox.api-key", "key-1");
            settings.put("cleanup.ibm.account.sandbox-2.api-key", "key-1");

            Throwable refused = catchThrowable(() -> SandboxApp.start(settings).close());

            assertThat(refused).as("the start is refused").isNotNull();
            assertThat(App.reason(refused)).isEqualTo("account sandbox-2: the API key belongs to account "
                    + "sandbox0account0000000000000000, not the configured sandbox2account0000000000000000");
        }
    }

    @Test
    void anAccountsKeyIsNeverLoggedNorShown() {
        // the sandbox account's: the simulator takes any key as its (but sandbox-2's), so the start goes on
        String secret = "s3cret-of-sandbox-" + System.nanoTime();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
        String info;
        try (SandboxApp app = SandboxApp.start(Map.of("cleanup.ibm.account.sandbox.api-key", secret))) {
            info = app.get("/observe/info").body();
            app.get("/observe/health");
        } finally {
            root.detachAppender(log);
        }

        assertThat(info).doesNotContain(secret);
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : log.list) {
            lines.add(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getMessage());
            }
        }
        assertThat(lines).as("the start was logged").anyMatch(line -> line != null && line.startsWith("IBM accounts: "));
        assertThat(lines).filteredOn(line -> line != null && line.contains(secret)).isEmpty();
    }
}
