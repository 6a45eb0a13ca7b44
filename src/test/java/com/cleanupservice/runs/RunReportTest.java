package com.cleanupservice.runs;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/cleanup/runs/{id}/report}: a batch-like run with a child and 2100+ audit rows written directly with
 * SQL (a third run's rows between them), read back as CSV and JSON over HTTP: one line per row of the run and its
 * child, in order, nothing lost or repeated at page boundaries; quoting and formula prefixes; rows written before V21;
 * and that the report is read a page at a time as it is sent. On the shared application, with runs and nodes of its
 * own (a real cleanup of node 700, deployment {@code rpt-deployment}).
 */
@SharedSandbox
class RunReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRICKY = "=HYPERLINK(\"http://evil\"), then \"quoted\"\nand a second line";
    private static SandboxApp app;
    private static final UUID PARENT = UUID.randomUUID();
    private static final UUID CHILD = UUID.randomUUID();
    private static final UUID OTHER = UUID.randomUUID();
    /** The ibm ids of the report's rows, in audit row order, as the database has them. */
    private static List<String> expected;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        String run = "INSERT INTO cleanup_runs (run_id, kind, target, trigger, state, parent_run_id) VALUES (?, ?, ?, 'api', 'completed', ?)";
        app.jdbc().update(run, PARENT, "batch", "rpt-batch", null);
        app.jdbc().update(run, CHILD, "node", "rpt-node-1", PARENT);
        app.jdbc().update(run, OTHER, "node", "rpt-other", null);
        // every fifth row another run's, every third the child's, the rest the parent's: the report's pages skip ids
        app.jdbc().update("""
                INSERT INTO cleanup_operations (run_id, node_name, deployment_id, resource_type, ibm_id, resource_name, outcome,
                                                success, http_status, attempts, duration_ms, message, trace_id, started_at, error, created_at)
                SELECT CASE WHEN g % 5 = 0 THEN CAST(? AS UUID) WHEN g % 3 = 0 THEN CAST(? AS UUID) ELSE CAST(? AS UUID) END,
                       'rpt-node-' || (g % 10), 'rpt-deployment', 'floating_ip', 'rpt-fip-' || lpad(CAST(g AS TEXT), 5, '0'), NULL,
                       CASE WHEN g % 7 = 0 THEN 'FAILED' ELSE 'DELETED' END, g % 7 <> 0, CASE WHEN g % 7 = 0 THEN 500 END,
                       1 + g % 3, 20, 'message ' || g, CASE WHEN g % 7 = 0 THEN 'trace-' || g END,
                       TIMESTAMPTZ '2026-12-01 10:00:00Z' + g * INTERVAL '1 second',
                       CASE WHEN g % 7 = 0 THEN 'IBM said 500 for ' || g END,
                       TIMESTAMPTZ '2026-12-01 10:00:00Z' + g * INTERVAL '1 second' + INTERVAL '20 milliseconds'
                  FROM generate_series(1, 2600) g ORDER BY g
                """, OTHER, CHILD, PARENT);
        String operation = """
                INSERT INTO cleanup_operations (run_id, node_name, deployment_id, resource_type, ibm_id, outcome, success,
                                                attempts, message, trace_id, started_at, error)
                VALUES (?, 'rpt-node-1', 'rpt-deployment', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        app.jdbc().update(operation, CHILD, "dns_record", "rpt-tricky", "FAILED", false, 3, "Could not delete it", "-trace",
                Instant.parse("2026-12-01T11:00:00Z"), TRICKY);
        // written the way the audit row was before V21: no start, no error (the message says it)
        app.jdbc().update("""
                INSERT INTO cleanup_operations (run_id, node_name, deployment_id, resource_type, ibm_id, outcome, success, attempts, message)
                VALUES (?, 'rpt-node-1', 'rpt-deployment', 'security_group', 'rpt-old', 'FAILED', FALSE, 2, 'Could not delete: 409, in use')
                """, PARENT);
        expected = app.jdbc().query("SELECT ibm_id FROM cleanup_operations WHERE run_id IN (?, ?) ORDER BY id", rs -> rs.getString(1),
                PARENT, CHILD);
    }

    @Test
    void theCsvReportHasOneLinePerResourceOfTheRunAndItsChildrenInOrder() {
        Reply reply = app.get("/api/cleanup/runs/" + PARENT + "/report?format=csv");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(reply.header("Content-Disposition")).isEqualTo("attachment; filename=\"run-" + PARENT + ".csv\"");
        // sent as it is read (chunked), not as one buffered body of a known length
        assertThat(reply.header("Content-Length")).isNull();
        List<List<String>> rows = parseCsv(reply.body());
        assertThat(rows.get(0)).containsExactly("run_id", "type", "ibm_id", "node", "deployment", "outcome", "attempts", "last_error",
                "trace_id", "started_at", "ended_at", "account", "region");
        List<List<String>> lines = rows.subList(1, rows.size());
        assertThat(expected).hasSizeGreaterThan(2000);
        assertThat(lines).extracting(l -> l.get(2)).containsExactlyElementsOf(expected);
        assertThat(lines).allSatisfy(l -> assertThat(l).hasSize(13));
        assertThat(reply.body()).endsWith("\r\n").doesNotContain("rpt-other");

        List<String> failed = lines.stream().filter(l -> l.get(2).equals("rpt-fip-00014")).findFirst().orElseThrow();
        assertThat(failed).containsExactly(PARENT.toString(), "floating_ip", "rpt-fip-00014", "rpt-node-4", "rpt-deployment", "FAILED",
                "3", "IBM said 500 for 14", "trace-14", "2026-12-01T10:00:14Z", "2026-12-01T10:00:14.020Z", "", "");
        List<String> deleted = lines.stream().filter(l -> l.get(2).equals("rpt-fip-00003")).findFirst().orElseThrow();
        assertThat(deleted).containsExactly(CHILD.toString(), "floating_ip", "rpt-fip-00003", "rpt-node-3", "rpt-deployment", "DELETED",
                "1", "", "", "2026-12-01T10:00:03Z", "2026-12-01T10:00:03.020Z", "", "");
    }

    @Test
    void aFieldWithCommaQuoteNewlineOrALeadingFormulaCharacterIsQuotedAndPrefixed() {
        String csv = app.get("/api/cleanup/runs/" + PARENT + "/report?format=csv").body();

        // the raw line as RFC 4180 writes it: quoted, quotes doubled, the line break kept, a leading = (and -) prefixed with '
        assertThat(csv).contains(",\"'=HYPERLINK(\"\"http://evil\"\"), then \"\"quoted\"\"\nand a second line\",'-trace,");
        List<String> tricky = parseCsv(csv).stream().filter(l -> l.get(2).equals("rpt-tricky")).findFirst().orElseThrow();
        assertThat(tricky.get(7)).isEqualTo("'" + TRICKY);
        assertThat(tricky.get(8)).isEqualTo("'-trace");
    }

    @Test
    void theJsonReportIsOneArrayOfTheSameLines() throws IOException {
        Reply reply = app.get("/api/cleanup/runs/" + PARENT + "/report");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.header("Content-Length")).isNull();
        JsonNode lines = JSON.readTree(reply.body());
        assertThat(lines.isArray()).isTrue();
        List<String> ids = new ArrayList<>();
        lines.forEach(l -> ids.add(l.get("ibm_id").asText()));
        assertThat(ids).containsExactlyElementsOf(expected);
        JsonNode tricky = find(lines, "rpt-tricky");
        // JSON needs no spreadsheet prefix: the error as it was recorded
        assertThat(tricky.get("last_error").asText()).isEqualTo(TRICKY);
        assertThat(tricky.get("trace_id").asText()).isEqualTo("-trace");
        assertThat(fieldNames(tricky)).containsExactly("run_id", "type", "ibm_id", "node", "deployment", "outcome", "attempts",
                "last_error", "trace_id", "started_at", "ended_at", "account", "region");
        assertThat(reply.body()).isEqualTo(app.get("/api/cleanup/runs/" + PARENT + "/report?format=json").body());
    }

    @Test
    void aRowWrittenBeforeTheReportFieldsShowsNoStartAndItsMessageAsTheError() throws IOException {
        JsonNode old = find(JSON.readTree(app.get("/api/cleanup/runs/" + PARENT + "/report").body()), "rpt-old");
        assertThat(old.get("started_at").isNull()).isTrue();
        assertThat(old.get("trace_id").isNull()).isTrue();
        assertThat(old.get("last_error").asText()).isEqualTo("Could not delete: 409, in use");
        List<String> line = parseCsv(app.get("/api/cleanup/runs/" + PARENT + "/report?format=csv").body()).stream()
                .filter(l -> l.get(2).equals("rpt-old")).findFirst().orElseThrow();
        assertThat(line.get(9)).isEmpty();
    }

    @Test
    void theReportIsReadAPageAtATimeAsItIsConsumed() throws IOException {
        RunReport reports = new RunReport(app.jdbc(), JSON);
        for (String format : List.of("csv", "json")) {
            RunReport.Lines body = reports.open(PARENT.toString(), format).body();
            assertThat(body.pagesRead()).as("nothing is read before the first byte is asked for").isZero();
            byte[] first = new byte[100];
            assertThat(body.read(first)).isPositive();
            assertThat(body.pagesRead()).as(format + ": the first bytes come from the first page alone").isEqualTo(1);
            body.readNBytes(first, 0, first.length);
            assertThat(body.pagesRead()).isEqualTo(1);
            body.readAllBytes();
            // full pages of 500, then the short last one that ends the report
            assertThat(body.pagesRead()).as(format).isEqualTo(expected.size() / RunReport.PAGE + 1);
        }
    }

    /**
     * Over HTTP, with a client that reads slowly: a report far larger than every buffer between the service and the
     * client (the client's receive buffer is 8 KB, the kernel's send buffer at most 4 MB here, Vert.x's write queue
     * 64 KB; the report about 12 MB). After the first bytes arrived a row is added to the run: it is in the report,
     * last, so the rows were still being read page by page while the answer was sent — a body read whole first (into
     * a string, a stream cache) could not have it.
     */
    @Test
    void overHttpTheRowsAreReadWhileTheAnswerIsSent() throws IOException {
        UUID run = UUID.randomUUID();
        app.jdbc().update("INSERT INTO cleanup_runs (run_id, kind, target, trigger, state) VALUES (?, 'node', 'rpt-stream', 'api', 'completed')", run);
        int rows = 30_000;
        try {
            app.jdbc().update("""
                    INSERT INTO cleanup_operations (run_id, node_name, deployment_id, resource_type, ibm_id, outcome, success, attempts,
                                                    message, error, started_at)
                    SELECT ?, 'rpt-stream-node', 'rpt-deployment', 'floating_ip', 'rpt-stream-' || lpad(CAST(g AS TEXT), 5, '0'),
                           'FAILED', FALSE, 1, 'failed', repeat('an error long enough to make the report large ', 5), now()
                      FROM generate_series(1, ?) g ORDER BY g
                    """, run, rows);
            byte[] body;
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(8192);
                socket.connect(new InetSocketAddress("127.0.0.1", app.port()));
                socket.getOutputStream().write(("GET /api/cleanup/runs/" + run + "/report?format=csv HTTP/1.1\r\nHost: 127.0.0.1:" + app.port()
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                byte[] buffer = new byte[4096];
                while (!received.toString(StandardCharsets.UTF_8).contains("rpt-stream-00001")) {
                    int n = in.read(buffer);
                    assertThat(n).as("the answer ended before its first line").isPositive();
                    received.write(buffer, 0, n);
                }
                app.jdbc().update("""
                        INSERT INTO cleanup_operations (run_id, resource_type, ibm_id, outcome, success, attempts)
                        VALUES (?, 'floating_ip', 'rpt-stream-late', 'DELETED', TRUE, 1)
                        """, run);
                in.transferTo(received);
                body = received.toByteArray();
            }
            String response = new String(body, StandardCharsets.UTF_8);
            int headEnd = response.indexOf("\r\n\r\n");
            String head = response.substring(0, headEnd).toLowerCase(java.util.Locale.ROOT);
            assertThat(head).startsWith("http/1.1 200").contains("transfer-encoding: chunked").doesNotContain("content-length");
            List<List<String>> csv = parseCsv(dechunk(response.substring(headEnd + 4)));
            assertThat(csv.get(csv.size() - 1).get(2)).as("the last line: the row added after the first bytes were sent")
                    .isEqualTo("rpt-stream-late");
            assertThat(csv.size()).as("the header, every row, the late one").isEqualTo(1 + rows + 1);
            assertThat(csv.get(1).get(2)).isEqualTo("rpt-stream-00001");
            assertThat(csv.get(rows).get(2)).isEqualTo("rpt-stream-" + rows);
        } finally {
            app.jdbc().update("DELETE FROM cleanup_operations WHERE run_id = ?", run);
            app.jdbc().update("DELETE FROM cleanup_runs WHERE run_id = ?", run);
        }
    }

    /** An HTTP/1.1 chunked body's content. */
    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = chunked.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        for (;;) {
            int lineEnd = indexOf(bytes, i);
            int size = Integer.parseInt(new String(bytes, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
            i = lineEnd + 2;
            if (size == 0) {
                return out.toString();
            }
            out.append(new String(bytes, i, size, StandardCharsets.UTF_8));
            i += size + 2;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no chunk size line at " + from);
    }

    @Test
    void pageBoundariesLoseAndRepeatNothingWhateverThePageSize() throws IOException {
        for (int pageSize : List.of(1, 7, 500, expected.size(), expected.size() + 1)) {
            RunReport reports = new RunReport(app.jdbc(), JSON, pageSize);
            String csv = read(reports.open(PARENT.toString(), "csv").body());
            assertThat(parseCsv(csv).subList(1, expected.size() + 1)).as("page size " + pageSize).extracting(l -> l.get(2))
                    .containsExactlyElementsOf(expected);
            assertThat(parseCsv(csv)).hasSize(expected.size() + 1);
            JsonNode json = JSON.readTree(read(reports.open(PARENT.toString(), "json").body()));
            assertThat(json).as("page size " + pageSize).hasSize(expected.size());
        }
    }

    @Test
    void aRealCleanupsReportHasEveryResourceWithItsStartAndAFailuresErrorAndTrace() throws IOException {
        DemoData.Node node = DemoData.node(700, "rpt-node-700", "failed");
        DemoData.seed(app.jdbc(), app.simulator(), "rpt-deployment", List.of(node), false);
        String refused = node.ips().get(1).id();
        app.simulator().faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(refused));
        Reply cleanup;
        try {
            cleanup = app.post("/api/cleanup/node/700");
        } finally {
            app.simulator().faults().clear();
        }
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(207);
        String runId = cleanup.json().get("run_id").asText();

        JsonNode lines = JSON.readTree(app.get("/api/cleanup/runs/" + runId + "/report").body());

        List<Map<String, Object>> audited = app.jdbc().rows(
                "SELECT ibm_id, outcome, trace_id FROM cleanup_operations WHERE run_id = CAST(? AS UUID) ORDER BY id", runId);
        assertThat(audited).hasSize(node.resourceCount());
        assertThat(lines).hasSize(audited.size());
        for (int i = 0; i < audited.size(); i++) {
            JsonNode line = lines.get(i);
            assertThat(line.get("ibm_id").asText()).isEqualTo(audited.get(i).get("ibm_id"));
            assertThat(line.get("outcome").asText()).isEqualTo(audited.get(i).get("outcome"));
            assertThat(line.get("node").asText()).isEqualTo("rpt-node-700");
            assertThat(Instant.parse(line.get("started_at").asText())).isBeforeOrEqualTo(Instant.parse(line.get("ended_at").asText()));
            boolean failed = line.get("ibm_id").asText().equals(refused);
            if (failed) {
                assertThat(line.get("outcome").asText()).isEqualTo("FAILED");
            }
            assertThat(line.get("last_error").isNull()).as(line.toString()).isEqualTo(!failed);
            // IBM's trace id is kept for the failed call only: a DELETE that worked keeps none
            assertThat(line.get("trace_id").isNull()).as(line.toString()).isEqualTo(!failed);
        }
        JsonNode failed = find(lines, refused);
        assertThat(failed.get("last_error").asText()).contains("403");
        assertThat(failed.get("trace_id").asText()).isEqualTo(audited.stream().filter(r -> r.get("ibm_id").equals(refused))
                .findFirst().orElseThrow().get("trace_id"));
        List<List<String>> csv = parseCsv(app.get("/api/cleanup/runs/" + runId + "/report?format=csv").body());
        assertThat(csv).hasSize(audited.size() + 1);
    }

    @Test
    void aBadIdFormatOrUnknownRunIsAJsonError() {
        Reply unknown = app.get("/api/cleanup/runs/" + UUID.randomUUID() + "/report?format=csv");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).startsWith("Run not found");
        Reply badId = app.get("/api/cleanup/runs/not-a-uuid/report");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("error").asText()).contains("UUID");
        Reply badFormat = app.get("/api/cleanup/runs/" + PARENT + "/report?format=xlsx");
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.json().get("error").asText()).isEqualTo("format must be csv or json");
        assertThat(app.get("/api/cleanup/runs/" + PARENT + "/report?formats=csv").status()).isEqualTo(400);
    }

    @Test
    void theOpenApiDocumentDescribesBothAnswers() throws IOException {
        JsonNode document = JSON.readTree(app.get("/api/openapi.json").body());
        JsonNode answers = document.at("/paths/~1api~1cleanup~1runs~1{run_id}~1report/get/responses/200/content");
        assertThat(fieldNames(document.at("/components/schemas/RunReportLine/properties"))).containsExactly("run_id", "type", "ibm_id",
                "node", "deployment", "outcome", "attempts", "last_error", "trace_id", "started_at", "ended_at", "account", "region");
        assertThat(answers.at("/application~1json/schema/type").asText()).isEqualTo("array");
        assertThat(answers.at("/application~1json/schema/items/$ref").asText()).isEqualTo("#/components/schemas/RunReportLine");
        assertThat(answers.at("/text~1csv/schema/type").asText()).isEqualTo("string");
    }

    private static String read(RunReport.Lines body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode find(JsonNode lines, String ibmId) {
        for (JsonNode line : lines) {
            if (line.get("ibm_id").asText().equals(ibmId)) {
                return line;
            }
        }
        throw new AssertionError(ibmId + " not in the report");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** RFC 4180, read independently of the writer: records end with CRLF; a quoted field may hold anything, "" is a quote. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                assertThat(field).as("a quote only opens a field").isEmpty();
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i += 2;
                continue;
            } else {
                assertThat(c).as("a bare line break outside quotes at " + i).isNotIn('\r', '\n');
                field.append(c);
            }
            i++;
        }
        assertThat(quoted).as("an unterminated quote").isFalse();
        assertThat(record).as("the last record ends with CRLF").isEmpty();
        return records;
    }
}
