package com.cleanupservice.status;

import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every listing of resources shows where each lives and filters by it (issue 24): the resources of a node, the
 * failures and a run's report carry {@code account} and {@code region} (the default's names for a row recorded without
 * them, no region for DNS), take {@code ?account=} and {@code ?region=}, and refuse a place that is not configured. On
 * the shared application: deployment {@code pv-dep} with node {@code pv-eu} in eu-de of sandbox-2 and {@code pv-home}
 * recorded without a place, whose cleanup leaves one failure in each place.
 */
@SharedSandbox
class PlaceViewsTest {
    private static final String EU = "eu-de";
    private static final String SECOND = "sandbox-2";
    private static final String DEFAULT_REGION = "us-south";
    private static final String DEFAULT_ACCOUNT = "sandbox";

    private static SandboxApp app;
    private static String runId;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        record("pv-eu", ", \"account\": \"" + SECOND + "\", \"region\": \"" + EU + "\"", ", \"account\": \"" + SECOND + "\"");
        record("pv-home", "", "");
        // one deletion refused in each place: a failure of each
        app.simulator().faults().add(FaultRule.status("delete_floating_ip", 403).resourceId("pv-eu-fip"));
        app.simulator().faults().add(FaultRule.status("delete_floating_ip", 403).resourceId("pv-home-fip"));
        Reply cleanup = app.post("/api/cleanup/deployment/pv-dep");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(207);
        app.simulator().faults().clear();
        runId = app.get("/api/cleanup/failures?deployment_id=pv-dep").json().at("/failures/0/run_id").asText();
    }

    @AfterAll
    static void clearFaults() {
        app.simulator().faults().clear();
    }

    /** A node's server, floating IP and DNS record, created in the simulator where they live and recorded there. */
    private static void record(String name, String place, String accountOnly) {
        simCreate("{\"kind\": \"bare_metal_server\", \"id\": \"" + name + "-srv\"" + place + "}");
        simCreate("{\"kind\": \"floating_ip\", \"id\": \"" + name + "-fip\"" + place + "}");
        simCreate("{\"kind\": \"dns_record\", \"id\": \"" + name + "-rec\", \"instance_id\": \"pv-inst\", \"zone_id\": \"pv-zone\","
                + " \"name\": \"" + name + ".example.com\", \"type\": \"A\", \"rdata\": \"10.9.8.7\"" + accountOnly + "}");
        Reply node = app.post("/api/nodes", "{\"node_name\": \"" + name + "\", \"deployment_id\": \"pv-dep\", \"deployment_status\": "
                + "\"failed\", \"bare_metal_id\": \"" + name + "-srv\"" + place + "}");
        assertThat(node.status()).as(node.body()).isEqualTo(201);
        for (String resource : List.of("{\"type\": \"floating_ip\", \"id\": \"" + name + "-fip\"}",
                "{\"type\": \"dns_record\", \"id\": \"" + name + "-rec\", \"record_type\": \"A\", \"dns_instance_id\": \"pv-inst\","
                        + " \"dns_zone_id\": \"pv-zone\"}")) {
            Reply recorded = app.post("/api/nodes/" + name + "/resources", resource);
            assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        }
    }

    private static void simCreate(String json) {
        Reply created = app.send(HttpRequest.newBuilder(URI.create(app.simulator().baseUrl() + "/sim/resources"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static List<String> places(JsonNode rows, String idField) {
        List<String> places = new ArrayList<>();
        rows.forEach(r -> places.add(r.get(idField).asText() + " " + r.get("account").asText() + " "
                + (r.get("region").isNull() ? "-" : r.get("region").asText())));
        return places;
    }

    @Test
    void aNodesResourcesAreFilteredByAccountAndRegion() {
        assertThat(places(app.get("/api/cleanup/resources?node_name=pv-home").json().get("resources"), "resource_id"))
                .as("recorded without a place: the default's names, no region for DNS")
                .containsExactlyInAnyOrder("pv-home-srv sandbox us-south", "pv-home-fip sandbox us-south", "pv-home-rec sandbox -");
        JsonNode eu = app.get("/api/cleanup/resources?node_name=pv-eu&region=" + EU).json();
        assertThat(places(eu.get("resources"), "resource_id")).containsExactlyInAnyOrder("pv-eu-srv sandbox-2 eu-de", "pv-eu-fip sandbox-2 eu-de");
        assertThat(eu.get("count").asInt()).isEqualTo(2);
        assertThat(places(app.get("/api/cleanup/resources?node_name=pv-eu&account=" + SECOND).json().get("resources"), "resource_id"))
                .hasSize(3);
        assertThat(app.get("/api/cleanup/resources?node_name=pv-eu&account=" + DEFAULT_ACCOUNT).json().get("count").asInt()).isZero();
        assertThat(app.get("/api/cleanup/resources?node_name=pv-home&account=" + DEFAULT_ACCOUNT + "&region=" + DEFAULT_REGION)
                .json().get("count").asInt()).as("NULL rows are the default's").isEqualTo(2);
    }

    @Test
    void failuresShowWhereTheirResourceLivesAndAreFilteredByIt() {
        JsonNode all = app.get("/api/cleanup/failures?deployment_id=pv-dep").json();
        assertThat(places(all.get("failures"), "resource_id")).containsExactlyInAnyOrder("pv-eu-fip sandbox-2 eu-de", "pv-home-fip sandbox us-south");
        assertThat(places(app.get("/api/cleanup/failures?deployment_id=pv-dep&account=" + SECOND).json().get("failures"), "resource_id"))
                .containsExactly("pv-eu-fip sandbox-2 eu-de");
        assertThat(places(app.get("/api/cleanup/failures?deployment_id=pv-dep&region=" + DEFAULT_REGION).json().get("failures"), "resource_id"))
                .containsExactly("pv-home-fip sandbox us-south");
        assertThat(app.get("/api/cleanup/failures?deployment_id=pv-dep&account=" + DEFAULT_ACCOUNT + "&region=" + EU).json()
                .get("count").asInt()).isZero();
    }

    @Test
    void aRunsReportShowsEachLinesPlaceAndIsFilteredByIt() {
        JsonNode report = app.get("/api/cleanup/runs/" + runId + "/report").json();
        assertThat(places(report, "ibm_id")).containsExactlyInAnyOrder("pv-eu-srv sandbox-2 eu-de", "pv-eu-fip sandbox-2 eu-de",
                "pv-eu-rec sandbox-2 -", "pv-home-srv sandbox us-south", "pv-home-fip sandbox us-south", "pv-home-rec sandbox -");
        assertThat(places(app.get("/api/cleanup/runs/" + runId + "/report?region=" + EU).json(), "ibm_id"))
                .containsExactlyInAnyOrder("pv-eu-srv sandbox-2 eu-de", "pv-eu-fip sandbox-2 eu-de");
        assertThat(places(app.get("/api/cleanup/runs/" + runId + "/report?account=" + DEFAULT_ACCOUNT).json(), "ibm_id"))
                .containsExactlyInAnyOrder("pv-home-srv sandbox us-south", "pv-home-fip sandbox us-south", "pv-home-rec sandbox -");
        String csv = app.get("/api/cleanup/runs/" + runId + "/report?format=csv&account=" + SECOND + "&region=" + EU).body();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).endsWith(",ended_at,account,region");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).endsWith(",sandbox-2,eu-de");
    }

    @Test
    void aRunsOperationsShowTheirPlaceAndAreFilteredByIt() {
        JsonNode all = app.get("/api/cleanup/runs/" + runId + "/operations").json();
        assertThat(places(all.get("operations"), "resource_id")).containsExactlyInAnyOrder("pv-eu-srv sandbox-2 eu-de",
                "pv-eu-fip sandbox-2 eu-de", "pv-eu-rec sandbox-2 -", "pv-home-srv sandbox us-south", "pv-home-fip sandbox us-south",
                "pv-home-rec sandbox -");
        JsonNode page = app.get("/api/cleanup/runs/" + runId + "/operations?limit=1&account=" + SECOND).json();
        assertThat(places(page.get("operations"), "resource_id")).hasSize(1).allMatch(p -> p.contains(" sandbox-2 "));
        assertThat(page.get("next").asText()).endsWith("&account=" + SECOND);
        List<String> second = new ArrayList<>();
        String next = page.get("next").asText();
        while (!next.equals("null")) {
            JsonNode more = app.get(next).json();
            second.addAll(places(more.get("operations"), "resource_id"));
            next = more.get("next").asText();
        }
        assertThat(second).as("the pages after the first, filtered alike").hasSize(2).allMatch(p -> p.contains(" sandbox-2 "));
    }

    @Test
    void aPlaceThatIsNotConfiguredIsRefusedNamingTheConfiguredOnes() {
        for (String path : List.of("/api/cleanup/resources?node_name=pv-eu", "/api/cleanup/failures?deployment_id=pv-dep",
                "/api/cleanup/runs/" + runId + "/report", "/api/cleanup/runs/" + runId + "/operations")) {
            String and = path.contains("?") ? "&" : "?";
            Reply account = app.get(path + and + "account=nobody");
            assertThat(account.status()).as(path).isEqualTo(400);
            assertThat(account.json().get("error").asText()).contains("nobody").contains(DEFAULT_ACCOUNT).contains(SECOND);
            Reply region = app.get(path + and + "region=jp-tok");
            assertThat(region.status()).as(path).isEqualTo(400);
            assertThat(region.json().get("error").asText()).contains("jp-tok").contains(DEFAULT_REGION).contains(EU);
        }
    }

    @Test
    void theConfiguredAccountsAreListedWithoutSecrets() {
        Reply reply = app.get("/api/accounts");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode accounts = reply.json();
        assertThat(accounts.get("default_account").asText()).isEqualTo(DEFAULT_ACCOUNT);
        assertThat(accounts.get("default_region").asText()).isEqualTo(DEFAULT_REGION);
        assertThat(accounts.get("accounts").findValuesAsText("name")).containsExactly(DEFAULT_ACCOUNT, SECOND);
        JsonNode first = accounts.at("/accounts/0");
        assertThat(first.get("is_default").asBoolean()).isTrue();
        assertThat(first.get("is_protected").asBoolean()).isFalse();
        assertThat(first.get("regions").toString()).isEqualTo("[\"us-south\",\"eu-de\"]");
        assertThat(accounts.at("/accounts/1/is_default").asBoolean()).isFalse();
        assertThat(reply.body()).doesNotContainIgnoringCase("key").doesNotContain("\"id\"");
    }
}
