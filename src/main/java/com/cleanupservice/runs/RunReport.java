package com.cleanupservice.runs;

import com.cleanupservice.api.schema.RunReportLine;
import com.cleanupservice.ibm.Accounts;
import com.cleanupservice.ibm.PlaceFilter;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
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
import java.util.ArrayList;
import java.util.Arrays;
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
                   o.created_at, o.account, o.region, o.regional
              FROM ((SELECT c.*, p.account, p.region, p.regional FROM cleanup_operations c
                       %1$s
                      WHERE c.run_id = ? AND c.id > ? AND %2$s ORDER BY c.id LIMIT ?)
                    UNION ALL
                    (SELECT c.*, p.account, p.region, p.regional FROM cleanup_operations c
                       %1$s
                      WHERE c.parent_run_id = ? AND c.id > ? AND %2$s ORDER BY c.id LIMIT ?)) o
             ORDER BY o.id
             LIMIT ?
            """;
    /** Without the registry (a test of the audit rows alone): no place is known, every line's is null. */
    private static final String NO_PLACE = "CROSS JOIN (SELECT CAST(NULL AS TEXT) AS account, CAST(NULL AS TEXT) AS region, "
            + "CAST(NULL AS BOOLEAN) AS regional) p";

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
    /** Null without the registry: then no line has a place and no place filter is taken. */
    private final Accounts accounts;
    private final String linesSql;

    /** A report without places (the audit rows alone): every line's account and region null. */
    public RunReport(Jdbc jdbc, ObjectMapper json) {
        this(jdbc, json, null, null, PAGE);
    }

    /** {@code types}, {@code accounts}: where each line's resource lives, and what the place filters are checked against. */
    public RunReport(Jdbc jdbc, ObjectMapper json, ResourceTypes types, Accounts accounts) {
        this(jdbc, json, types, accounts, PAGE);
    }

    RunReport(Jdbc jdbc, ObjectMapper json, int pageSize) {
        this(jdbc, json, null, null, pageSize);
    }

    RunReport(Jdbc jdbc, ObjectMapper json, ResourceTypes types, Accounts accounts, int pageSize) {
        this.jdbc = jdbc;
        this.json = json.writer();
        this.pageSize = pageSize;
        this.accounts = accounts;
        this.linesSql = LINES.formatted(types == null ? NO_PLACE : types.placeJoin("c"), PlaceFilter.SQL);
    }

    /** The run's report, refused before anything is read when the id, the format or the run is wrong. */
    public Download open(String id, String formatText) {
        return open(id, formatText, null, null);
    }

    /**
     * The run's report, only its lines of resources in {@code account} and {@code region} (either null: any), refused
     * before anything is read when the id, the format, a filter or the run is wrong.
     */
    public Download open(String id, String formatText, String account, String region) {
        UUID runId;
        try {
            runId = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Refusal.badRequest("run id must be a UUID");
        }
        Format format = Format.of(formatText);
        PlaceFilter place;
        if (accounts != null) {
            place = PlaceFilter.of(accounts, account, region);
        } else if (account == null && region == null) {
            place = new PlaceFilter(null, null, null, null);
        } else {
            throw Refusal.badRequest("this report knows no places: account and region cannot be filtered");
        }
        if (jdbc.rows(EXISTS, runId).isEmpty()) {
            throw Refusal.notFound("Run not found: " + id);
        }
        return new Download(format, "run-" + runId + "." + format.extension, new Lines(runId, format, place));
    }

    private record Row(long id, RunReportLine line) {
    }

    private static Row row(ResultSet rs, PlaceFilter place) throws SQLException {
        return new Row(rs.getLong("id"), new RunReportLine(rs.getObject("run_id").toString(), rs.getString("resource_type"),
                rs.getString("ibm_id"), rs.getString("node_name"), rs.getString("deployment_id"), rs.getString("outcome"),
                rs.getInt("attempts"), rs.getString("last_error"), rs.getString("trace_id"), instant(rs, "started_at"),
                instant(rs, "created_at"), place.accountOf(rs.getString("account"), rs.getObject("regional", Boolean.class)),
                place.regionOf(rs.getString("region"), rs.getObject("regional", Boolean.class))));
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
        private final PlaceFilter place;
        private byte[] chunk = new byte[0];
        private int position;
        private long after;
        private boolean started;
        private boolean finished;
        private int pagesRead;
        private long lines;

        private Lines(UUID runId, Format format, PlaceFilter place) {
            this.runId = runId;
            this.format = format;
            this.place = place;
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
                List<Object> parameters = new ArrayList<>();
                for (int range = 0; range < 2; range++) {
                    parameters.add(runId);
                    parameters.add(after);
                    parameters.addAll(Arrays.asList(place.parameters()));
                    parameters.add(pageSize);
                }
                parameters.add(pageSize);
                page = jdbc.query(linesSql, rs -> row(rs, place), parameters.toArray());
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
