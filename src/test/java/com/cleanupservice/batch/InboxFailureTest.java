package com.cleanupservice.batch;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When the outcome cannot be written, the request is never moved to .done and never lost. */
class InboxFailureTest {
    @TempDir
    static Path root;
    private static InboxDirs dirs;
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        dirs = InboxDirs.under(root);
        app = SandboxApp.start(dirs.settings());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aResultThatCannotBeWrittenSendsTheRequestToErrorWithTheResult() throws IOException {
        DemoData.Node node = seed(180, "unwritable-node-180");
        // the result's temporary file cannot be created: a directory is in its way
        block(dirs.outbox().resolve(".unwritable.json.result.json.tmp"));

        dirs.drop("unwritable.json", InboxDirs.cleanupNodes(node.name()));

        JsonNode reason = dirs.awaitRejection("unwritable.json");
        assertThat(reason.get("status").asInt()).isEqualTo(500);
        assertThat(reason.get("error").asText()).startsWith("The batch ran but its result could not be written");
        assertThat(reason.at("/result/results/0/node_name").asText()).isEqualTo(node.name());
        assertThat(reason.at("/result/results/0/success").asBoolean()).isTrue();
        assertThat(dirs.done("unwritable.json")).doesNotExist();
        assertThat(dirs.result("unwritable.json")).doesNotExist();
    }

    @Test
    void aRequestWhoseOutcomeCannotBeWrittenAtAllStaysInTheInboxUntilItCan() throws IOException {
        DemoData.Node node = seed(181, "stuck-node-181");
        Path resultBlock = block(dirs.outbox().resolve(".stuck.json.result.json.tmp"));
        Path reasonBlock = block(dirs.inbox().resolve(".error").resolve(".stuck.json.error.json.tmp"));

        dirs.drop("stuck.json", InboxDirs.cleanupNodes(node.name()));
        // taken, failed, put back, taken again: the request has been tried twice and is still where it was dropped
        InboxDirs.await("a second attempt", () -> runs(node) >= 2);
        assertThat(dirs.inbox().resolve("stuck.json")).exists();
        assertThat(dirs.done("stuck.json")).doesNotExist();
        assertThat(dirs.error("stuck.json")).doesNotExist();

        unblock(resultBlock);
        unblock(reasonBlock);
        JsonNode result = dirs.awaitResult("stuck.json");
        assertThat(result.at("/results/0/success").asBoolean()).isTrue();
    }

    private static int runs(DemoData.Node node) {
        return app.jdbc().rows("SELECT run_id FROM cleanup_runs WHERE trigger = 'inbox' AND target = ?", node.name()).size();
    }

    private static Path block(Path path) throws IOException {
        Files.createDirectories(path);
        Files.writeString(path.resolve("occupied"), "x");
        return path;
    }

    private static void unblock(Path path) throws IOException {
        Files.delete(path.resolve("occupied"));
        Files.delete(path);
    }

    private static DemoData.Node seed(int id, String name) {
        DemoData.Node node = DemoData.node(id, name, "failed");
        DemoData.seed(app.jdbc(), app.simulator(), "failure-dep-" + id, List.of(node), false);
        return node;
    }
}
