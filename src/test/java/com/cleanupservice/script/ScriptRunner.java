package com.cleanupservice.script;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a generated script as an operator would: an executable file, through its shebang, with its arguments, in an
 * environment without the variables it reads unless a test sets them. Unattended (stdin not a terminal) or on a
 * pseudo-terminal made by util-linux's {@code script}, which copies what the test "types" into it.
 */
final class ScriptRunner {
    /** What the scripts read from the environment: none of the developer's own may leak in. */
    private static final List<String> SCRIPT_VARIABLES = List.of("IBMCLOUD", "REGION", "DNS_INSTANCE_ID", "DNS_ZONE_ID",
            "WAIT_TIMEOUT_SECONDS", "POLL_SECONDS", "CLEANUP_URL", "CLEANUP_API_TOKEN", "FAKE_IBMCLOUD_LOGGED_OUT");

    private ScriptRunner() {
    }

    /** Whether util-linux's {@code script} is there to make a pseudo-terminal. */
    static boolean terminalAvailable() {
        try {
            Process p = new ProcessBuilder("script", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains("util-linux");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param typed null: stdin is an empty pipe (no terminal); else the script runs on a pseudo-terminal and this is
     *              typed into it (then stdout and stderr both come back as stdout, lines ending in CR LF made LF)
     */
    static FakeIbmcloud.Run run(Path dir, String script, Map<String, String> env, String typed, String... args) {
        try {
            Path file = Files.createTempFile(dir, "cleanup-", ".sh");
            Files.writeString(file, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
            Path out = Files.createTempFile(dir, "out-", ".txt");
            Path err = Files.createTempFile(dir, "err-", ".txt");
            List<String> command = new ArrayList<>();
            command.add(file.toString());
            command.addAll(List.of(args));
            List<String> argv = typed == null ? command
                    : List.of("script", "--quiet", "--return", "--command",
                            command.stream().map(Bash::quote).collect(Collectors.joining(" ")), "/dev/null");
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            SCRIPT_VARIABLES.forEach(pb.environment()::remove);
            pb.environment().put("SHELL", "/bin/sh");
            pb.environment().putAll(env);
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write((typed == null ? "" : typed).getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the script may end without reading its stdin
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the script did not end within 120 s");
            }
            String stdout = Files.readString(out);
            return new FakeIbmcloud.Run(p.exitValue(), typed == null ? stdout : stdout.replace("\r\n", "\n"), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
