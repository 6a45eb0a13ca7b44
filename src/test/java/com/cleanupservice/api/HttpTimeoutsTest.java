package com.cleanupservice.api;

import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.RawConnection;
import com.cleanupservice.testsupport.RawConnection.Response;
import com.cleanupservice.testsupport.SandboxApp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.cleanupservice.testsupport.RawConnection.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client that sends less than it announced, or nothing, holds a connection only for the body or idle timeout (here
 * one second each); a request whose body arrived is never cut, however long its answer takes.
 */
class HttpTimeoutsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Closed within the timeout and this: the machine is shared, only a connection held for good fails. */
    private static final Duration SLACK = Duration.ofSeconds(30);
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.http.body-timeout-ms", String.valueOf(TIMEOUT.toMillis()),
                "cleanup.http.idle-timeout-ms", String.valueOf(TIMEOUT.toMillis())));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aBodyShorterThanItsContentLengthIsAnswered408AndItsConnectionClosed() throws Exception {
        Response answer;
        try (RawConnection connection = RawConnection.open(app)) {
            long sent = System.nanoTime();
            connection.send(head("POST", "/api/cleanup/batch", "Content-Type: application/json", "Content-Length: 100") + "0123456789");
            answer = connection.readUntilClosed(TIMEOUT.plus(SLACK));
            System.out.println("HttpTimeoutsTest: 408 and closed " + millisSince(sent) + " ms after the headers (body timeout "
                    + TIMEOUT.toMillis() + " ms)");
        }

        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.header("Connection")).isEqualTo("close");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asInt()).isEqualTo(408);
        assertThat(body.get("error").asText()).contains("cleanup.http.body-timeout-ms");
        assertThat(body.has("timestamp")).isTrue();
        assertThat(app.get("/api/cleanup/status").status()).as("the service goes on").isEqualTo(200);
    }

    @Test
    void everyPathHasTheBodyTimeout() {
        for (String path : List.of("/console/", "/observe/health", "/api/nodes", "/nowhere")) {
            try (RawConnection connection = RawConnection.open(app)) {
                connection.send(head("POST", path, "Content-Type: application/json", "Content-Length: 100") + "0123456789");

                assertThat(connection.closedWithin(TIMEOUT.plus(SLACK))).as(path).isTrue();
            }
        }
        assertThat(app.get("/observe/health").status()).isEqualTo(200);
    }

    @Test
    void aConnectionWithNoRequestInProgressIsClosedAfterTheIdleTimeout() {
        List<String> starts = List.of("", "GET /api/cleanup/sta", "GET /api/cleanup/status HTTP/1.1\r\nHost: 127.0.0.1\r\nAcce");
        for (String start : starts) {
            try (RawConnection connection = RawConnection.open(app)) {
                long opened = System.nanoTime();
                connection.send(start);

                assertThat(connection.closedWithin(TIMEOUT.plus(SLACK))).as("after '%s'", start).isTrue();
                System.out.println("HttpTimeoutsTest: closed " + millisSince(opened) + " ms after '" + start.replace("\r\n", "\\r\\n")
                        + "' (idle timeout " + TIMEOUT.toMillis() + " ms)");
            }
        }
        try (RawConnection keptAlive = RawConnection.open(app)) {
            assertThat(keptAlive.send(head("GET", "/observe/health")).readResponse(SLACK).status()).isEqualTo(200);

            assertThat(keptAlive.closedWithin(TIMEOUT.plus(SLACK))).as("kept alive after its answer").isTrue();
        }
        assertThat(app.get("/api/cleanup/status").status()).isEqualTo(200);
    }

    @Test
    void aRequestWhoseBodyArrivedIsNeverCutHoweverLongItsAnswerTakes() throws Exception {
        // the server's first look costs 4 s: the service reads and writes nothing on the connection for that long
        app.simulator().faults().add(FaultRule.latency("get_bare_metal_server", 4 * TIMEOUT.toMillis(), 0).times(1));
        String body = "{\"operation\": \"cleanup_nodes\", \"targets\": [\"nutanix-poc-bm-node-01\"]}";
        long started = System.nanoTime();
        Response answer;
        try (RawConnection connection = RawConnection.open(app)) {
            connection.send(head("POST", "/api/cleanup/batch", "Content-Type: application/json",
                    "Content-Length: " + body.length(), "Connection: close") + body);
            answer = connection.readUntilClosed(Duration.ofSeconds(120));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("HttpTimeoutsTest: a synchronous request answered after " + took.toMillis() + " ms, timeouts "
                + TIMEOUT.toMillis() + " ms");

        assertThat(took).as("silent for longer than both timeouts").isGreaterThan(TIMEOUT.multipliedBy(3));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(answer.body());
        assertThat(result.get("successful_operations").asInt()).isEqualTo(1);
        assertThat(result.get("results").get(0).get("node_name").asText()).isEqualTo("nutanix-poc-bm-node-01");
    }

    @Test
    void limitsThatAreNotPositiveNumbersRefuseToStart() {
        assertThatThrownBy(() -> SandboxApp.start(Map.of("cleanup.http.body-timeout-ms", "0")).close())
                .hasStackTraceContaining("setting cleanup.http.body-timeout-ms must be greater than 0, not 0");
        assertThatThrownBy(() -> SandboxApp.start(Map.of("cleanup.http.idle-timeout-ms", "-5")).close())
                .hasStackTraceContaining("setting cleanup.http.idle-timeout-ms must be greater than 0, not -5");
        assertThatThrownBy(() -> SandboxApp.start(Map.of("cleanup.http.max-slow-connections-per-client", "ten")).close())
                .hasStackTraceContaining("setting cleanup.http.max-slow-connections-per-client must be a number, not 'ten'");
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
