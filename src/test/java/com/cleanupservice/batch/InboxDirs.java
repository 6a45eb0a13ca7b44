package com.cleanupservice.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** A test's inbox and outbox: dropping request files the way a writer should, and waiting for what becomes of them. */
record InboxDirs(Path inbox, Path outbox) {
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    static InboxDirs under(Path root) {
        return new InboxDirs(root.resolve("inbox"), root.resolve("outbox"));
    }

    /** Settings for a SandboxApp watching these directories, polling often. */
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("cleanup.demo.enabled", "false");
        settings.put("cleanup.inbox.enabled", "true");
        settings.put("cleanup.inbox.dir", inbox.toString());
        settings.put("cleanup.outbox.dir", outbox.toString());
        settings.put("cleanup.inbox.poll-ms", "100");
        settings.put("cleanup.inbox.read-lock-min-age-ms", "100");
        settings.put("cleanup.inbox.read-lock-check-ms", "50");
        settings.put("cleanup.inbox.read-lock-timeout-ms", "5000");
        return settings;
    }

    /** Written under a temporary name, then renamed: the consumer never sees a half-written request. */
    Path drop(String name, String content) {
        try {
            Files.createDirectories(inbox);
            Path tmp = inbox.resolve(name + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            return Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path result(String name) {
        return outbox.resolve(name + ".result.json");
    }

    Path done(String name) {
        return inbox.resolve(".done").resolve(name);
    }

    Path error(String name) {
        return inbox.resolve(".error").resolve(name);
    }

    Path reason(String name) {
        return inbox.resolve(".error").resolve(name + ".error.json");
    }

    /** Waits until the request was run: its result written and the request moved to .done. */
    JsonNode awaitResult(String name) {
        await("result of " + name, () -> Files.exists(result(name)) && Files.exists(done(name)) && !Files.exists(inbox.resolve(name)));
        return read(result(name));
    }

    /** Waits until the request was refused: moved to .error beside the reason. */
    JsonNode awaitRejection(String name) {
        await("rejection of " + name, () -> Files.exists(reason(name)) && Files.exists(error(name)) && !Files.exists(inbox.resolve(name)));
        return read(reason(name));
    }

    List<String> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's own permissions, e.g. "rw-------" (a symbolic link's, not its target's). */
    static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    static String cleanupNodes(String... names) {
        return "{\"operation\": \"cleanup_nodes\", \"targets\": [" + String.join(", ", Stream.of(names).map(n -> "\"" + n + "\"").toList()) + "]}";
    }
}
