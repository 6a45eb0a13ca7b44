package com.cleanupservice.nodes;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class NodeStatusTest {

    @Test
    void theWireValuesAreTheSchemasAndTheSeeds() {
        assertThat(NodeStatus.valuesOf(List.of(NodeStatus.values()))).containsExactly("cleanup_completed", "cleanup_failed",
                "cleanup_in_progress", "cleanup_pending", "deployed", "error", "failed", "provisioning", "timeout");
        assertThat(NodeStatus.CLEANUP_PENDING).hasToString("cleanup_pending");
    }

    @Test
    void statusesReadFromTheDatabaseAreComparedByValue() {
        assertThat(NodeStatus.of("cleanup_failed")).contains(NodeStatus.CLEANUP_FAILED);
        assertThat(NodeStatus.of("CLEANUP_FAILED")).isEmpty();
        assertThat(NodeStatus.of("retired")).as("text this service never writes").isEmpty();
        assertThat(NodeStatus.DEPLOYED.is("deployed")).isTrue();
        assertThat(NodeStatus.in(NodeStatus.LIVE, "provisioning")).isTrue();
        assertThat(NodeStatus.in(NodeStatus.LIVE, "failed")).isFalse();
        assertThat(NodeStatus.in(NodeStatus.LIVE, null)).isFalse();
    }

    @Test
    void aLiveNodeNeverNeedsACleanupByItsStatus() {
        assertThat(NodeStatus.NEEDS_CLEANUP).doesNotContainAnyElementsOf(NodeStatus.LIVE)
                .containsAll(NodeStatus.PROVISIONING_FAILED).contains(NodeStatus.CLEANUP_FAILED, NodeStatus.CLEANUP_PENDING)
                .doesNotContain(NodeStatus.CLEANUP_IN_PROGRESS, NodeStatus.CLEANUP_COMPLETED);
    }

    @Test
    void jsonCarriesTheValue() throws Exception {
        assertThat(new ObjectMapper().writeValueAsString(Map.of("node_status", NodeStatus.CLEANUP_COMPLETED)))
                .isEqualTo("{\"node_status\":\"cleanup_completed\"}");
    }

    /** The migrations' triggers and indexes name statuses in SQL (they cannot bind them): those must be NodeStatus values. */
    @Test
    void everyStatusTheSchemaNamesIsANodeStatus() throws IOException {
        Pattern quoted = Pattern.compile("'([a-z_]+)'");
        TreeSet<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains("deployment_status")) {
                        Matcher m = quoted.matcher(line);
                        while (m.find()) {
                            named.add(m.group(1));
                        }
                    }
                }
            }
        }

        assertThat(named).isNotEmpty().allSatisfy(s -> assertThat(NodeStatus.of(s)).as(s).isPresent());
    }
}
