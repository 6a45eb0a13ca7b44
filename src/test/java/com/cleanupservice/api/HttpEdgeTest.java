package com.cleanupservice.api;

import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.spi.RestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Collection;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP edge of a service run with a bearer token: every REST route of the running context is behind the token,
 * and every refusal under /api is JSON — unknown path, wrong method, undeclared parameter or key, wrong media type,
 * oversized body or URL, unexpected failure — without exception names or SQL.
 */
class HttpEdgeTest {
    private static final String TOKEN = "edge-test-token";
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.api.token", TOKEN, "cleanup.http.max-body-bytes", "4096"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyRestRouteOfTheRunningContextAnswers401WithoutTheToken() {
        Collection<RestRegistry.RestService> services = app.context().getRestRegistry().listAllRestServices();
        assertThat(services).as("the YAML REST definitions are loaded").hasSizeGreaterThanOrEqualTo(19);
        for (RestRegistry.RestService service : services) {
            String path = service.getBasePath() + (service.getUriTemplate() == null ? "" : service.getUriTemplate());
            String concrete = path.replaceAll("\\{[^}]+}", "1");
            for (String authorization : new String[] {null, "Bearer wrong-" + TOKEN, "Basic " + TOKEN}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + concrete))
                        .method(service.getMethod().toUpperCase(), HttpRequest.BodyPublishers.noBody());
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                Reply reply = app.send(request);
                assertThat(reply.status()).as(service.getMethod() + " " + concrete + " with " + authorization).isEqualTo(401);
                assertThat(reply.json().get("status").asInt()).isEqualTo(401);
                assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
            }
        }
        assertThat(send("GET", "/api/not-an-endpoint", null).status()).as("unknown paths too").isEqualTo(401);
        assertThat(authorized("GET", "/api/cleanup/status", null).status()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndWrongMethodsAnswerJson() {
        Reply unknown = authorized("GET", "/api/cleanup/nothing-here", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/json");
        assertThat(unknown.json().get("error").asText()).contains("/api/cleanup/nothing-here");

        Reply wrongMethod = authorized("DELETE", "/api/cleanup/status", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET");
        assertThat(wrongMethod.json().get("status").asInt()).isEqualTo(405);

        Reply getOnPost = authorized("GET", "/api/cleanup/node/1", null);
        assertThat(getOnPost.status()).isEqualTo(405);
        assertThat(getOnPost.header("Allow")).isEqualTo("POST");

        Reply failures = authorized("PUT", "/api/cleanup/failures/7/retry", null);
        assertThat(failures.header("Allow")).isEqualTo("POST");
    }

    @Test
    void aMisspelledOptionIsRefusedAndNothingIsDeleted() {
        long callsBefore = app.simulator().stats().total();

        Reply misspelled = authorized("POST", "/api/cleanup/node/1?dry-run=true", null);

        assertThat(misspelled.status()).isEqualTo(400);
        JsonNode body = misspelled.json();
        assertThat(body.get("error").asText()).contains("'dry-run'").contains("dry_run").contains("force").contains("async");
        assertThat(body.get("accepted_parameters").toString()).contains("dry_run");
        assertThat(app.simulator().stats().total()).as("no IBM call was made").isEqualTo(callsBefore);
        assertThat(app.jdbc().rows("SELECT deployment_status FROM nodes WHERE id = 1").get(0)).containsEntry("deployment_status", "failed");
        assertThat(app.jdbc().rows("SELECT 1 FROM cleanup_runs")).as("no run was even started").isEmpty();

        assertThat(authorized("GET", "/api/cleanup/failures?node=x", null).status()).isEqualTo(400);
        assertThat(authorized("GET", "/api/cleanup/status?node_name=a&node_name=b", null).json().get("error").asText())
                .contains("more than once");
        Reply sweep = authorized("POST", "/api/cleanup/orphaned", "{\"max_age_hour\": 1}");
        assertThat(sweep.status()).isEqualTo(400);
        assertThat(sweep.json().get("error").asText()).contains("'max_age_hour'").contains("max_age_hours");
        Reply batch = authorized("POST", "/api/cleanup/batch", "{\"operation\":\"cleanup_nodes\",\"targets\":[\"1\"],\"dryrun\":true}");
        assertThat(batch.status()).isEqualTo(400);
        assertThat(batch.json().get("unknown_keys").toString()).contains("dryrun");
        Reply target = authorized("POST", "/api/cleanup/batch", "{\"operation\":\"cleanup_nodes\",\"targets\":[{\"node\":\"x\"}]}");
        assertThat(target.json().get("error").asText()).contains("targets[0]").contains("node_name");
        assertThat(app.jdbc().rows("SELECT 1 FROM cleanup_runs")).isEmpty();
    }

    @Test
    void bodiesMustBeJsonAndOnlyWhereTheEndpointTakesOne() {
        Reply form = send("POST", "/api/cleanup/orphaned", HttpRequest.newBuilder()
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"max_age_hours\": 48}")));
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.json().get("status").asInt()).isEqualTo(415);

        Reply bodyOnNode = authorized("POST", "/api/cleanup/node/1", "{\"force\": true}");
        assertThat(bodyOnNode.status()).isEqualTo(400);
        assertThat(bodyOnNode.json().get("error").asText()).contains("takes no request body").contains("force");

        Reply large = authorized("POST", "/api/cleanup/batch", "{\"operation\":\"cleanup_nodes\",\"targets\":[\"" + "n".repeat(5000) + "\"]}");
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.json().get("status").asInt()).isEqualTo(413);
    }

    @Test
    void anOverlongUrlIsRefusedInJson() {
        Reply reply = authorized("GET", "/api/cleanup/status?node_name=" + "x".repeat(9000), null);

        assertThat(reply.status()).isEqualTo(414);
        assertThat(reply.json().get("status").asInt()).isEqualTo(414);
    }

    @Test
    void anUnexpectedFailureAnswersATraceIdNotTheException() {
        app.jdbc().update("ALTER TABLE cleanup_runs RENAME TO cleanup_runs_away");
        Reply reply;
        try {
            reply = authorized("POST", "/api/cleanup/node/3", null);
        } finally {
            app.jdbc().update("ALTER TABLE cleanup_runs_away RENAME TO cleanup_runs");
        }

        assertThat(reply.status()).isEqualTo(500);
        JsonNode body = reply.json();
        assertThat(body.get("trace_id").asText()).isNotBlank();
        assertThat(body.get("error").asText()).contains(body.get("trace_id").asText());
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("cleanup_runs").doesNotContain("relation")
                .doesNotContain("SQL").doesNotContain("at com.");
    }

    @Test
    void infoShowsBuildFactsOnly() {
        Reply info = app.get("/observe/info");

        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().get("name").asText()).isEqualTo("cleanup-service");
        assertThat(info.json().has("version")).isTrue();
        for (String property : new String[] {"user.name", "user.home", "user.dir", "java.home"}) {
            assertThat(info.body()).as(property).doesNotContain(System.getProperty(property));
        }
    }

    private static Reply authorized(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(method, path, request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Reply send(String method, String path, HttpRequest.Builder request) {
        HttpRequest.Builder r = request == null ? HttpRequest.newBuilder().method(method, HttpRequest.BodyPublishers.noBody()) : request;
        return app.send(r.uri(URI.create(app.baseUrl() + path)));
    }
}
