package com.cleanupservice.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bash scripts/cleanup-helper.sh ...} as an operator would: its own process, environment, working
 * directory and stdin. The inherited environment loses every variable the helper reads, so only what a test sets
 * counts (and nothing of the developer's own shell leaks in).
 */
final class HelperRun {
    static final Path SCRIPT = Path.of("scripts", "cleanup-helper.sh").toAbsolutePath();
    private static final List<String> HELPER_VARIABLES = List.of("CLEANUP_URL", "CLEANUP_API_TOKEN", "PXE_SERVER",
            "NO_COLOR", "CLEANUP_POLL_SECONDS", "CLEANUP_WAIT_SECONDS", "CLEANUP_CONNECT_TIMEOUT", "CLEANUP_MAX_TIME");

    private final Map<String, String> env = new LinkedHashMap<>();
    private Path dir = Path.of(".").toAbsolutePath();
    private String stdin = "";

    private HelperRun() {
        env.put("NO_COLOR", "1");
    }

    /** Against the service at {@code baseUrl}, without colours. */
    static HelperRun at(String baseUrl) {
        return new HelperRun().env("CLEANUP_URL", baseUrl);
    }

    HelperRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    HelperRun withoutEnv(String name) {
        env.remove(name);
        return this;
    }

    HelperRun in(Path directory) {
        this.dir = directory;
        return this;
    }

    HelperRun stdin(String text) {
        this.stdin = text;
        return this;
    }

    Result run(String... args) {
        List<String> argv = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        argv.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("helper-out-", ".txt");
            Path err = Files.createTempFile("helper-err-", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                HELPER_VARIABLES.forEach(pb.environment()::remove);
                pb.environment().putAll(env);
                Process p = pb.start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException closedEarly) {
                    // the helper may exit without reading its stdin
                }
                if (!p.waitFor(180, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("helper did not finish: " + argv + "\n" + Files.readString(out) + Files.readString(err));
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the helper did: its exit code and both streams. */
    record Result(int exit, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
