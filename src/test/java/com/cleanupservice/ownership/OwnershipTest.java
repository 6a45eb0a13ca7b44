package com.cleanupservice.ownership;

import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * An IBM id belongs to one owner: recording another node's id is refused by the database (409 naming the owner), and
 * a cleanup never deletes an id someone outside it still tracks, even if such a row got in around the rule.
 */
@SharedSandbox
class OwnershipTest {
    private static SandboxApp app;
    private static IbmCloudSimulator sim;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
    }

    @Test
    void aThiefCannotRecordALiveNodesServerAndItsCleanupLeavesTheServerAlone() {
        String server = column("SELECT bare_metal_id FROM nodes WHERE node_name = 'nutanix-poc-bm-node-02'");
        assertThat(app.post("/api/nodes", "{\"node_name\":\"thief\",\"deployment_id\":\"heist\",\"deployment_status\":\"failed\"}").status())
                .isEqualTo(201);

        Reply stolen = track("thief", "{\"type\":\"bare_metal_server\",\"id\":\"" + server + "\"}");

        assertThat(stolen.status()).as(stolen.body()).isEqualTo(409);
        assertThat(stolen.json().get("error").asText()).contains("nutanix-poc-bm-node-02").contains(server);
        assertThat(stolen.json().at("/owner/node_name").asText()).isEqualTo("nutanix-poc-bm-node-02");
        assertThat(column("SELECT COALESCE(bare_metal_id, '-') FROM nodes WHERE node_name = 'thief'")).isEqualTo("-");

        Reply cleanup = app.post("/api/cleanup/node/thief");
        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        assertThat(sim.exists("bare_metal_server", server)).isTrue();
        assertThat(column("SELECT deployment_status FROM nodes WHERE node_name = 'nutanix-poc-bm-node-02'")).isEqualTo("deployed");
        assertThat(column("SELECT bare_metal_state FROM nodes WHERE node_name = 'nutanix-poc-bm-node-02'")).isEqualTo("PRESENT");
    }

    @Test
    void everyTypeIsExclusiveAndTheSameRecordStaysIdempotent() {
        app.post("/api/nodes", "{\"node_name\":\"magpie\",\"deployment_id\":\"heist\",\"deployment_status\":\"failed\"}");
        String vni = column("SELECT vnic_id FROM vnic_info WHERE node_name = 'nutanix-poc-bm-node-01' ORDER BY id LIMIT 1");
        String record = column("SELECT record_id FROM dns_records WHERE node_name IS NULL LIMIT 1");

        Reply vniElsewhere = track("magpie", "{\"type\":\"virtual_network_interface\",\"id\":\"" + vni + "\"}");
        assertThat(vniElsewhere.status()).isEqualTo(409);
        assertThat(vniElsewhere.json().get("error").asText()).contains("nutanix-poc-bm-node-01");
        Reply clusterRecord = track("magpie", "{\"type\":\"dns_record\",\"id\":\"" + record + "\",\"dns_instance_id\":\"i\",\"dns_zone_id\":\"z\"}");
        assertThat(clusterRecord.status()).isEqualTo(409);
        assertThat(clusterRecord.json().get("error").asText()).contains("deployment demo-deployment");

        assertThat(track("magpie", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-magpie\"}").status()).isEqualTo(201);
        Reply again = track("magpie", "{\"type\":\"virtual_network_interface\",\"id\":\"vni-magpie\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("message").asText()).contains("Already tracking").contains("magpie");
        Reply otherType = track("magpie", "{\"type\":\"subnet_reserved_ip\",\"id\":\"vni-magpie\",\"subnet_id\":\"s\"}");
        assertThat(otherType.status()).as("one id, one resource").isEqualTo(409);
        assertThat(app.post("/api/nodes", "{\"node_name\":\"crow\",\"deployment_id\":\"heist\",\"bare_metal_id\":\""
                + column("SELECT bare_metal_id FROM nodes WHERE node_name = 'nutanix-poc-bm-node-03'") + "\"}").status())
                .as("registering with another node's server").isEqualTo(409);
    }

    @Test
    void aRowThatGotInAroundTheRuleIsBlockedNotDeleted() {
        String server = column("SELECT bare_metal_id FROM nodes WHERE node_name = 'nutanix-poc-bm-node-02'");
        app.post("/api/nodes", "{\"node_name\":\"sneak\",\"deployment_id\":\"heist\",\"deployment_status\":\"failed\"}");
        // as a provisioner writing SQL with the rule switched off would
        app.jdbc().inTransaction(tx -> {
            tx.update("ALTER TABLE nodes DISABLE TRIGGER nodes_claim_ownership");
            tx.update("UPDATE nodes SET bare_metal_id = ? WHERE node_name = 'sneak'", server);
            tx.update("ALTER TABLE nodes ENABLE TRIGGER nodes_claim_ownership");
            return null;
        });

        Reply dryRun = app.post("/api/cleanup/node/sneak?dry_run=true");
        assertThat(dryRun.body()).contains("also tracked by node nutanix-poc-bm-node-02");
        Reply cleanup = app.post("/api/cleanup/node/sneak");

        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(207);
        JsonNode op = cleanup.json().at("/details/0/operations/0");
        assertThat(op.get("outcome").asText()).isEqualTo("BLOCKED");
        assertThat(op.get("message").asText()).contains("nutanix-poc-bm-node-02");
        assertThat(sim.exists("bare_metal_server", server)).isTrue();
        assertThat(sim.stats().count("delete_bare_metal_server", server)).isZero();
        assertThat(column("SELECT bare_metal_state FROM nodes WHERE node_name = 'sneak'")).isEqualTo("BLOCKED");
        assertThat(app.get("/api/cleanup/failures?node_name=sneak").json().toString()).contains("BLOCKED").contains(server);
    }

    private static Reply track(String node, String json) {
        return app.post("/api/nodes/" + node + "/resources", json);
    }

    private static String column(String sql) {
        return String.valueOf(app.jdbc().rows(sql).get(0).values().iterator().next());
    }
}
