package com.cleanupservice.console;

import com.cleanupservice.testsupport.Browser;
import com.cleanupservice.testsupport.SandboxApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console on a service with an API token: the page itself loads without one, the API's 401 makes it ask, a wrong
 * token is asked again, and the right one is kept for the tab's session only and never put in a URL.
 */
class ConsoleTokenTest {
    private static final String TOKEN = "console-test-token-5c1b";
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

    @Test
    void theTokenIsAskedForOnA401AndKeptForTheTabOnly() {
        assertThat(app.get("/console/").status()).as("the page needs no token").isEqualTo(200);
        assertThat(app.get("/api/cleanup/status").status()).isEqualTo(401);

        browser.open(app.baseUrl() + "/console/");
        WebElement dialog = browser.until("the token dialog", d -> {
            WebElement e = d.findElement(By.id("token-dialog"));
            return e.isDisplayed() ? e : null;
        });
        assertThat(dialog.getText()).contains("API token needed");
        browser.screenshot("token");
        browser.find("#token-input").sendKeys("wrong-token");
        browser.find("#token-form button[value=use]").click();
        // the wrong token is refused: asked again
        browser.until("asked again", d -> d.findElement(By.id("token-dialog")).isDisplayed()
                && d.findElement(By.id("token-input")).getAttribute("value").isEmpty());
        browser.find("#token-input").sendKeys(TOKEN);
        browser.find("#token-form button[value=use]").click();

        assertThat(browser.untilText("#card-total .value", "3").getText()).isEqualTo("3");
        assertThat(browser.script("return sessionStorage.getItem('cleanup-service.api-token')")).isEqualTo(TOKEN);
        assertThat(browser.script("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.script("return document.cookie")).isEqualTo("");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(TOKEN);
        assertThat(browser.script("return performance.getEntriesByType('resource').map(e => e.name).join(' ')").toString())
                .as("no request URL carries the token").doesNotContain(TOKEN);

        // the same tab keeps it across a reload: no question asked
        browser.driver().navigate().refresh();
        assertThat(browser.untilText("#card-total .value", "3").getText()).isEqualTo("3");
        assertThat(browser.find("#token-dialog").isDisplayed()).isFalse();
    }
}
