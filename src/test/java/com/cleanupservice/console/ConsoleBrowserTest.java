package com.cleanupservice.console;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.SimulatorOperations;
import com.cleanupservice.testsupport.Browser;
import com.cleanupservice.testsupport.SandboxApp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as an operator uses it, in headless Chromium against the sandbox (real Camel context, embedded
 * PostgreSQL, the IBM Cloud simulator with its demo deployment): the overview and the demo deployment, a dry run and a
 * real cleanup of node 01 watched to 100% with its resources GONE, a live node that needs its name typed, a failure made
 * by a simulator fault and retried from the failures page, validation, the script download and a drift report. The
 * screenshots the docs show are taken here (target/console-screenshots; -Dconsole.screenshots.update=true copies them to
 * docs/console).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final String NODE_01 = "nutanix-poc-bm-node-01";
    private static final String NODE_02 = "nutanix-poc-bm-node-02";
    private static final String NODE_03 = "nutanix-poc-bm-node-03";
    private static final Pattern PROGRESS = Pattern.compile("(\\d+) / (\\d+) \\((\\d+)%\\)");

    private static SandboxApp app;
    private static Browser browser;

    @BeforeAll
    static void start() {
        // a server takes long enough to delete that the run is seen in progress
        app = SandboxApp.start(Map.of("cleanup.simulator.bare-metal-delete-ms", "2500"));
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

    private static String console(String hash) {
        return app.baseUrl() + "/console/" + hash;
    }

    @Test
    @Order(1)
    void theOverviewAndTheDemoDeploymentAreShown() {
        browser.open(app.baseUrl() + "/");
        assertThat(browser.driver().getCurrentUrl()).as("/ leads to the console").endsWith("/console/");
        assertThat(browser.untilText("#card-total .value", "3").getText()).isEqualTo("3");
        assertThat(browser.find("#card-needed .value").getText()).isEqualTo("2"); // node 01 failed, node 03 timeout
        browser.untilText("main table", "deployed");
        browser.screenshot("overview");

        browser.find("a[data-nav=deployments]").click();
        browser.untilText("#deployments-table", "demo-deployment").findElement(By.linkText("demo-deployment")).click();
        WebElement nodes = browser.untilText("#nodes-table", NODE_03);
        assertThat(nodes.findElements(By.cssSelector("tbody tr"))).hasSize(3);
        assertThat(nodes.getText()).contains(NODE_01, NODE_02, "failed", "deployed", "timeout");
        browser.untilText("#deployment-resources", "nutanix-poc-cluster");
        browser.screenshot("deployment");
    }

    @Test
    @Order(2)
    void aDryRunShowsThePlanAndDeletesNothing() {
        browser.open(console("#/nodes/" + NODE_01));
        browser.untilText("#node-resources", "bare_metal_server");
        browser.find("#action-dry-run").click();
        WebElement plan = browser.untilText("#dry-run-plan", "12 deletion(s) planned");
        assertThat(plan.findElements(By.cssSelector("table.plan tbody tr"))).hasSize(12);
        assertThat(plan.getText()).contains("DELETE /v1/bare_metal_servers/", "then GET until 404", "sandbox / us-south");
        browser.screenshot("dry-run");

        JsonNode rows = app.get("/api/cleanup/resources?node_name=" + NODE_01).json().get("resources");
        assertThat(rows).hasSize(12);
        rows.forEach(r -> assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("PRESENT"));
    }

    @Test
    @Order(3)
    void aCleanupOfNode01IsWatchedToOneHundredPercentAndItsResourcesAreGone() {
        browser.open(console("#/nodes/" + NODE_01));
        browser.untilText("#node-resources", "PRESENT");
        browser.find("#action-cleanup").click();
        WebElement dialog = awaitConfirmation();
        assertThat(browser.find("#confirm-typed").isDisplayed()).as("a failed node needs no typed name").isFalse();
        assertThat(dialog.getText()).contains("Clean up node " + NODE_01);
        browser.find("#confirm-ok").click();

        // the run page: progress polled until the run ends
        browser.until("the run page", d -> d.getCurrentUrl().contains("#/runs/"));
        List<Integer> seen = new ArrayList<>();
        String[] last = new String[1];
        java.util.Set<String> layouts = new java.util.HashSet<>();
        browser.until("the run at 100% and completed", d -> {
            String progress = d.findElement(By.id("run-progress")).getText();
            Matcher m = PROGRESS.matcher(progress);
            if (m.find()) {
                // once the run is shown, where its progress bar and details sit: the same however far it is (no jumps)
                layouts.add(box(d.findElement(By.cssSelector("#run-progress progress"))) + " "
                        + box(d.findElement(By.cssSelector("dl.run-head"))) + " " + box(d.findElement(By.id("run-state"))));
                int percent = Integer.parseInt(m.group(3));
                if (seen.isEmpty() || seen.get(seen.size() - 1) != percent) {
                    seen.add(percent);
                }
                if (percent < 100 && Integer.parseInt(m.group(2)) > 0 && last[0] == null) {
                    browser.screenshot("run-in-progress");
                    last[0] = progress;
                }
            }
            return progress.contains("(100%)") && progress.contains("completed");
        });
        assertThat(seen).as("percentages seen, in order").isSorted().last().isEqualTo(100);
        assertThat(layouts).as("the progress bar's and the details' boxes while the run went on").hasSize(1);
        Matcher done = PROGRESS.matcher(browser.find("#run-progress").getText());
        assertThat(done.find()).isTrue();
        assertThat(done.group(1)).isEqualTo(done.group(2));
        WebElement operations = browser.untilText("#run-operations", "DELETED");
        assertThat(operations.findElements(By.cssSelector("tbody tr"))).hasSize(12);
        browser.screenshot("run-completed");

        // the node's resources, as the console shows them
        browser.find("#run-operations a[href='#/nodes/" + NODE_01 + "']").click();
        WebElement resources = browser.untilText("#node-resources", "GONE");
        browser.until("every row GONE", d -> {
            List<String> states = d.findElements(By.cssSelector("#node-resources tbody tr td:nth-child(4)")).stream()
                    .map(WebElement::getText).toList();
            return states.size() == 12 && states.stream().allMatch("GONE"::equals);
        });
        assertThat(browser.find("#resources-left").getText()).isEqualTo("0");
        assertThat(resources.getText()).doesNotContain("PRESENT");
        browser.screenshot("node-gone");

        // and IBM Cloud agrees: validation passes only on 404s
        assertThat(app.get("/api/cleanup/validate/" + NODE_01).json().get("cleanup_complete").asBoolean()).isTrue();
    }

    /** The confirmation dialog, once it is open. */
    private static WebElement awaitConfirmation() {
        return browser.until("the confirmation", d -> {
            WebElement dialog = d.findElement(By.id("confirm-dialog"));
            return dialog.isDisplayed() ? dialog : null;
        });
    }

    /** The file the browser downloaded under {@code name}, once it is written. */
    private static Path awaitDownload(String name) {
        Path file = browser.until("the script downloaded", d -> {
            try (Stream<Path> files = Files.list(browser.downloads())) {
                return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        });
        browser.until("the download written", d -> {
            try {
                return Files.readString(file).startsWith("#!");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return file;
    }

    private static String box(WebElement e) {
        org.openqa.selenium.Rectangle r = e.getRect();
        return r.getX() + "," + r.getY() + " " + r.getWidth() + "x" + r.getHeight();
    }

    @Test
    @Order(4)
    void validationTheScriptAndTheDriftReportAreOneClickAway() throws Exception {
        browser.open(console("#/nodes/" + NODE_01));
        browser.untilText("#node-resources", "GONE");
        browser.find("#action-validate").click();
        assertThat(browser.untilText("#validation", "Cleanup complete").getText()).contains("bare_metal_server", "PASS")
                .doesNotContain("FAIL");

        browser.find("#action-script").click();
        Path script = awaitDownload("cleanup-" + NODE_01 + ".sh");
        assertThat(Files.readString(script)).contains(NODE_01);
        assertThat(browser.find("#action-result").getText()).contains("downloaded");

        browser.find("#action-drift").click();
        assertThat(browser.untilText("#drift-report", "No drift").getText()).contains("Scanned");

        // a reserved IP made behind tracking's back: reported with its evidence, adopted only once the name is typed
        app.simulator().createReservedIp(DemoData.MANAGEMENT_SUBNET, "0717-console-extra-ip", NODE_01 + "-extra-ip", "10.240.1.70", false);
        browser.find("#action-drift").click();
        WebElement report = browser.untilText("#drift-report", "0717-console-extra-ip");
        assertThat(report.getText()).contains("Drift found", "named after node " + NODE_01, "sandbox / us-south");
        browser.screenshot("drift");
        browser.find("#action-adopt").click();
        awaitConfirmation();
        assertThat(browser.find("#confirm-ok").isEnabled()).isFalse();
        browser.find("#confirm-input").sendKeys(NODE_01);
        browser.find("#confirm-ok").click();
        assertThat(browser.untilText("#adopt-result", "adopted").getText()).contains("1 resource(s) adopted");
        browser.untilText("#node-resources", "0717-console-extra-ip");
    }

    @Test
    @Order(5)
    void aLiveNodeIsCleanedOnlyOnceItsNameIsTyped() throws Exception {
        browser.open(console("#/nodes/" + NODE_02));
        browser.untilText("#node-summary", "live");
        // its script too: the service refuses it (409) until the name is typed and force=true is sent
        browser.find("#action-script").click();
        awaitConfirmation();
        assertThat(browser.find("#confirm-body").getText()).contains("live node(s): " + NODE_02 + " (deployed)");
        assertThat(browser.find("#confirm-ok").isEnabled()).isFalse();
        browser.find("#confirm-input").sendKeys(Keys.ESCAPE);
        browser.untilText("#action-result", "No script downloaded");
        browser.find("#action-script").click();
        awaitConfirmation();
        browser.find("#confirm-input").sendKeys(NODE_02);
        browser.find("#confirm-ok").click();
        assertThat(Files.readString(awaitDownload("cleanup-" + NODE_02 + ".sh"))).contains("!!! LIVE NODES", NODE_02);
        browser.untilText("#action-result", "downloaded");

        browser.find("#action-cleanup").click();
        awaitConfirmation();
        WebElement typed = browser.find("#confirm-input");
        WebElement ok = browser.find("#confirm-ok");
        assertThat(typed.isDisplayed()).isTrue();
        assertThat(typed.equals(browser.driver().switchTo().activeElement())).as("the name field has the focus").isTrue();
        assertThat(ok.isEnabled()).isFalse();
        typed.sendKeys(NODE_02.substring(0, NODE_02.length() - 1));
        assertThat(ok.isEnabled()).as("a name one letter short").isFalse();
        browser.screenshot("confirm-live-node");
        typed.sendKeys(Keys.ESCAPE);
        browser.untilText("#action-result", "Cleanup not started");
        assertThat(app.get("/api/cleanup/resources?node_name=" + NODE_02).json().get("resources").findValuesAsText("state"))
                .containsOnly("PRESENT");

        browser.find("#action-cleanup").click();
        awaitConfirmation();
        browser.find("#confirm-input").sendKeys(NODE_02);
        browser.find("#confirm-ok").click();
        browser.until("the run page", d -> d.getCurrentUrl().contains("#/runs/"));
        String text = browser.untilText("#run-progress", "completed").getText();
        assertThat(text).contains("(100%)");
        assertThat(browser.find("main").getText()).contains("forced");
    }

    @Test
    @Order(6)
    void aFailureMadeByASimulatorFaultIsRetriedFromTheFailuresPage() {
        app.simulator().faults().add(FaultRule.status(SimulatorOperations.DELETE_SUBNET_RESERVED_IP, 403));
        try {
            browser.open(console("#/nodes/" + NODE_03));
            browser.untilText("#node-resources", "PRESENT");
            browser.find("#action-cleanup").click();
            awaitConfirmation();
            browser.find("#confirm-ok").click();
            browser.until("the run page", d -> d.getCurrentUrl().contains("#/runs/"));
            browser.untilText("#run-progress", "partial");
            assertThat(browser.untilText("#run-operations", "FAILED").getText()).contains("HTTP 403");
        } finally {
            app.simulator().faults().clear();
        }

        browser.open(console("#/failures?status=open&node_name=" + NODE_03));
        WebElement failures = browser.untilText("#failures-table", "subnet_reserved_ip");
        int open = failures.findElements(By.cssSelector("button[data-failure]")).size();
        assertThat(open).as("one failure per reserved IP").isEqualTo(5);
        browser.screenshot("failures");

        failures.findElements(By.cssSelector("button[data-failure]")).get(0).click();
        assertThat(browser.untilText("#retry-result", "Cleanup completed").getText()).contains("See the run");
        browser.until("no open failure left", d -> d.findElements(By.cssSelector("#failures-table button[data-failure]")).isEmpty());
        assertThat(app.get("/api/cleanup/resources?node_name=" + NODE_03).json().get("resources").findValuesAsText("state"))
                .containsOnly("GONE");
        assertThat(app.get("/api/cleanup/validate/" + NODE_03).json().get("cleanup_complete").asBoolean()).isTrue();
    }

    @Test
    @Order(7)
    void runsAreListedNewestFirstAndTheKeyboardReachesEverything() {
        browser.open(console("#/runs"));
        WebElement runs = browser.untilText("table.runs", NODE_03);
        List<WebElement> rows = runs.findElements(By.cssSelector("tbody tr"));
        assertThat(rows.get(0).getText()).as("the newest first: node 03's retry").contains(NODE_03);
        browser.screenshot("runs");

        // from the top of the page, the keyboard reaches the skip link, then the sections, and Enter follows them
        browser.open("about:blank"); // a fresh page: the focus starts at the top
        browser.open(console("#/"));
        browser.untilText("#card-total .value", "3");
        browser.find("body").sendKeys(Keys.TAB);
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("skip-link");
        WebElement active = null;
        for (int i = 0; i < 6; i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
            active = browser.driver().switchTo().activeElement();
            if ("failures".equals(active.getAttribute("data-nav"))) {
                break;
            }
        }
        assertThat(active.getAttribute("data-nav")).isEqualTo("failures");
        active.sendKeys(Keys.ENTER);
        browser.until("the failures page", d -> d.getCurrentUrl().endsWith("#/failures"));
        browser.untilText("h1", "Failures");
    }

    @Test
    @Order(8)
    void aNameFromTheProvisionerIsShownAsTextNeverAsMarkup() {
        String hostile = "<img src=x onerror=\"window.pwned=1\">";
        assertThat(app.post("/api/nodes", "{\"node_name\":\"xss-node\",\"deployment_id\":\"xss-dep\",\"deployment_status\":\"failed\"}").status())
                .isEqualTo(201);
        assertThat(app.post("/api/nodes/xss-node/resources", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-xss\",\"name\":"
                + "\"<img src=x onerror=\\\"window.pwned=1\\\">\"}").status()).isEqualTo(201);

        browser.open(console("#/nodes/xss-node"));
        assertThat(browser.untilText("#node-resources", "vni-xss").getText()).contains(hostile);
        browser.find("#action-dry-run").click();
        assertThat(browser.untilText("#dry-run-plan", "deletion(s) planned").getText()).contains(hostile);
        assertThat(browser.findAll("main img")).isEmpty();
        assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    @Order(9)
    void aRunRefusedAtOnceReadsRefusedWithNothingDoneNotAFailureAtOneHundredPercent() {
        // what a run refused when it came to claim its node leaves behind (409: another cleanup held the node)
        String runId = java.util.UUID.randomUUID().toString();
        app.jdbc().update("""
                INSERT INTO cleanup_runs (run_id, kind, target, trigger, state, http_status, error, started_at, finished_at)
                VALUES (CAST(? AS UUID), 'node', ?, 'api', 'failed', 409, ?, now(), now())
                """, runId, NODE_03, "Cleanup refused for node " + NODE_03 + ": a cleanup of this node is already running");
        assertThat(app.get("/api/cleanup/runs/" + runId).json().at("/progress/percent").asInt()).isZero();

        browser.open(console("#/runs/" + runId));
        String progress = browser.untilText("#run-progress", "nothing done").getText();

        assertThat(progress).contains("refused").doesNotContain("100%").doesNotContain("failed");
        browser.open(console("#/runs"));
        WebElement row = browser.untilText("table.runs", runId.substring(0, 8)).findElements(By.cssSelector("tbody tr")).stream()
                .filter(r -> r.getText().contains(runId.substring(0, 8))).findFirst().orElseThrow();
        assertThat(row.getText()).contains("refused").doesNotContain("100%");
    }

    @Test
    @Order(11)
    void aSavedPlanIsShownAndAppliedOnlyOnceItsShortIdIsTyped() {
        DemoData.Node node = DemoData.node(90, "console-plan-node", "failed");
        DemoData.seed(app.jdbc(), app.simulator(), "console-plans", List.of(node), false);
        browser.open(console("#/nodes/" + node.name()));
        browser.untilText("#node-resources", "PRESENT");
        browser.find("#action-save-plan").click();
        WebElement plan = browser.untilText("#saved-plan", "12 resource(s)");
        assertThat(plan.findElements(By.cssSelector("#plan-resources tbody tr"))).hasSize(12);
        assertThat(plan.getText()).contains("sandbox / us-south");
        String shortId = browser.find("#plan-short-id").getText();
        assertThat(shortId).matches("[a-z2-7]{8}");
        assertThat(browser.find("#plan-digest").getText()).matches("[0-9a-f]{64}");
        assertThat(browser.find("#plan-expires").getText()).isNotBlank();
        WebElement apply = browser.find("#action-apply-plan");
        assertThat(apply.isEnabled()).isFalse();
        browser.find("#plan-confirm-input").sendKeys(shortId.substring(0, 7));
        assertThat(apply.isEnabled()).as("a short id one letter short").isFalse();
        browser.screenshot("saved-plan");
        assertThat(app.simulator().exists("bare_metal_server", node.serverId())).as("nothing deleted yet").isTrue();

        browser.find("#plan-confirm-input").sendKeys(shortId.substring(7));
        assertThat(apply.isEnabled()).isTrue();
        apply.click();
        browser.until("the run page", d -> d.getCurrentUrl().contains("#/runs/"));
        browser.untilText("#run-progress", "completed");
        assertThat(app.simulator().exists("bare_metal_server", node.serverId())).isFalse();
        assertThat(app.get("/api/plans/" + shortId).json().get("state").asText()).isEqualTo("applied");
    }

    @Test
    @Order(10)
    void aFailingNotificationIsListedWithItsWebhookButNotItsToken() {
        // what a receiver that keeps answering 503 leaves in the outbox (this app has no webhook: written as the outbox does)
        String eventId = java.util.UUID.randomUUID().toString();
        app.jdbc().update("INSERT INTO notification_events (event_id, type, body) VALUES (CAST(? AS UUID), 'dead_letter_opened', '{}')", eventId);
        app.jdbc().update("""
                INSERT INTO notification_deliveries (event_id, webhook, state, attempts, last_status, last_error)
                VALUES (CAST(? AS UUID), 'https://hooks.example/ops?token=hidden-token', 'failing', 10, 503, 'HTTP 503')
                """, eventId);

        browser.open(console("#/notifications"));
        WebElement table = browser.untilText("#notifications-table", eventId);
        assertThat(table.getText()).contains("dead_letter_opened", "https://hooks.example/ops", "failing", "503")
                .doesNotContain("hidden-token");
        assertThat(browser.find("#notifications-failing").getText()).isEqualTo("1 delivery failing");
    }

    @Test
    @Order(11)
    void noAssetComesFromElsewhere() throws Exception {
        for (String file : ConsoleRoutes.FILES) {
            String content = new String(ConsoleRoutes.class.getResourceAsStream("/console/" + file).readAllBytes());
            assertThat(content).as(file).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//")
                    .doesNotContainPattern("@import|url\\(\\s*[\"']?https?:")
                    .doesNotContainPattern("fetch\\(\\s*[\"']https?:");
        }
        SandboxApp.Reply page = app.get("/console/");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "connect-src 'self'", "script-src 'self'");
        assertThat(app.get("/console/../config/application.properties").status()).isIn(400, 404);
    }

    /** Issue 24: a resource's account and region are in its lists, and select boxes of the configured ones filter them. */
    @Test
    @Order(12)
    void resourcesAndFailuresShowTheirPlaceAndAreFilteredByAccountAndRegion() {
        browser.open(console("#/nodes/" + NODE_02));
        WebElement resources = browser.untilText("#node-resources", "us-south");
        assertThat(resources.getText()).as("a demo row, recorded without a place, is the default's").contains("sandbox");
        assertThat(browser.find("#filter-region").getText()).contains("us-south", "eu-de");
        assertThat(browser.find("#filter-account").getText()).contains("sandbox (default)", "sandbox-2");
        browser.script("document.querySelector('#filter-region').value = 'eu-de'");
        browser.find("#node-resource-filters button[type=submit]").click();
        browser.until("the region filter in the address", d -> d.getCurrentUrl().endsWith("?region=eu-de"));
        browser.until("no row of the node in eu-de", d -> "0".equals(d.findElement(By.id("node-resources")).getAttribute("data-rows")));
        // the node's rows but its DNS records, which are global (no region)
        String inUsSouth = app.get("/api/cleanup/resources?node_name=" + NODE_02 + "&region=us-south").json().get("count").asText();
        assertThat(Integer.parseInt(inUsSouth)).isPositive().isLessThan(12);
        browser.script("document.querySelector('#filter-region').value = 'us-south'");
        browser.find("#node-resource-filters button[type=submit]").click();
        browser.until("every row of the node in us-south", d -> inUsSouth.equals(d.findElement(By.id("node-resources")).getAttribute("data-rows")));
        assertThat(browser.find("#node-resources").getText()).doesNotContain("dns_record").contains("us-south");

        browser.open(console("#/failures?status=all&node_name=" + NODE_03));
        assertThat(browser.untilText("#failures-table", "subnet_reserved_ip").getText()).contains("sandbox", "us-south");
        browser.script("document.querySelector('#filter-account').value = 'sandbox-2'");
        browser.find("#failure-filters button[type=submit]").click();
        browser.until("the account filter in the address", d -> d.getCurrentUrl().contains("account=sandbox-2"));
        browser.untilText("#failures-table", "None.");
        assertThat(browser.find("#failures-table").getText()).doesNotContain("subnet_reserved_ip");
    }
}
