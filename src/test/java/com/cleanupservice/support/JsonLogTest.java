package com.cleanupservice.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.SandboxApp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cleanup.log.format}: JSON lines with the run, node, resource and IBM trace where they apply; text by default. */
class JsonLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFormatIsReadLikeEveryOtherSetting(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("application.properties");
        Properties none = new Properties();

        assertThat(LogFormat.resolve(Map.of(), none, dir.resolve("missing"))).as("packaged default").isEqualTo("text");
        Files.writeString(file, "cleanup.log.format = json\n");
        assertThat(LogFormat.resolve(Map.of(), none, file)).as("settings file").isEqualTo("json");
        assertThat(LogFormat.resolve(Map.of("CLEANUP_LOG_FORMAT", "text"), none, file)).as("environment over file").isEqualTo("text");
        Properties system = new Properties();
        system.setProperty("cleanup.log.format", "JSON");
        assertThat(LogFormat.resolve(Map.of("CLEANUP_LOG_FORMAT", "text"), system, file)).as("-D over environment").isEqualTo("json");
        assertThatThrownBy(() -> LogFormat.resolve(Map.of("CLEANUP_LOG_FORMAT", "xml\u001b[2J"), none, file))
                .hasMessage("cleanup.log.format must be 'text' or 'json', not 'xml\\x1b[2J'");
    }

    @Test
    void aJsonLineIsOneObjectWithTheMdcAsFieldsAndNothingThatDrivesATerminal() throws IOException {
        LoggerContext context = new LoggerContext();
        Logger logger = context.getLogger("test");
        LoggingEvent event = new LoggingEvent("x", logger, Level.WARN, "name {}", new IllegalStateException("bad\nthing"),
                new Object[] {"evil\u001b[2J\u009b\u007f\r\nINFO forged"});
        event.setMDCPropertyMap(Map.of("run_id", "r-1", "node", "n\u001b1"));
        LogEncoder encoder = configuredEncoder("json");
        assertThat(encoder.format()).isEqualTo("json");

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("}\n").hasLineCount(1).doesNotContain("\u001b", "\u009b", "\u007f", "\r");
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo("test");
        assertThat(json.get("message").asText()).isEqualTo("name evil\u001b[2J\u009b\u007f\r\nINFO forged");
        assertThat(json.get("run_id").asText()).isEqualTo("r-1");
        assertThat(json.get("node").asText()).isEqualTo("n\u001b1");
        assertThat(json.get("exception").asText()).startsWith("java.lang.IllegalStateException: bad\nthing").contains("\tat ");
        assertThat(json.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    }

    @Test
    void aCleanupLogsItsResourcesRunNodeAndIbmTraceAsJsonAndTheDefaultStaysText() throws Exception {
        try (SandboxApp app = SandboxApp.start()) {
            DemoData.Node node3 = DemoData.nodes().get(2);
            String refused = node3.ips().get(1).id();
            String flaky = node3.records().get(0).id();
            Logger ledger = (Logger) LoggerFactory.getLogger("com.cleanupservice.cleanup.Ledger");
            JsonNode[] answers = new JsonNode[2];
            List<String> lines;
            try {
                lines = captured("json", () -> {
                    ledger.setLevel(Level.INFO); // the default level: every deletion, successful ones too, is a line
                    answers[0] = app.post("/api/cleanup/node/1").json();
                    app.simulator().faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(refused));
                    app.simulator().faults().add(FaultRule.status("delete_dns_record", 503).resourceId(flaky).times(1));
                    answers[1] = app.post("/api/cleanup/node/3").json();
                    return null;
                });
            } finally {
                ledger.setLevel(null);
                app.simulator().faults().clear();
            }

            List<JsonNode> json = new ArrayList<>();
            for (String line : lines) {
                json.add(JSON.readTree(line)); // every line is one JSON object
            }
            assertThat(json).isNotEmpty().allSatisfy(j -> assertThat(j.has("timestamp") && j.has("level") && j.has("message")).isTrue());

            DemoData.Node node1 = DemoData.nodes().get(0);
            String run1 = answers[0].get("run_id").asText();
            String run3 = answers[1].get("run_id").asText();
            assertThat(json).as("the server's deletion").anySatisfy(j -> {
                assertThat(j.get("logger").asText()).isEqualTo("com.cleanupservice.cleanup.Ledger");
                assertThat(text(j, "run_id")).isEqualTo(run1);
                assertThat(text(j, "node")).isEqualTo(node1.name());
                assertThat(text(j, "resource_type")).isEqualTo("bare_metal_server");
                assertThat(text(j, "resource_id")).isEqualTo(node1.serverId());
                assertThat(j.get("message").asText()).startsWith("DELETED bare_metal_server");
            });
            String trace = app.jdbc().one("SELECT trace_id FROM dead_letters WHERE ibm_id = ?", rs -> rs.getString(1), refused).orElseThrow();
            assertThat(trace).isNotBlank();
            assertThat(json).as("the refused IP, with IBM's trace").anySatisfy(j -> {
                assertThat(j.get("level").asText()).isEqualTo("WARN");
                assertThat(text(j, "run_id")).isEqualTo(run3);
                assertThat(text(j, "node")).isEqualTo(node3.name());
                assertThat(text(j, "resource_type")).isEqualTo("subnet_reserved_ip");
                assertThat(text(j, "resource_id")).isEqualTo(refused);
                assertThat(text(j, "trace_id")).isEqualTo(trace);
                assertThat(j.get("message").asText()).contains("HTTP 403");
            });
            assertThat(json).as("the 503's retry, with IBM's trace").anySatisfy(j -> {
                assertThat(j.get("message").asText()).startsWith("Retrying the IBM call").contains("HTTP 503");
                assertThat(text(j, "resource_id")).isEqualTo(flaky);
                assertThat(text(j, "resource_type")).isEqualTo("dns_record");
                assertThat(text(j, "run_id")).isEqualTo(run3);
                assertThat(text(j, "trace_id")).isNotBlank();
            });
            assertThat(json).as("the node's end").anySatisfy(j -> {
                assertThat(j.get("message").asText()).startsWith("Cleanup of node " + node3.name());
                assertThat(text(j, "run_id")).isEqualTo(run3);
                assertThat(j.has("resource_id")).isFalse();
            });
            // the context does not outlive its work: pooled threads carry nothing into lines that are not about a resource
            assertThat(json).filteredOn(j -> !List.of("com.cleanupservice.cleanup.Ledger", "com.cleanupservice.cleanup.DeleteTask")
                    .contains(j.get("logger").asText())).allSatisfy(j -> assertThat(j.has("resource_id")).as(j.toString()).isFalse());
            assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();

            List<String> text = captured("text", () -> {
                app.post("/api/cleanup/node/" + node3.name());
                return null;
            });
            assertThat(text).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ (TRACE|DEBUG|INFO |WARN |ERROR) \\[.*] \\S+ - .*"));
            assertThat(text).anySatisfy(line -> assertThat(line).contains("Cleanup of node " + node3.name()));
        } finally {
            LogFormat.apply("text");
        }
    }

    @Test
    void anMdcKeyNamedLikeAFieldCannotWriteItAgain() throws IOException {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("test"), Level.INFO, "hello", null, null);
        event.setMDCPropertyMap(Map.of("level", "ERROR", "message", "forged", "node", "n-1"));

        String line = new String(configuredEncoder("json").encode(event), StandardCharsets.UTF_8);

        JsonNode json = JSON.readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("message").asText()).isEqualTo("hello");
        assertThat(json.get("node").asText()).isEqualTo("n-1");
        assertThat(line.split("\"level\"", -1)).as(line).hasSize(2);
        assertThat(line.split("\"message\"", -1)).as(line).hasSize(2);
        assertThat(configuredEncoder("text").format()).isEqualTo("text");
    }

    /** The console's encoder as {@code logback.xml} configures it for {@code format}, in a logger context of its own. */
    private static LogEncoder configuredEncoder(String format) {
        LoggerContext context = new LoggerContext();
        context.putProperty(LogFormat.KEY, format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(JsonLogTest.class.getClassLoader().getResource("logback.xml"));
        } catch (JoranException e) {
            throw new IllegalStateException(e);
        }
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        assertThat(context.getStatusManager().getCopyOfStatusList()).noneMatch(status -> status.getLevel() >= Status.WARN);
        return (LogEncoder) console.getEncoder();
    }

    private static String text(JsonNode json, String field) {
        return json.has(field) ? json.get(field).asText() : null;
    }

    /** The console's lines while {@code work} runs, logging in {@code format}. */
    private static List<String> captured(String format, Supplier<Void> work) {
        PrintStream console = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogFormat.apply(format);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            work.get();
        } finally {
            System.setOut(console);
        }
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
