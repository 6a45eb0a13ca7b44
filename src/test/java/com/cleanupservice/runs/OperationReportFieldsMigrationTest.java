package com.cleanupservice.runs;

import com.cleanupservice.persistence.Database;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.testsupport.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V21 adds {@code started_at} and {@code error} to the audit rows: rows written before it keep NULL in both, lose
 * nothing, and the run's report reads them (no start; a failure's error from its message). It also copies each
 * child run's parent onto its rows ({@code parent_run_id}: filled for the rows there, and by a trigger on insert).
 */
class OperationReportFieldsMigrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void auditRowsWrittenBeforeV21KeepEverythingAndTheReportReadsThem() throws IOException {
        DataSource ds = TestDatabase.freshDataSource();
        // every migration before V21, whatever versions below it there are ("?": the target itself need not exist)
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("20.999?").load().migrate();
        Jdbc old = new Jdbc(ds);
        UUID run = UUID.randomUUID();
        old.update("INSERT INTO cleanup_runs (run_id, kind, target, trigger, state) VALUES (?, 'node', 'old-n1', 'api', 'partial')", run);
        String operation = """
                INSERT INTO cleanup_operations (run_id, node_name, deployment_id, resource_type, tracked_id, ibm_id, resource_name,
                                                outcome, success, http_status, attempts, duration_ms, message, trace_id, created_at)
                VALUES (?, 'old-n1', 'dep-old', ?, ?, ?, NULL, ?, ?, ?, ?, 12, ?, ?, ?)
                """;
        old.update(operation, run, "floating_ip", 1L, "fip-1", "DELETED", true, null, 1, "Deleted floating IP fip-1", null,
                Instant.parse("2026-03-01T10:00:00Z"));
        // a batch's node run, its row recorded between the parent's two
        UUID child = UUID.randomUUID();
        old.update("INSERT INTO cleanup_runs (run_id, kind, target, trigger, state, parent_run_id) VALUES (?, 'node', 'old-n2', 'api', 'completed', ?)",
                child, run);
        old.update(operation, child, "floating_ip", 3L, "fip-child", "DELETED", true, null, 1, "Deleted floating IP fip-child", null,
                Instant.parse("2026-03-01T10:00:00.500Z"));
        old.update(operation, run, "security_group", 2L, "sg-1", "FAILED", false, 403, 2, "Could not delete sg-1 after 2 attempt(s): 403",
                "trace-sg-1", Instant.parse("2026-03-01T10:00:01Z"));
        var before = old.rows("SELECT * FROM cleanup_operations ORDER BY id");
        assertThat(before.get(0)).as("written before V21").containsKey("trace_id")
                .doesNotContainKeys("started_at", "error", "parent_run_id");

        Database.migrate(ds);

        Jdbc now = new Jdbc(ds);
        var after = now.rows("SELECT * FROM cleanup_operations ORDER BY id");
        assertThat(after).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> row = after.get(i);
            assertThat(row).containsAllEntriesOf(before.get(i)).containsEntry("started_at", null).containsEntry("error", null);
        }
        // the child's row names its run's parent; the parent's own rows have none
        assertThat(after).extracting(r -> r.get("parent_run_id")).containsExactly(null, run, null);
        JsonNode report = JSON.readTree(new RunReport(now, JSON).open(run.toString(), "json").body().readAllBytes());
        assertThat(report).extracting(l -> l.get("ibm_id").asText()).containsExactly("fip-1", "fip-child", "sg-1");
        assertThat(report.get(0).get("started_at").isNull()).isTrue();
        assertThat(report.get(0).get("last_error").isNull()).isTrue();
        assertThat(report.get(0).get("ended_at").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(report.get(1).get("run_id").asText()).isEqualTo(child.toString());
        assertThat(report.get(2).get("last_error").asText()).isEqualTo("Could not delete sg-1 after 2 attempt(s): 403");
        assertThat(report.get(2).get("trace_id").asText()).isEqualTo("trace-sg-1");
        // a row inserted as the previous release does (no parent_run_id named) gets it from its run
        old.update(operation, child, "floating_ip", 4L, "fip-late", "DELETED", true, null, 1, "Deleted floating IP fip-late", null,
                Instant.parse("2026-03-01T10:00:02Z"));
        assertThat(now.one("SELECT parent_run_id FROM cleanup_operations WHERE ibm_id = 'fip-late'", rs -> rs.getObject(1))).hasValue(run);
        String csv = new String(new RunReport(now, JSON).open(run.toString(), "csv").body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains("\r\n" + run + ",floating_ip,fip-1,old-n1,dep-old,DELETED,1,,,,2026-03-01T10:00:00Z,,\r\n");
    }
}
