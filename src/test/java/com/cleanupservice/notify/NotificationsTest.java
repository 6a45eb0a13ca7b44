package com.cleanupservice.notify;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.schedule.ScheduleEndpoints;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.Await;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook notifications end to end: a real receiver (the JDK's HTTP server) behind the real delivery route, events
 * caused by real cleanups, records and sweeps against the simulator. One application of its own for most tests (its webhooks, secret and
 * short delivery bounds), two more on one database for the restart.
 */
class NotificationsTest {
    private static final String SECRET = "s3cret-for-notify-test-7f2c";
    private static final String TOKEN = "tok-in-query-91ab";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    /** Wants every event; its URL carries a token in its query string. */
    private static WebhookReceiver all;
    /** Wants run_ended only (its URL's fragment). */
    private static WebhookReceiver runsOnly;
    private static SandboxApp app;
    private static int nextNode = 700;

    @BeforeAll
    static void start() {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        all = new WebhookReceiver();
        runsOnly = new WebhookReceiver();
        Map<String, String> settings = delivery(all.url("/hooks/all?token=" + TOKEN) + ", " + runsOnly.url("/hooks/runs#events=run_ended"));
        settings.put("cleanup.notify.poll-interval-ms", "100");
        // a scheduled sweep's drift_found needs its adoption
        settings.put("cleanup.discovery.adopt-on-sweep", "true");
        app = SandboxApp.start(settings);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        all.close();
        runsOnly.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    }

    @AfterEach
    void clearFaults() {
        app.simulator().faults().clear();
        all.answer(200);
        runsOnly.answer(200);
    }

    @Test
    void aDeleteIbmRefusesIsASignedDeadLetterEventAndTheRunsEndGoesToTheRunsWebhookOnly() throws IOException {
        DemoData.Node node = seed(app);
        String ip = node.ips().get(1).id();
        app.simulator().faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(ip));

        Reply cleanup = app.post("/api/cleanup/node/" + node.name());
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(207);
        String runId = cleanup.json().at("/summary/run_id").asText(null);

        WebhookReceiver.Request letter = awaitEvent(all, "dead_letter_opened", node.name());
        // the signature is the HMAC of the exact bytes received
        assertThat(letter.header("X-Cleanup-Signature")).isEqualTo(Signature.of(SECRET.getBytes(StandardCharsets.UTF_8), letter.body()));
        assertThat(letter.header("X-Cleanup-Signature")).matches("sha256=[0-9a-f]{64}");
        assertThat(letter.header("Content-Type")).startsWith("application/json");
        assertThat(letter.header("X-Cleanup-Event")).isEqualTo("dead_letter_opened");
        assertThat(letter.path()).isEqualTo("/hooks/all");
        assertThat(letter.query()).isEqualTo("token=" + TOKEN);
        JsonNode body = JSON.readTree(letter.body());
        assertThat(letter.header("X-Cleanup-Event-Id")).isEqualTo(body.get("event_id").asText());
        assertThat(body.get("type").asText()).isEqualTo("dead_letter_opened");
        assertThat(body.get("node").asText()).isEqualTo(node.name());
        assertThat(body.get("deployment_id").asText()).isEqualTo("notify-" + node.id());
        assertThat(body.get("message").asText()).contains(ip).contains("FAILED");
        assertThat(body.at("/counts/http_status").asInt()).isEqualTo(403);
        assertThat(body.get("link").asText()).startsWith("http://localhost:8080/console/#/runs/");
        assertThat(body.get("text").asText()).contains("dead_letter_opened").contains(node.name()).contains("|open in console>");
        assertThat(body.has("time")).isTrue();
        assertThat(body.has("counts") && !body.get("counts").has("total")).as("nulls are left out").isTrue();
        // keys in the record's order, as written once and signed
        assertThat(fieldNames(body)).containsExactly("event_id", "type", "time", "run_id", "node", "deployment_id", "counts",
                "message", "link", "text");

        WebhookReceiver.Request ended = awaitEvent(runsOnly, "run_ended", node.name());
        assertThat(JSON.readTree(ended.body()).get("message").asText()).contains("ended partial");
        assertThat(JSON.readTree(ended.body()).get("run_id").asText()).isEqualTo(JSON.readTree(letter.body()).get("run_id").asText());
        if (runId != null) {
            assertThat(JSON.readTree(ended.body()).get("run_id").asText()).isEqualTo(runId);
        }
        // the fragment's filter: the runs webhook never gets anything else
        assertThat(runsOnly.requests()).allSatisfy(r -> assertThat(r.header("X-Cleanup-Event")).isEqualTo("run_ended"));
        assertThat(runsOnly.requests()).allSatisfy(r -> assertThat(r.query()).isNull());
    }

    @Test
    void aReceiverDownForAWhileGetsEveryEventOnceItIsBackEachOncePerEventId() {
        all.answer(503);
        List<DemoData.Node> nodes = List.of(seed(app), seed(app));
        for (DemoData.Node node : nodes) {
            app.simulator().faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(node.ips().get(1).id()));
            assertThat(app.post("/api/cleanup/node/" + node.name()).status()).isEqualTo(207);
        }
        Set<String> events = eventIds(nodes);
        assertThat(events).hasSize(4); // a dead letter and a run's end per node
        // 503s until the attempts run out: failing, shown and counted, still retried
        Await.until("deliveries failing", () -> failing(nodes).size() == 4);
        JsonNode list = app.get("/api/notifications?state=failing").json();
        assertThat(list.get("failing").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(list.get("notifications")).allSatisfy(d -> {
            assertThat(d.get("state").asText()).isEqualTo("failing");
            assertThat(d.get("webhook").asText()).isEqualTo(all.url("/hooks/all"));
            assertThat(d.get("last_status").asInt()).isEqualTo(503);
            assertThat(d.get("attempts").asInt()).isGreaterThanOrEqualTo(3);
        });
        assertThat(app.get("/observe/metrics").body())
                .contains("cleanup_notifications_total{event=\"dead_letter_opened\",outcome=\"failed\"}")
                .contains("cleanup_notifications_failing");

        // then not even listening: no answer at all
        all.down();
        int before = all.requests().size();
        Await.until("a retry found nobody listening", () -> app.jdbc().one(
                "SELECT COUNT(*) FROM notification_deliveries WHERE last_status IS NULL AND last_error IS NOT NULL AND webhook LIKE ?",
                rs -> rs.getLong(1), all.url("/hooks/all") + "%").orElse(0L) >= 1);
        assertThat(all.requests()).hasSize(before);

        all.answer(200);
        all.listen();
        Await.until("every event delivered once the receiver is back", () -> deliveredIds(all).containsAll(events));
        Map<String, Long> perEvent = all.delivered().stream().map(r -> r.header("X-Cleanup-Event-Id"))
                .filter(events::contains).collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(perEvent).hasSize(4).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        Await.until("their deliveries marked delivered", () -> failing(nodes).isEmpty());
        assertThat(app.get("/api/notifications?state=delivered&limit=500").json().get("notifications"))
                .filteredOn(d -> events.contains(d.get("event_id").asText()) && d.get("webhook").asText().endsWith("/hooks/all"))
                .hasSize(4).allSatisfy(d -> assertThat(d.get("delivered_at").isNull()).isFalse());
    }

    @Test
    void theSecretAndTheUrlsTokenAreNeverInTheLogsOrTheApi() {
        DemoData.Node node = seed(app);
        app.simulator().faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(node.ips().get(0).id()));
        all.down(); // a connection error's message is the kind that names the URL
        try {
            app.post("/api/cleanup/node/" + node.name());
            Await.until("a delivery failed without an answer", () -> app.jdbc().one(
                    "SELECT COUNT(*) FROM notification_deliveries d JOIN notification_events e USING (event_id)"
                            + " WHERE d.last_status IS NULL AND d.last_error IS NOT NULL AND e.body->>'node' = ?",
                    rs -> rs.getLong(1), node.name()).orElse(0L) >= 1);
        } finally {
            all.listen();
        }
        Reply list = app.get("/api/notifications?limit=500");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(SECRET).doesNotContain(TOKEN).contains("/hooks/all\"");
        List<String> logged = LOGS.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(SECRET) || line.contains(TOKEN));
        assertThat(app.jdbc().rows("SELECT last_error FROM notification_deliveries")).noneMatch(r -> String.valueOf(r.get("last_error")).contains(TOKEN));
    }

    @Test
    void anEventCommittedBeforeTheInstanceStoppedIsDeliveredByTheNextOneOnTheDatabase() {
        String db = TestDatabase.freshDatabaseUrl();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, String> first = delivery(receiver.url("/after-restart"));
            first.put("cleanup.db.url", db);
            first.put("cleanup.notify.poll-interval-ms", "3600000"); // this one never gets to deliver
            DemoData.Node node;
            String eventId;
            try (SandboxApp stopping = SandboxApp.start(first)) {
                node = seed(stopping);
                stopping.simulator().faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(node.ips().get(1).id()));
                assertThat(stopping.post("/api/cleanup/node/" + node.name()).status()).isEqualTo(207);
                eventId = stopping.jdbc().one("SELECT event_id::text FROM notification_events WHERE type = 'dead_letter_opened'",
                        rs -> rs.getString(1)).orElseThrow();
                assertThat(stopping.jdbc().rows("SELECT state, attempts FROM notification_deliveries WHERE event_id = CAST(? AS UUID)", eventId))
                        .singleElement().satisfies(r -> assertThat(r).containsEntry("state", "pending").containsEntry("attempts", 0));
            }
            assertThat(receiver.requests()).isEmpty();

            Map<String, String> second = delivery(receiver.url("/after-restart"));
            second.put("cleanup.db.url", db);
            second.put("cleanup.notify.poll-interval-ms", "100");
            try (SandboxApp next = SandboxApp.start(second)) {
                Await.until("the event delivered by the next instance", () -> deliveredIds(receiver).contains(eventId));
                Await.until("and marked so", () -> next.jdbc().one("SELECT state FROM notification_deliveries WHERE event_id = CAST(? AS UUID)",
                        rs -> rs.getString(1), eventId).orElse("").equals("delivered"));
            }
            assertThat(receiver.delivered().stream().filter(r -> eventId.equals(r.header("X-Cleanup-Event-Id")))).hasSize(1);
        }
    }

    @Test
    void aRecordRefusedForAnotherOwnerIsAnOwnershipDisputeEvent() throws IOException {
        DemoData.Node owner = seed(app);
        DemoData.Node other = seed(app);
        Reply refused = app.post("/api/nodes/" + other.name() + "/resources",
                "{\"type\": \"virtual_network_interface\", \"id\": \"" + owner.workloadVniId() + "\", \"name\": \"taken\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);

        WebhookReceiver.Request dispute = awaitEvent(all, "ownership_dispute", owner.name());
        JsonNode body = JSON.readTree(dispute.body());
        assertThat(body.get("message").asText()).contains(owner.workloadVniId()).contains("refused").contains("node " + owner.name());
        assertThat(body.get("link").asText()).endsWith("#/nodes/" + owner.name());
        assertThat(runsOnly.requests()).noneMatch(r -> "ownership_dispute".equals(r.header("X-Cleanup-Event")));
    }

    @Test
    void aScheduledSweepEndingPartialAfterAdoptingIsSweepFailedAndDriftFound() throws IOException {
        int id = nextNode++;
        DemoData.Node node = DemoData.node(id, "notify-orphan-" + id, "failed");
        DemoData.seed(app.jdbc(), app.simulator(), "notify-orphans-" + id, List.of(node), false);
        app.jdbc().update("UPDATE nodes SET updated_at = now() - interval '48 hours' WHERE id = ?", id);
        String tracked = node.ips().get(0).address();
        app.simulator().createReservedIp(DemoData.MANAGEMENT_SUBNET, "0717-notify-late-" + id, node.name() + "-late-ip",
                tracked.substring(0, tracked.lastIndexOf('.')) + ".81", false);
        app.simulator().faults().add(FaultRule.status("delete_subnet_reserved_ip", 403).resourceId(node.ips().get(1).id()));

        // the Quartz tick's route, as a tick calls it
        app.context().createProducerTemplate().sendBody(ScheduleEndpoints.SWEEP_ORPHANS_ON_SCHEDULE, null);

        JsonNode failed = JSON.readTree(awaitEvent(all, "sweep_failed", null).body());
        assertThat(failed.get("message").asText()).contains("ended partial").contains("1 of 1 node(s) not cleaned");
        assertThat(failed.at("/counts/failed_nodes").asInt()).isEqualTo(1);
        JsonNode drift = JSON.readTree(awaitEvent(all, "drift_found", null).body());
        assertThat(drift.at("/counts/adopted_resources").asInt()).isEqualTo(1);
        assertThat(drift.get("message").asText()).contains("adopted 1 untracked resource(s)");
    }

    @Test
    void eachDisputeFoundAtStartIsOneEventHoweverOftenInstancesStart() {
        String db = TestDatabase.freshDatabaseUrl();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db);
        ds.setUser("postgres");
        // a database from before the ownership rule (V7), one id tracked by two nodes
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("6").load().migrate();
        Jdbc old = new Jdbc(ds);
        old.update("INSERT INTO deployments (deployment_id) VALUES ('dep-n')");
        old.update("INSERT INTO nodes (node_name, deployment_id, deployment_status, bare_metal_id) VALUES "
                + "('node-n1', 'dep-n', 'failed', 'srv-twice'), ('node-n2', 'dep-n', 'failed', 'srv-twice')");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, String> settings = delivery(receiver.url("/disputes#events=ownership_dispute"));
            settings.put("cleanup.db.url", db);
            settings.put("cleanup.demo.enabled", "false");
            settings.put("cleanup.notify.poll-interval-ms", "100");
            for (int start = 1; start <= 2; start++) {
                try (SandboxApp instance = SandboxApp.start(settings)) {
                    Await.until("the dispute delivered", () -> receiver.delivered().size() >= 1);
                }
            }
            assertThat(receiver.delivered()).singleElement().satisfies(r -> {
                assertThat(r.header("X-Cleanup-Event")).isEqualTo("ownership_dispute");
                assertThat(r.text()).contains("srv-twice").contains("node-n1").contains("node-n2").contains("/resolve");
            });
            assertThat(old.one("SELECT COUNT(*) FROM notification_events", rs -> rs.getLong(1)).orElseThrow()).isEqualTo(1L);
        }
    }

    /** The settings of an instance delivering to {@code urls} quickly, with short backoffs and few attempts. */
    private static Map<String, String> delivery(String urls) {
        Map<String, String> settings = new HashMap<>();
        settings.put("cleanup.notify.webhook-url", urls);
        // camel-main lists the settings a test passes at start: masked there (camel.main.additional-sensitive-keywords)
        settings.put("cleanup.notify.webhook-secret", SECRET);
        settings.put("cleanup.notify.max-attempts", "3");
        settings.put("cleanup.notify.backoff-base-ms", "100");
        settings.put("cleanup.notify.backoff-max-ms", "400");
        settings.put("cleanup.notify.request-timeout-ms", "2000");
        return settings;
    }

    /** A failed node of a deployment of its own, as the demo lays one out. */
    private static DemoData.Node seed(SandboxApp on) {
        int id = nextNode++;
        DemoData.Node node = DemoData.node(id, "notify-node-" + id, "failed");
        DemoData.seed(on.jdbc(), on.simulator(), "notify-" + id, List.of(node), false);
        return node;
    }

    private static WebhookReceiver.Request awaitEvent(WebhookReceiver receiver, String type, String node) {
        WebhookReceiver.Request[] found = new WebhookReceiver.Request[1];
        Await.until(type + " of " + node + " delivered", () -> {
            for (WebhookReceiver.Request r : receiver.delivered()) {
                if (type.equals(r.header("X-Cleanup-Event")) && (node == null || r.text().contains("\"" + node + "\""))) {
                    found[0] = r;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static Set<String> eventIds(List<DemoData.Node> nodes) {
        return nodes.stream().flatMap(n -> app.jdbc().query("SELECT event_id::text FROM notification_events WHERE body->>'node' = ?",
                rs -> rs.getString(1), n.name()).stream()).collect(Collectors.toSet());
    }

    /** The failing deliveries to the all-events webhook of these nodes' events. */
    private static List<Long> failing(List<DemoData.Node> nodes) {
        return app.jdbc().query("SELECT d.id FROM notification_deliveries d JOIN notification_events e USING (event_id)"
                        + " WHERE d.state = 'failing' AND d.webhook LIKE ? AND e.body->>'node' = ANY(?)", rs -> rs.getLong(1),
                all.url("/hooks/all") + "%", nodes.stream().map(DemoData.Node::name).toArray(String[]::new));
    }

    private static Set<String> deliveredIds(WebhookReceiver receiver) {
        return receiver.delivered().stream().map(r -> r.header("X-Cleanup-Event-Id")).collect(Collectors.toSet());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

}
