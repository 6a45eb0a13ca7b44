package com.cleanupservice.script;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code bash -n} and shellcheck over a script's text. */
final class ScriptChecks {
    private ScriptChecks() {
    }

    /** What {@code bash -n} reports; empty when the script parses. */
    static String bashSyntaxErrors(String script) {
        return run(List.of("bash", "-n"), script);
    }

    /** What shellcheck reports (every severity); empty when it finds nothing. */
    static String shellcheckFindings(String script) {
        return run(List.of("shellcheck", "--shell=bash", "--severity=style"), script);
    }

    static boolean shellcheckInstalled() {
        try {
            Process p = new ProcessBuilder("shellcheck", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> command, String script) {
        try {
            Path file = Files.createTempFile("cleanup-script-", ".sh");
            try {
                Files.writeString(file, script, StandardCharsets.UTF_8);
                List<String> argv = new java.util.ArrayList<>(command);
                argv.add(file.toString());
                Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(command + " did not finish");
                }
                return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + output;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
