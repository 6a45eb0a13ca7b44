package com.cleanupservice.batch;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Exactly once across restarts: the record lives in PostgreSQL, not in the process; a dead instance's claim is taken over. */
class InboxRestartTest {
    @TempDir
    Path root;
    private SandboxApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aProcessedFileIsNotRunAgainAfterARestart() throws IOException {
        InboxDirs dirs = InboxDirs.under(root);
        Map<String, String> settings = dirs.settings();
        settings.put("cleanup.db.url", TestDatabase.freshDatabaseUrl());
        app = SandboxApp.start(settings);
        DemoData.Node node = DemoData.node(160, "restart-node-160", "failed");
        DemoData.seed(app.jdbc(), app.simulator(), "restart-dep", List.of(node), false);
        dirs.drop("once.json", InboxDirs.cleanupNodes(node.name()));
        dirs.awaitResult("once.json");
        app.close();
        app = null;

        // the very same file (name, size, last-modified) dropped again while the service is down
        Files.copy(dirs.done("once.json"), dirs.inbox().resolve("once.json"), StandardCopyOption.COPY_ATTRIBUTES);
        app = SandboxApp.start(settings);
        // a later file processed proves the new instance polled while the copy was there
        dirs.drop("later.json", InboxDirs.cleanupNodes("no-such-node"));
        dirs.awaitResult("later.json");

        assertThat(dirs.inbox().resolve("once.json")).exists();
        assertThat(dirs.list(dirs.outbox())).filteredOn(f -> f.startsWith("once")).containsExactly("once.json.result.json");
        assertThat(dirs.list(dirs.inbox().resolve(".done"))).filteredOn(f -> f.startsWith("once")).containsExactly("once.json");
        assertThat(app.jdbc().rows("SELECT run_id FROM cleanup_runs WHERE trigger = 'inbox' AND target = ?", node.name())).hasSize(1);
    }

    @Test
    void aFileClaimedByAnInstanceThatDiedIsTakenOver() {
        InboxDirs dirs = InboxDirs.under(root);
        Map<String, String> settings = dirs.settings();
        settings.put("cleanup.inbox.enabled", "false");
        String db = TestDatabase.freshDatabaseUrl();
        settings.put("cleanup.db.url", db);
        app = SandboxApp.start(settings);
        DemoData.Node node = DemoData.node(161, "orphan-node-161", "failed");
        DemoData.seed(app.jdbc(), app.simulator(), "orphan-dep", List.of(node), false);
        Path file = dirs.drop("orphaned.json", InboxDirs.cleanupNodes(node.name()));
        long modified = file.toFile().lastModified();
        String key = "orphaned.json-" + file.toFile().length() + "-" + modified;
        // an instance took the file 20 minutes ago and never finished it (its claim stopped being renewed)
        app.jdbc().update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt, in_progress) "
                + "VALUES ('cleanup-inbox', ?, now() - interval '20 minutes', TRUE)", key);
        app.close();
        settings.put("cleanup.inbox.enabled", "true");
        app = SandboxApp.start(settings);

        dirs.awaitResult("orphaned.json");

        assertThat(app.jdbc().rows("SELECT in_progress FROM CAMEL_MESSAGEPROCESSED WHERE messageId = ?", key))
                .containsExactly(Map.of("in_progress", false));
        assertThat(app.jdbc().rows("SELECT run_id FROM cleanup_runs WHERE trigger = 'inbox' AND target = ?", node.name())).hasSize(1);
        assertThat(app.simulator().exists("bare_metal_server", node.serverId())).isFalse();
    }
}
