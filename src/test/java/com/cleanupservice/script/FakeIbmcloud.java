package com.cleanupservice.script;

import com.cleanupservice.demo.DemoData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The stand-in {@code ibmcloud} of {@code src/test/resources/script/fake-ibmcloud} in a directory of its own: which
 * resources "exist" (marker files), which answers fail, every call it received, and running a generated script
 * against it. It is logged in and targets {@link #DEFAULT_REGION} unless a run's environment says otherwise; a run's
 * {@code ibmcloud target -c ID -r REGION} switches that run's session.
 */
final class FakeIbmcloud {
    static final String DEFAULT_REGION = "us-south";
    /** A run's environment without a session: every command answers "Not logged in". */
    static final Map<String, String> LOGGED_OUT = Map.of("FAKE_IBMCLOUD_LOGGED_OUT", "1");

    private final Path dir;
    private final Path executable;
    private final Path state;
    private final Path log;
    private final String region;

    FakeIbmcloud(Path dir) {
        this(dir, DEFAULT_REGION);
    }

    /** A CLI whose session targets {@code region}. */
    FakeIbmcloud(Path dir, String region) {
        this.dir = dir;
        this.region = region;
        this.executable = dir.resolve("ibmcloud");
        this.state = dir.resolve("state");
        this.log = dir.resolve("calls.log");
        try (InputStream in = FakeIbmcloud.class.getResourceAsStream("/script/fake-ibmcloud")) {
            Files.createDirectories(state);
            Files.write(executable, in.readAllBytes());
            Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.write(log, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a generated script ended with. */
    record Run(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    // ---- addresses, as the fake names its markers -------------------------------------------------------------

    static List<String> server(String id) {
        return List.of("bare-metal-server", id);
    }

    static List<String> vni(String id) {
        return List.of("virtual-network-interface", id);
    }

    static List<String> reservedIp(String subnet, String id) {
        return List.of("subnet-reserved-ip", subnet, id);
    }

    static List<String> dnsRecord(String id) {
        return List.of("dns-resource-record", DemoData.DNS_INSTANCE, DemoData.DNS_ZONE, id);
    }

    /** Every resource of a demo-shaped node. */
    static List<List<String>> addresses(DemoData.Node node) {
        List<List<String>> all = new ArrayList<>();
        all.add(server(node.serverId()));
        all.add(vni(node.mgmtVniId()));
        all.add(vni(node.workloadVniId()));
        node.ips().forEach(ip -> all.add(reservedIp(ip.subnetId(), ip.id())));
        node.records().forEach(r -> all.add(dnsRecord(r.id())));
        return all;
    }

    // ---- the fake's state ---------------------------------------------------------------------------------------

    void exists(List<String> address) {
        touch(marker(address));
    }

    /** The resource exists, and its delete is accepted but never finishes. */
    void neverGoes(List<String> address) {
        exists(address);
        touch(companion(address, ".sticky"));
    }

    /** Its show fails with {@code FAILED} and {@code answer} (exit 1), whether it exists or not. */
    void showFails(List<String> address, String answer) {
        write(companion(address, ".error"), answer);
    }

    /** Its delete fails with {@code FAILED} and {@code answer} (exit 1); it stays. */
    void deleteFails(List<String> address, String answer) {
        write(companion(address, ".delete-error"), answer);
    }

    /** Once its delete was accepted, its show fails with {@code FAILED} and {@code answer}. */
    void showFailsAfterDelete(List<String> address, String answer) {
        write(companion(address, ".error-after-delete"), answer);
    }

    boolean present(List<String> address) {
        return Files.exists(marker(address));
    }

    /** Every call received, each as its argument list. */
    List<List<String>> calls() {
        try {
            String[] words = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\0", -1);
            List<List<String>> calls = new ArrayList<>();
            int i = 0;
            while (i < words.length - 1) {
                int n = Integer.parseInt(words[i]);
                calls.add(List.of(words).subList(i + 1, i + 1 + n));
                i += n + 1;
            }
            return calls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every call but the session's checks and switches ({@code target}, {@code target -c ... -r ...}). */
    List<List<String>> resourceCalls() {
        return calls().stream().filter(c -> !c.get(0).equals("target")).toList();
    }

    /** The calls that switch the session ({@code target} with arguments), in order. */
    List<List<String>> switches() {
        return calls().stream().filter(c -> c.get(0).equals("target") && c.size() > 1).toList();
    }

    /** The calls that delete something. */
    List<List<String>> deletes() {
        return calls().stream().filter(c -> c.size() > 1 && c.get(1).endsWith("-delete")).toList();
    }

    /**
     * Runs the script (as an executable file, through its shebang) with {@code IBMCLOUD} pointing at the fake and
     * {@code args} after it; its stdin is not a terminal (an unattended run).
     */
    Run run(String script, Map<String, String> env, String... args) {
        return ScriptRunner.run(dir, script, environment(env), null, args);
    }

    /**
     * Runs the script on a pseudo-terminal (util-linux {@code script}), as an operator at a terminal would, with
     * {@code typed} as what is typed into it; stdout and stderr both arrive in {@link Run#stdout()}.
     */
    Run runOnTerminal(String script, Map<String, String> env, String typed, String... args) {
        return ScriptRunner.run(dir, script, environment(env), typed, args);
    }

    private Map<String, String> environment(Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("IBMCLOUD", executable.toString());
        all.put("FAKE_IBMCLOUD_STATE", state.toString());
        all.put("FAKE_IBMCLOUD_LOG", log.toString());
        all.put("FAKE_IBMCLOUD_REGION", region);
        // each run starts from the session the environment describes; its target commands switch this one
        all.put("FAKE_IBMCLOUD_SESSION", dir.resolve("session-" + UUID.randomUUID()).toString());
        all.putAll(env);
        return all;
    }

    private Path marker(List<String> address) {
        StringBuilder s = new StringBuilder();
        address.forEach(w -> s.append(w).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return state.resolve(HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path companion(List<String> address, String suffix) {
        return marker(address).resolveSibling(marker(address).getFileName() + suffix);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void touch(Path file) {
        try {
            Files.write(file, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
