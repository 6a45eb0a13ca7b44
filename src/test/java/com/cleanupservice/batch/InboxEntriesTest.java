package com.cleanupservice.batch;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only regular files are read. Anything else named like a request (a symbolic link, even to a regular file, a FIFO, a
 * socket, a directory) is moved aside into .error unopened and unfollowed, with the reason beside it; it never blocks
 * the files dropped after it.
 */
class InboxEntriesTest {
    private static final String SECRET = "db_password=Zq81-hunter2-SECRET";
    @TempDir
    static Path root;
    private static InboxDirs dirs;
    private static SandboxApp app;

    @BeforeAll
    static void start() throws IOException {
        dirs = InboxDirs.under(root);
        Files.createDirectories(root.resolve("outside"));
        app = SandboxApp.start(dirs.settings());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aSymbolicLinkIsSetAsideWithoutReadingWhatItPointsAt() throws IOException {
        Path secret = Files.writeString(root.resolve("outside").resolve("secret.txt"), SECRET + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(dirs.inbox().resolve("x.json"), secret);

        JsonNode reason = dirs.awaitRejection("x.json");

        assertThat(reason.get("error").asText()).isEqualTo("x.json is a symbolic link; only regular files are read");
        assertThat(reason.get("status").asInt()).isEqualTo(400);
        assertThat(Files.readString(dirs.reason("x.json"))).doesNotContain("hunter2").doesNotContain("db_password");
        assertThat(InboxDirs.permissions(dirs.reason("x.json"))).isEqualTo("rw-------");
        assertThat(dirs.error("x.json")).isSymbolicLink();
        assertThat(Files.readSymbolicLink(dirs.error("x.json"))).isEqualTo(secret);
        assertThat(secret).hasContent(SECRET + "\n");
        assertThat(InboxDirs.permissions(secret)).isEqualTo("rw-------");
    }

    @Test
    void aSymbolicLinkToAValidRequestIsNotRun() throws IOException {
        DemoData.Node node = DemoData.node(170, "linked-node-170", "failed");
        DemoData.seed(app.jdbc(), app.simulator(), "linked-dep-170", List.of(node), false);
        Path request = Files.writeString(root.resolve("outside").resolve("request.json"), InboxDirs.cleanupNodes(node.name()));
        Files.createSymbolicLink(dirs.inbox().resolve("linked.json"), request);

        JsonNode reason = dirs.awaitRejection("linked.json");

        assertThat(reason.get("error").asText()).isEqualTo("linked.json is a symbolic link; only regular files are read");
        assertThat(dirs.result("linked.json")).doesNotExist();
        assertThat(app.simulator().exists("bare_metal_server", node.serverId())).isTrue();
        assertThat(app.jdbc().rows("SELECT run_id FROM cleanup_runs WHERE target = ?", node.name())).isEmpty();
    }

    @Test
    void aFifoIsSetAsideAndTheFileDroppedAfterItIsStillRun() throws Exception {
        Path fifo = dirs.inbox().resolve("fifo.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        try {
            dirs.drop("after-fifo.json", InboxDirs.cleanupNodes("no-such-node"));

            assertThat(dirs.awaitResult("after-fifo.json").get("http_status").asInt()).isEqualTo(207);
            JsonNode reason = dirs.awaitRejection("fifo.json");
            assertThat(reason.get("error").asText()).isEqualTo("fifo.json is a FIFO (named pipe); only regular files are read");
            assertThat(InboxDirs.permissions(dirs.reason("fifo.json"))).isEqualTo("rw-------");
            int mode = (Integer) Files.getAttribute(dirs.error("fifo.json"), "unix:mode", LinkOption.NOFOLLOW_LINKS);
            assertThat(mode & 0170000).as("file type bits of a FIFO").isEqualTo(0010000);
        } finally {
            release(fifo);
        }
    }

    @Test
    void aSocketIsSetAside() throws IOException {
        Path socket = dirs.inbox().resolve("sock.json");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));

            JsonNode reason = dirs.awaitRejection("sock.json");

            assertThat(reason.get("error").asText()).isEqualTo("sock.json is a socket; only regular files are read");
        }
    }

    @Test
    void aDirectoryNamedLikeARequestIsSetAsideWithItsContent() throws IOException {
        Path directory = Files.createDirectories(dirs.inbox().resolve("d.json"));
        Files.writeString(directory.resolve("inside.json"), InboxDirs.cleanupNodes("no-such-node"));

        JsonNode reason = dirs.awaitRejection("d.json");

        assertThat(reason.get("error").asText()).isEqualTo("d.json is a directory; only regular files are read");
        assertThat(dirs.error("d.json")).isDirectory();
        assertThat(dirs.error("d.json").resolve("inside.json")).hasContent(InboxDirs.cleanupNodes("no-such-node"));
        assertThat(dirs.list(dirs.outbox())).noneMatch(f -> f.startsWith("inside") || f.startsWith("d."));
    }

    /** A consumer that opened the FIFO waits for a writer; opening it read-write (which never blocks) lets it go on. */
    private static void release(Path fifo) throws IOException {
        if (Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)) {
            FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
        }
    }
}
