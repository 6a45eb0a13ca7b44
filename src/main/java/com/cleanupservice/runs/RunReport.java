package com.cleanupservice.runs;

import com.cleanupservice.api.schema.RunReportLine;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.support.Incident;
import com.cleanupservice.support.Refusal;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code GET /api/cleanup/runs/{id}/report?format=csv|json}: one line per resource the run and its children recorded
 * (their audit rows), as CSV or as a JSON array of {@link RunReportLine}s. The answer is an {@link InputStream} that
 * reads the rows a page at a time (keyset on the audit row's id) as the HTTP server asks for bytes: Vert.x pumps an
 * InputStream body to the connection in chunks, reading it on a worker thread and pausing while the client is slow, so
 * a report holds one page in memory whatever the run's size. Everything that can be refused (the id, the format, an
 * unknown run) is decided before the first byte; a database failure mid-way can only cut the answer short (logged as
 * an incident; the client sees an incomplete chunked body, never a complete-looking one).
 */
public final class RunReport {
    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);
    static final int PAGE = 500;
    private static final String EXISTS = "SELECT 1 FROM cleanup_runs WHERE run_id = ?";
    /**
     * One page of lines after an audit row id: the run's own rows and its children's, each an index range read only
     * as far as the page ({@code (run_id, id)} and V21's {@code (parent_run_id, id)}), merged by id. An error is the
     * row's own; a failed row written before the error was kept (V21) says it in its message.
     */
    private static final String LINES = """
            SELECT o.id, o.run_id, o.resource_type, o.ibm_id, o.node_name, o.deployment_id, o.outcome, o.attempts,
                   COALESCE(o.error, CASE WHEN NOT o.success THEN o.message END) AS last_error, o.trace_id, o.started_at,
                   o.created_at
              FROM ((SELECT * FROM cleanup_operations WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?)
                    UNION ALL
                    (SELECT * FROM cleanup_operations WHERE parent_run_id = ? AND id > ? ORDER BY id LIMIT ?)) o
             ORDER BY o.id
             LIMIT ?
            """;

    /** What the report is written as. */
    public enum Format {
        JSON("application/json", "json"), CSV("text/csv; charset=utf-8", "csv");

        private final String contentType;
        private final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        /** {@code csv} or {@code json} (any case); json when absent; anything else refused. */
        static Format of(String text) {
            if (text == null) {
                return JSON;
            }
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "json" -> JSON;
                case "csv" -> CSV;
                default -> throw Refusal.badRequest("format must be csv or json");
            };
        }

        public String contentType() {
            return contentType;
        }
    }

    /** A report ready to be sent: its media type, the file name it downloads as, and its bytes, read as they are sent. */
    public record Download(Format format, String filename, Lines body) {
    }

    private final Jdbc jdbc;
    private final ObjectWriter json;
    private final int pageSize;

    public RunReport(Jdbc jdbc, ObjectMapper json) {
        this(jdbc, json, PAGE);
    }

    RunReport(Jdbc jdbc, ObjectMapper json, int pageSize) {
        this.jdbc = jdbc;
        this.json = json.writer();
        this.pageSize = pageSize;
    }

    /** The run's report, refused before anything is read when the id, the format or the run is wrong. */
    public Download open(String id, String formatText) {
        UUID runId;
        try {
            runId = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Refusal.badRequest("run id must be a UUID");
        }
        Format format = Format.of(formatText);
        if (jdbc.rows(EXISTS, runId).isEmpty()) {
            throw Refusal.notFound("Run not found: " + id);
        }
        return new Download(format, "run-" + runId + "." + format.extension, new Lines(runId, format));
    }

    private record Row(long id, RunReportLine line) {
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), new RunReportLine(rs.getObject("run_id").toString(), rs.getString("resource_type"),
                rs.getString("ibm_id"), rs.getString("node_name"), rs.getString("deployment_id"), rs.getString("outcome"),
                rs.getInt("attempts"), rs.getString("last_error"), rs.getString("trace_id"), instant(rs, "started_at"),
                instant(rs, "created_at")));
    }

    private static String instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant().toString();
    }

    /**
     * The report's bytes: a page of rows is read when the previous one has been sent, encoded, and handed out; the
     * header (or the array's opening) comes with the first page, the end with the last. {@link #pagesRead} counts the
     * page queries made so far.
     */
    public final class Lines extends InputStream {
        private final UUID runId;
        private final Format format;
        private byte[] chunk = new byte[0];
        private int position;
        private long after;
        private boolean started;
        private boolean finished;
        private int pagesRead;
        private long lines;

        private Lines(UUID runId, Format format) {
            this.runId = runId;
            this.format = format;
        }

        /** The page queries made so far. */
        public int pagesRead() {
            return pagesRead;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, into, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return chunk.length - position;
        }

        private boolean fill() throws IOException {
            while (position >= chunk.length) {
                if (finished) {
                    return false;
                }
                chunk = nextPage();
                position = 0;
            }
            return true;
        }

        private byte[] nextPage() throws IOException {
            List<Row> page;
            try {
                page = jdbc.query(LINES, RunReport::row, runId, after, pageSize, runId, after, pageSize, pageSize);
            } catch (RuntimeException e) {
                Incident incident = Incident.report(LOG, "The report of run " + runId + " could not be read", e);
                throw new IOException(incident.message() + " (trace id " + incident.traceId() + ")", e);
            }
            pagesRead++;
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, page.size() * 256));
            if (!started) {
                started = true;
                out.writeBytes(format == Format.CSV ? csvLine(RunReportLine.COLUMNS) : "[".getBytes(StandardCharsets.UTF_8));
            }
            for (Row row : page) {
                if (format == Format.CSV) {
                    out.writeBytes(csvLine(row.line().fields()));
                } else {
                    out.writeBytes((lines == 0 ? "\n" : ",\n").getBytes(StandardCharsets.UTF_8));
                    out.writeBytes(json.writeValueAsBytes(row.line()));
                }
                lines++;
                after = row.id();
            }
            if (page.size() < pageSize) {
                finished = true;
                if (format == Format.JSON) {
                    out.writeBytes((lines == 0 ? "]\n" : "\n]\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return out.toByteArray();
        }
    }

    /** One RFC 4180 line (CRLF-terminated) of the fields; null is an empty field. */
    static byte[] csvLine(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(csvField(fields.get(i)));
        }
        return line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote or a line break. A field
     * a spreadsheet would read as a formula (starting with {@code =}, {@code +}, {@code -} or {@code @}) is prefixed
     * with {@code '} first, so opening a report never runs what an error message or a name put there.
     */
    static String csvField(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = switch (value.charAt(0)) {
            case '=', '+', '-', '@' -> "'" + value;
            default -> value;
        };
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
