package com.cleanupservice.status;

import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.testsupport.SandboxApp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The overall status from the counters is what a GROUP BY over every node says, after the service's own writes. */
class OverallStatusTest {
    private static SandboxApp app;

    @BeforeAll
    static void start() {
        app = SandboxApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** Every figure of the answer against a recount of the node rows. */
    private static JsonNode assertOverallIsARecount() {
        JsonNode answer = app.get("/api/cleanup/status").json();
        Map<String, Long> recount = new NodeStatusCounts(app.jdbc()).recount();
        Map<String, Long> answered = new LinkedHashMap<>();
        answer.get("overall_status").fields().forEachRemaining(f -> answered.put(f.getKey(), f.getValue().asLong()));

        assertThat(answered).isEqualTo(recount);
        assertThat(answer.get("total_nodes").asLong()).isEqualTo(recount.values().stream().mapToLong(Long::longValue).sum());
        assertThat(answer.get("cleanup_needed").asLong()).isEqualTo(recount.entrySet().stream()
                .filter(e -> NodeStatus.in(NodeStatus.NEEDS_CLEANUP, e.getKey())).mapToLong(Map.Entry::getValue).sum());
        assertThat(answer.get("cleanup_completed").asLong())
                .isEqualTo(recount.getOrDefault(NodeStatus.CLEANUP_COMPLETED.value(), 0L));
        assertThat(answer.has("cleanups_running") && answer.has("open_failures") && answer.has("ownership_disputes")
                && answer.has("timestamp")).as(answer.toString()).isTrue();
        return answer;
    }

    @Test
    void overallFollowsProvisionerAndCleanups() {
        long before = assertOverallIsARecount().get("total_nodes").asLong();

        for (String name : new String[] {"counted-1", "counted-2", "counted-3"}) {
            assertThat(app.post("/api/nodes", "{\"node_name\":\"" + name + "\",\"deployment_id\":\"counted-dep\"}").status())
                    .isEqualTo(201);
        }
        assertThat(assertOverallIsARecount().get("total_nodes").asLong()).isEqualTo(before + 3);

        // a failure report starts an asynchronous cleanup of the node: failed, in progress, completed
        SandboxApp.Reply failed = app.post("/api/nodes/counted-1/failed", "{\"reason\":\"PXE boot timed out\"}");
        assertThat(failed.status()).as(failed.body()).isEqualTo(202);
        app.awaitRunEnd(failed.json().get("run_id").asText());
        assertOverallIsARecount();

        assertThat(app.post("/api/cleanup/node/1").status()).isEqualTo(200);
        JsonNode after = assertOverallIsARecount();
        assertThat(after.at("/overall_status/cleanup_completed").asLong()).isGreaterThanOrEqualTo(2);
    }

    /** The deployment view reads tracked rows per node by name (V14's note): a node's own rows, and only its. */
    @Test
    void deploymentViewCountsEachNodesOpenRows() {
        for (String name : new String[] {"dv-1", "dv-2"}) {
            assertThat(app.post("/api/nodes", "{\"node_name\":\"" + name + "\",\"deployment_id\":\"dv-dep\"}").status())
                    .isEqualTo(201);
        }
        assertThat(app.post("/api/nodes/dv-2/resources",
                "{\"type\":\"virtual_network_interface\",\"id\":\"vni-dv-2\",\"name\":\"dv-2-vni\",\"vnic_type\":\"management_vni\"}")
                .status()).isEqualTo(201);
        assertThat(app.post("/api/nodes/dv-2/resources",
                "{\"type\":\"dns_record\",\"id\":\"A:dv-2\",\"record_name\":\"dv-2.example\",\"dns_instance_id\":\"i\",\"dns_zone_id\":\"z\"}")
                .status()).isEqualTo(201);
        app.jdbc().update("UPDATE vnic_info SET state = 'GONE' WHERE vnic_id = 'vni-dv-2'");

        JsonNode d = app.get("/api/cleanup/status?deployment_id=dv-dep").json();

        assertThat(d.get("total_nodes").asInt()).isEqualTo(2);
        assertThat(d.at("/node_statuses/0/node_name").asText()).isEqualTo("dv-1");
        assertThat(d.at("/node_statuses/0/resources_left").asLong()).isZero();
        assertThat(d.at("/node_statuses/1/resources_left").asLong()).as(d.toString()).isEqualTo(1);
        assertThat(app.get("/api/cleanup/status?node_name=dv-2").json().get("resources_left").asLong()).isEqualTo(1);
    }
}
