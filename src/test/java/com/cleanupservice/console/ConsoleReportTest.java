package com.cleanupservice.console;

import com.cleanupservice.testsupport.Browser;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's page offers its report as CSV and JSON files. The service has an API token here, which a plain link could
 * not send: the console fetches the report with the token from the tab's session and saves it from a Blob, so the file
 * is the API's answer byte for byte. An application of its own (a token).
 */
class ConsoleReportTest {
    private static final String TOKEN = "console-report-token-81d2";
    private static SandboxApp app;
    private static Browser browser;

    @BeforeAll
    static void start() {
        app = SandboxApp.start(Map.of("cleanup.api.token", TOKEN));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private static Reply withToken(String path, String method) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Authorization", "Bearer " + TOKEN);
        return app.send("POST".equals(method) ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET());
    }

    @Test
    void aRunsReportDownloadsAsCsvAndJsonWithTheToken() {
        Reply cleanup = withToken("/api/cleanup/node/1", "POST");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        String runId = cleanup.json().get("run_id").asText();
        String csv = withToken("/api/cleanup/runs/" + runId + "/report?format=csv", "GET").body();
        String json = withToken("/api/cleanup/runs/" + runId + "/report?format=json", "GET").body();
        assertThat(app.get("/api/cleanup/runs/" + runId + "/report?format=csv").status()).as("the report needs the token").isEqualTo(401);

        browser.open(app.baseUrl() + "/console/#/runs/" + runId);
        browser.until("the token dialog", d -> d.findElement(By.id("token-dialog")).isDisplayed());
        browser.find("#token-input").sendKeys(TOKEN);
        browser.find("#token-form button[value=use]").click();
        browser.untilText("#run-state", "completed");

        browser.find("#run-report-csv").click();
        assertThat(awaitDownload("run-" + runId + ".csv", csv)).isEqualTo(csv);
        assertThat(browser.untilText("#run-report-status", "downloaded").getText()).contains("run-" + runId + ".csv");
        browser.find("#run-report-json").click();
        assertThat(awaitDownload("run-" + runId + ".json", json)).isEqualTo(json);
        browser.screenshot("run-report");
        assertThat(browser.script("return performance.getEntriesByType('resource').map(e => e.name).join(' ')").toString())
                .as("no request URL carries the token").doesNotContain(TOKEN);
    }

    /** The downloaded file's text once it is all there (Chromium writes it under another name until it is complete). */
    private static String awaitDownload(String name, String expected) {
        Path file = browser.downloads().resolve(name);
        return browser.until(name + " downloaded", d -> {
            try {
                String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
                return text != null && text.length() >= expected.length() ? text : null;
            } catch (IOException e) {
                return null;
            }
        });
    }
}
