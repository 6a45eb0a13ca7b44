package com.cleanupservice.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands the container tests run (scripts/*.sh, podman), from the repository root, their output kept. */
final class Shell {
    private Shell() {
    }

    record Result(int exitCode, String output) {
    }

    /** Runs {@code command}; a non-zero exit or running past {@code timeout} fails with what it printed. */
    static String run(Duration timeout, String... command) {
        Result result = attempt(timeout, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    static Result attempt(Duration timeout, String... command) {
        try {
            Path output = Files.createTempFile("cleanup-it", ".out");
            try {
                Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                            + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String podman(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "podman";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return run(Duration.ofMinutes(2), command).trim();
    }
}
