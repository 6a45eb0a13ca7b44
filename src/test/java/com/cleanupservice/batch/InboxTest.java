package com.cleanupservice.batch;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The watched directory: every request file ends as one result (request in .done) or in .error with the reason. */
class InboxTest {
    @TempDir
    static Path root;
    private static InboxDirs dirs;
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start() {
        dirs = InboxDirs.under(root);
        Map<String, String> settings = dirs.settings();
        settings.put("cleanup.inbox.max-bytes", "2048");
        app = SandboxApp.start(settings);
        sim = app.simulator();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void createsItsDirectories() {
        assertThat(dirs.inbox().resolve(".done")).isDirectory();
        assertThat(dirs.inbox().resolve(".error")).isDirectory();
        assertThat(dirs.outbox()).isDirectory();
    }

    @Test
    void aBatchFileYieldsOneResultAndMovesToDone() {
        DemoData.Node node = seed(150, "inbox-node-150");

        dirs.drop("clean-150.json", InboxDirs.cleanupNodes(node.name(), "no-such-node"));

        JsonNode result = dirs.awaitResult("clean-150.json");
        assertThat(result.get("message").asText()).isEqualTo("Batch cleanup_nodes completed");
        assertThat(result.get("source_file").asText()).isEqualTo("clean-150.json");
        assertThat(result.get("http_status").asInt()).isEqualTo(207);
        assertThat(result.get("processed_at").asText()).isNotBlank();
        assertThat(result.get("total_operations").asInt()).isEqualTo(2);
        assertThat(result.get("successful_operations").asInt()).isEqualTo(1);
        assertThat(result.at("/results/0/success").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.at("/results/1/status").asInt()).isEqualTo(404);
        assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();
        assertThat(dirs.list(dirs.outbox())).filteredOn(f -> f.startsWith("clean-150")).containsExactly("clean-150.json.result.json");
        assertThat(app.jdbc().rows("SELECT run_id FROM cleanup_runs WHERE trigger = 'inbox' AND target = ?", node.name())).hasSize(1);
        assertThat(app.jdbc().rows("SELECT in_progress FROM camel_messageprocessed WHERE processorname = 'cleanup-inbox' AND messageid LIKE 'clean-150.json-%'"))
                .hasSize(1).allSatisfy(r -> assertThat(r.get("in_progress")).isEqualTo(false));
    }

    @Test
    void malformedJsonGoesToErrorWithTheReason() {
        dirs.drop("broken.json", "{\"operation\": \"cleanup_nodes\", \"targets\": [");

        JsonNode reason = dirs.awaitRejection("broken.json");

        assertThat(reason.get("file").asText()).isEqualTo("broken.json");
        assertThat(reason.get("status").asInt()).isEqualTo(400);
        assertThat(reason.get("error").asText()).startsWith("Invalid JSON");
        assertThat(reason.get("timestamp").asText()).isNotBlank();
        assertThat(dirs.result("broken.json")).doesNotExist();
    }

    @Test
    void aMalformedFilesReasonNeverQuotesItsContentAndOnlyTheServiceCanReadIt() throws IOException {
        dirs.drop("leaky.json", "{\"operation\": \"cleanup_nodes\", \"targets\": [AKIA_SECRET_TOKEN_4711]}");

        JsonNode reason = dirs.awaitRejection("leaky.json");

        assertThat(reason.get("error").asText()).isEqualTo("Invalid JSON: unexpected character (line 1, column 67)");
        assertThat(Files.readString(dirs.reason("leaky.json"))).doesNotContain("AKIA").doesNotContain("SECRET_TOKEN");
        assertThat(InboxDirs.permissions(dirs.reason("leaky.json"))).isEqualTo("rw-------");
    }

    @Test
    void unknownOperationsAndBadFlagsGoToErrorWithoutQuotingTheFile() throws IOException {
        dirs.drop("explode.json", "{\"operation\": \"self_destruct_4711\", \"targets\": [\"x\"]}");
        dirs.drop("flag.json", "{\"operation\": \"cleanup_nodes\", \"targets\": [\"x\"], \"force\": 4711}");

        JsonNode explode = dirs.awaitRejection("explode.json");
        JsonNode flag = dirs.awaitRejection("flag.json");

        assertThat(explode.get("error").asText())
                .isEqualTo("Unknown operation (expected cleanup_nodes, cleanup_deployments or validate_cleanup)");
        assertThat(explode.get("status").asInt()).isEqualTo(400);
        assertThat(flag.get("error").asText()).isEqualTo("force must be true or false, not a number");
        assertThat(Files.readString(dirs.reason("explode.json"))).doesNotContain("4711");
        assertThat(Files.readString(dirs.reason("flag.json"))).doesNotContain("4711");
        assertThat(dirs.result("explode.json")).doesNotExist();
    }

    @Test
    void unknownKeysGoToErrorNamingTheKeyAndWhatIsAccepted() {
        dirs.drop("misspelled.json", "{\"operation\": \"cleanup_nodes\", \"targets\": [\"x\"], \"dryrun\": true}");

        JsonNode reason = dirs.awaitRejection("misspelled.json");

        assertThat(reason.get("status").asInt()).isEqualTo(400);
        assertThat(reason.get("error").asText()).contains("'dryrun'").contains("dry_run").contains("operation").contains("targets");
        assertThat(dirs.result("misspelled.json")).doesNotExist();
    }

    @Test
    void aKeyGivenTwiceGoesToErrorNamingTheKeyAndNothingRuns() {
        DemoData.Node node = seed(154, "inbox-node-154");
        dirs.drop("twice.json", "{\"operation\": \"validate_cleanup\", \"targets\": [\"" + node.name() + "\"],"
                + " \"operation\": \"cleanup_nodes\"}");

        JsonNode reason = dirs.awaitRejection("twice.json");

        assertThat(reason.get("status").asInt()).isEqualTo(400);
        assertThat(reason.get("error").asText()).contains("'operation'").contains("more than once");
        assertThat(dirs.result("twice.json")).doesNotExist();
        assertThat(sim.exists("bare_metal_server", node.serverId())).as("nothing deleted").isTrue();
        assertThat(app.jdbc().rows("SELECT 1 FROM cleanup_runs WHERE target = ?", node.name())).isEmpty();
    }

    @Test
    void emptyAndNonObjectFilesGoToError() {
        dirs.drop("empty.json", "");
        dirs.drop("array.json", "[\"cleanup_nodes\"]");

        assertThat(dirs.awaitRejection("empty.json").get("error").asText()).isEqualTo("No data provided");
        assertThat(dirs.awaitRejection("array.json").get("error").asText()).contains("must be a JSON object");
    }

    @Test
    void anOversizedFileGoesToErrorUnread() {
        String padding = "x".repeat(3000);
        dirs.drop("huge.json", "{\"operation\": \"cleanup_nodes\", \"targets\": [\"" + padding + "\"]}");

        JsonNode reason = dirs.awaitRejection("huge.json");

        assertThat(reason.get("status").asInt()).isEqualTo(413);
        assertThat(reason.get("error").asText()).contains("larger than the limit of 2048 bytes");
    }

    @Test
    void aFileStillBeingWrittenIsNotTouched() throws IOException {
        DemoData.Node node = seed(151, "inbox-node-151");
        Path partial = dirs.inbox().resolve("partial.json.tmp");
        Files.writeString(partial, "{\"operation\": \"cleanup_nodes\", \"targets\": [\"" + node.name());

        // a later file processed proves the watcher polled while the partial one was there
        dirs.drop("after-partial.json", InboxDirs.cleanupNodes("no-such-node"));
        dirs.awaitResult("after-partial.json");

        assertThat(partial).exists().hasContent("{\"operation\": \"cleanup_nodes\", \"targets\": [\"" + node.name());
        assertThat(dirs.list(dirs.outbox())).noneMatch(f -> f.startsWith("partial"));
        assertThat(dirs.list(dirs.inbox().resolve(".error"))).noneMatch(f -> f.startsWith("partial"));
        assertThat(sim.exists("bare_metal_server", node.serverId())).isTrue();
    }

    @Test
    void aNewFileReusingANameIsRunAgainWithoutOverwritingTheFirst() {
        DemoData.Node first = seed(152, "inbox-node-152");
        DemoData.Node second = seed(153, "inbox-node-153");
        dirs.drop("nightly.json", InboxDirs.cleanupNodes(first.name()));
        dirs.awaitResult("nightly.json");

        dirs.drop("nightly.json", InboxDirs.cleanupNodes(second.name(), "no-such-node"));

        InboxDirs.await("second nightly.json", () -> !Files.exists(dirs.inbox().resolve("nightly.json"))
                && dirs.list(dirs.outbox()).stream().filter(f -> f.startsWith("nightly.")).count() == 2
                && dirs.list(dirs.inbox().resolve(".done")).stream().filter(f -> f.startsWith("nightly.")).count() == 2);
        assertThat(sim.exists("bare_metal_server", second.serverId())).isFalse();
        String renamed = dirs.list(dirs.outbox()).stream().filter(f -> f.startsWith("nightly.") && !f.equals("nightly.json.result.json"))
                .findFirst().orElseThrow();
        assertThat(InboxDirs.read(dirs.outbox().resolve(renamed)).at("/results/0/node_name").asText()).isEqualTo(second.name());
        assertThat(InboxDirs.read(dirs.result("nightly.json")).at("/results/0/node_name").asText()).isEqualTo(first.name());
        assertThat(dirs.done(renamed.replace(".result.json", ""))).exists();
    }

    private static DemoData.Node seed(int id, String name) {
        DemoData.Node node = DemoData.node(id, name, "failed");
        DemoData.seed(app.jdbc(), sim, "inbox-dep-" + id, List.of(node), false);
        return node;
    }
}
