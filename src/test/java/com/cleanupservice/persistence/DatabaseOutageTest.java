package com.cleanupservice.persistence;

import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL frozen (every one of its processes stopped, as a hung host would leave it): health turns DOWN by itself,
 * the API answers 503 at once instead of hanging, and both recover when it thaws — no restart. The service gets a
 * PostgreSQL of its own here, so freezing it touches no other test.
 */
class DatabaseOutageTest {
    @TempDir
    static Path dir;
    private static EmbeddedPostgres postgres;
    private static SandboxApp app;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
        app = SandboxApp.start(Map.of("cleanup.db.url", postgres.getJdbcUrl("postgres", "postgres")));
    }

    @AfterAll
    static void stop() throws IOException, InterruptedException {
        signal("CONT");
        app.close();
        postgres.close();
    }

    @Test
    void aFrozenDatabaseIsDownAndRefusedQuicklyThenRecoversWithoutARestart() throws Exception {
        Await.until("healthy at first", () -> app.get("/observe/health").status() == 200);

        signal("STOP");
        Instant frozen = Instant.now();
        try {
            Await.until("health DOWN", () -> app.get("/observe/health").status() == 503);
            Duration detected = Duration.between(frozen, Instant.now());
            Reply refused = app.get("/api/cleanup/status");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("error").asText()).startsWith("Database unavailable");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            assertThat(app.get("/observe/health/live").status()).as("an outage is no reason to restart").isEqualTo(200);
            System.out.println("DatabaseOutageTest: health DOWN " + detected.toMillis() + " ms after the freeze");
        } finally {
            signal("CONT");
        }

        Instant thawed = Instant.now();
        Await.until("health UP again", () -> app.get("/observe/health").status() == 200);
        System.out.println("DatabaseOutageTest: health UP " + Duration.between(thawed, Instant.now()).toMillis() + " ms after the thaw");
        assertThat(app.get("/api/cleanup/status").status()).isEqualTo(200);
        assertThat(app.post("/api/cleanup/node/1").status()).isEqualTo(200);
    }

    /** Sends a signal to the postmaster and every process it started. */
    private static void signal(String name) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid")).get(0).trim());
        List<String> command = new ArrayList<>(List.of("kill", "-" + name, String.valueOf(postmaster)));
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(c -> command.add(String.valueOf(c.pid()))));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        assertThat(kill.waitFor()).as(String.join(" ", command)).isZero();
    }

}
