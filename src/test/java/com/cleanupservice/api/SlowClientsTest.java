package com.cleanupservice.api;

import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.RawConnection;
import com.cleanupservice.testsupport.SandboxApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.cleanupservice.testsupport.RawConnection.head;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client holds at most {@code cleanup.http.max-slow-connections-per-client} slow connections (here 3): idle ones,
 * or ones whose request body is still arriving. Connections whose request is being answered do not count.
 */
class SlowClientsTest {
    private static final Duration SLACK = Duration.ofSeconds(30);
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        // an idle timeout far beyond the test: only the limit may close these connections
        app = SandboxApp.start(Map.of("cleanup.http.max-slow-connections-per-client", "3", "cleanup.http.idle-timeout-ms", "300000"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aClientAtTheLimitHasItsNextConnectionClosedAtOnceAndBusyConnectionsDoNotCount() {
        // three requests the service works on for a while (each node's server is looked up first, and that takes 5 s)
        app.simulator().faults().add(FaultRule.latency("get_bare_metal_server", 5_000, 0));
        long looks = app.simulator().stats().count("get_bare_metal_server");
        List<RawConnection> busy = new ArrayList<>();
        List<RawConnection> idle = new ArrayList<>();
        try {
            for (int node = 1; node <= 3; node++) {
                busy.add(RawConnection.open(app).send(head("GET", "/api/cleanup/validate/" + node, "Connection: close")));
            }
            Await.until("the three requests are being worked on",
                    () -> app.simulator().stats().count("get_bare_metal_server") >= looks + 3);
            // three idle connections (each answered once, so surely taken) next to them: the limit, busy ones not counted
            for (int i = 0; i < 3; i++) {
                RawConnection connection = RawConnection.open(app);
                idle.add(connection);
                assertThat(connection.send(head("GET", "/observe/health")).readResponse(SLACK).status()).isEqualTo(200);
            }

            try (RawConnection fourth = RawConnection.open(app)) {
                long opened = System.nanoTime();
                assertThat(fourth.closedWithin(SLACK)).as("a fourth idle connection is closed at once").isTrue();
                System.out.println("SlowClientsTest: a fourth slow connection closed " + Duration.ofNanos(System.nanoTime() - opened).toMillis()
                        + " ms after it opened, next to 3 busy ones");
            }

            for (RawConnection connection : idle) {
                assertThat(connection.send(head("GET", "/observe/health")).readResponse(SLACK).status()).as("the three are unaffected").isEqualTo(200);
            }
            for (RawConnection connection : busy) {
                assertThat(connection.readUntilClosed(Duration.ofSeconds(120)).status()).as("the busy ones are answered").isEqualTo(200);
            }
        } finally {
            app.simulator().faults().clear();
            busy.forEach(RawConnection::close);
            idle.forEach(RawConnection::close);
        }

        Await.until("a new connection is served once the idle ones closed", () -> {
            try (RawConnection connection = RawConnection.open(app)) {
                connection.send(head("GET", "/observe/health", "Connection: close"));
                return connection.closedWithin(SLACK) && connection.received().status() == 200;
            } catch (UncheckedIOException refused) {
                return false;
            }
        });
    }
}
