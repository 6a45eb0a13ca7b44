package com.cleanupservice.batch;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances on one database watching one directory: every file is run by exactly one of them. */
class InboxTwoInstancesTest {
    @TempDir
    static Path root;
    private static InboxDirs dirs;
    private static SandboxApp first;
    private static SandboxApp second;
    private static List<DemoData.Node> nodes;

    @BeforeAll
    static void start() {
        dirs = InboxDirs.under(root);
        Map<String, String> settings = dirs.settings();
        settings.put("cleanup.db.url", TestDatabase.freshDatabaseUrl());
        first = SandboxApp.start(settings);
        nodes = new ArrayList<>();
        for (int id = 170; id < 176; id++) {
            nodes.add(DemoData.node(id, "shared-node-" + id, "failed"));
        }
        // seeded before the second instance starts, so its simulator loads the same resources
        DemoData.seed(first.jdbc(), first.simulator(), "shared-dep", nodes, false);
        settings.put("cleanup.simulator.port", "0");
        second = SandboxApp.start(settings);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void eachDroppedFileIsRunOnce() {
        for (DemoData.Node node : nodes) {
            dirs.drop(node.name() + ".json", InboxDirs.cleanupNodes(node.name()));
        }

        for (DemoData.Node node : nodes) {
            dirs.awaitResult(node.name() + ".json");
        }

        assertThat(dirs.list(dirs.outbox())).hasSize(nodes.size());
        assertThat(dirs.list(dirs.inbox().resolve(".done"))).hasSize(nodes.size());
        assertThat(dirs.list(dirs.inbox().resolve(".error"))).isEmpty();
        for (DemoData.Node node : nodes) {
            assertThat(first.jdbc().rows("SELECT run_id FROM cleanup_runs WHERE trigger = 'inbox' AND target = ?", node.name()))
                    .as(node.name()).hasSize(1);
        }
        assertThat(first.jdbc().rows("SELECT messageId FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'cleanup-inbox' AND NOT in_progress"))
                .hasSize(nodes.size());
    }
}
