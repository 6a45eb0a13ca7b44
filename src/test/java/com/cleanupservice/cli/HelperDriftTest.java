package com.cleanupservice.cli;

import com.cleanupservice.cli.HelperRun.Result;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cleanup-helper.sh drift} against the real service: resources created in the simulator behind tracking's back
 * show in the table with their owner and evidence, and only the typed name of the node adopts them. Each test seeds a
 * node of its own (all in the demo's management subnet) and names its drift after that node, so the tests share one
 * app without seeing each other's drift. Whether something was adopted is read from the database, not from the output.
 */
@SharedSandbox
class HelperDriftTest {
    private static final String SUBNET = DemoData.MANAGEMENT_SUBNET;
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    private static HelperRun helper() {
        return HelperRun.at(app.baseUrl());
    }

    /** A failed node of its own deployment, and behind tracking's back a VNI named after it with its reserved IP. */
    private static DemoData.Node nodeWithDrift(int id, String name) {
        DemoData.Node node = DemoData.node(id, name, "failed");
        DemoData.seed(app.jdbc(), sim, name + "-deployment", List.of(node), false);
        sim.createReservedIp(SUBNET, name + "-extra-ip", name + "-extra-ip", "10.240.200." + (id % 250 + 1), false);
        sim.createVirtualNetworkInterface(name + "-extra-vni", name + "-extra-vni", SUBNET, name + "-extra-ip", false);
        return node;
    }

    private static boolean tracked(String ibmId) {
        return !app.jdbc().rows("SELECT 1 FROM resource_owners WHERE ibm_id = ?", ibmId).isEmpty();
    }

    @Test
    void theTableShowsUntrackedResourcesWithOwnerAndEvidenceAndNothingIsAdoptedWithoutAnAnswer() {
        DemoData.Node node = nodeWithDrift(201, "cli-drift-201");

        Result r = helper().stdin("").run("drift", "node", node.name());

        assertThat(r.exit()).as("drift found, not adopted: " + r).isEqualTo(1);
        assertThat(r.stdout()).contains("Drift of node cli-drift-201 (deployment cli-drift-201-deployment): drift found",
                "Untracked (2):", "TYPE", "PLACE", "OWNER", "EVIDENCE", "Scanned: ", "list call(s)",
                "virtual_network_interfaces (sandbox/us-south) ");
        assertThat(row(r.stdout(), "cli-drift-201-extra-vni")).contains("virtual_network_interface", "sandbox/us-south",
                "node cli-drift-201",
                "named after node cli-drift-201 in subnet " + SUBNET);
        assertThat(row(r.stdout(), "cli-drift-201-extra-ip ")).contains("subnet_reserved_ip", "node cli-drift-201",
                "attached to untracked virtual_network_interface cli-drift-201-extra-vni");
        assertThat(r.stderr()).contains("Type 'cli-drift-201' to confirm", "Nothing adopted");
        assertThat(tracked("cli-drift-201-extra-vni")).isFalse();
        assertThat(tracked("cli-drift-201-extra-ip")).isFalse();

        // the numeric id asks for the same node, and the name (not the id) is what must be typed
        Result byId = helper().stdin("").run("drift", "node", "201");
        assertThat(byId.stderr()).as(byId.toString()).contains("Type 'cli-drift-201' to confirm");
    }

    @Test
    void aWrongConfirmationAdoptsNothing() {
        DemoData.Node node = nodeWithDrift(202, "cli-drift-202");

        for (String answer : List.of("cli-drift-201\n", "CLI-DRIFT-202\n", "yes\n", "cli-drift-202-deployment\n", "\n")) {
            Result r = helper().stdin(answer).run("drift", "node", node.name());

            // the database first: whatever the script says, nothing may have been adopted
            assertThat(tracked("cli-drift-202-extra-vni")).as(answer + r).isFalse();
            assertThat(tracked("cli-drift-202-extra-ip")).as(answer + r).isFalse();
            assertThat(r.exit()).as(answer + r).isEqualTo(2);
            assertThat(r.stderr()).contains("does not match 'cli-drift-202'", "nothing was adopted");
        }
    }

    @Test
    void theRightConfirmationAdoptsWhatTheTableShowed() {
        DemoData.Node node = nodeWithDrift(203, "cli-drift-203");

        Result r = helper().stdin(" cli-drift-203 \n").run("drift", "node", node.name());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("Confirmed.");
        assertThat(r.stdout()).contains("2 resource(s) adopted, 0 refused", "adopted  virtual_network_interface cli-drift-203-extra-vni",
                "cleanup-node cli-drift-203");
        for (String id : List.of("cli-drift-203-extra-vni", "cli-drift-203-extra-ip")) {
            assertThat(app.jdbc().rows("SELECT node_name FROM resource_owners WHERE ibm_id = ?", id))
                    .as(id).containsExactly(Map.of("node_name", "cli-drift-203"));
        }

        Result again = helper().stdin("").run("drift", "node", node.name());
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.stdout()).contains("no drift").doesNotContain("Untracked");
        assertThat(again.stderr()).doesNotContain("Type ");
    }

    @Test
    void missingRowsAreMarkedGoneOnlyWithMarkGone() {
        DemoData.Node node = DemoData.node(204, "cli-drift-204", "failed");
        DemoData.seed(app.jdbc(), sim, "cli-drift-204-deployment", List.of(node), false);
        // recorded by the provisioner, then deleted by hand in IBM Cloud (here: never created there)
        String gone = "A:cli-drift-204-deleted-by-hand";
        SandboxApp.Reply recorded = app.post("/api/nodes/" + node.name() + "/resources", "{\"type\": \"dns_record\", \"id\": \""
                + gone + "\", \"record_name\": \"" + node.name() + "-old." + DemoData.ZONE_NAME + "\", \"record_type\": \"A\", "
                + "\"rdata\": \"10.240.204.70\", \"dns_instance_id\": \"" + DemoData.DNS_INSTANCE + "\", \"dns_zone_id\": \""
                + DemoData.DNS_ZONE + "\"}");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);

        Result shown = helper().stdin("").run("drift", "node", node.name());
        assertThat(shown.exit()).as(shown.toString()).isEqualTo(1);
        assertThat(row(shown.stdout(), gone)).contains("dns_record", "node cli-drift-204", "PRESENT");
        assertThat(shown.stderr()).contains("drift node cli-drift-204 --mark-gone").doesNotContain("Type ");

        Result wrong = helper().stdin("nope\n").run("drift", "node", node.name(), "--mark-gone");
        assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(2);
        assertThat(state(gone)).isEqualTo("PRESENT");

        Result marked = helper().stdin("cli-drift-204\n").run("drift", "node", node.name(), "--mark-gone");
        assertThat(marked.exit()).as(marked.toString()).isZero();
        assertThat(marked.stderr()).contains("mark 1 missing row(s) GONE");
        assertThat(marked.stdout()).contains("GONE     dns_record " + gone);
        assertThat(state(gone)).isEqualTo("GONE");
    }

    @Test
    void jsonIsTheReportAndAdoptsNothing() throws Exception {
        DemoData.Node node = nodeWithDrift(205, "cli-drift-205");

        Result r = helper().stdin("cli-drift-205\n").run("--json", "drift", "node", node.name());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(r.stdout());
        assertThat(report.get("untracked")).hasSize(2);
        assertThat(tracked("cli-drift-205-extra-vni")).isFalse();
    }

    @Test
    void usageErrorsAndUnknownTargets() {
        assertThat(helper().run("drift", "--help").stdout()).contains("Usage: cleanup-helper.sh drift <node|deployment> <id>",
                "--mark-gone", "type the node name");
        for (List<String> bad : List.of(List.of("drift"), List.of("drift", "nodes", "x"), List.of("drift", "node"),
                List.of("drift", "node", "x", "y"), List.of("drift", "node", "x", "--all"))) {
            Result r = helper().run(bad.toArray(String[]::new));
            assertThat(r.exit()).as(bad + " " + r).isEqualTo(2);
            assertThat(r.stderr()).contains("Usage: cleanup-helper.sh drift");
        }
        Result unknown = helper().run("drift", "node", "no-such-node");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("HTTP 404");
        Result nodeAsDeployment = helper().run("drift", "deployment", "nutanix-poc-bm-node-03");
        assertThat(nodeAsDeployment.exit()).isEqualTo(2);
        assertThat(nodeAsDeployment.stderr()).contains("is a node, not a deployment", "drift node nutanix-poc-bm-node-03");
    }

    /** The table line that holds {@code id}. */
    private static String row(String output, String id) {
        return output.lines().filter(l -> l.contains(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + id + " in\n" + output));
    }

    private static String state(String recordId) {
        return String.valueOf(app.jdbc().rows("SELECT state FROM dns_records WHERE record_id = ?", recordId)
                .get(0).get("state"));
    }
}
