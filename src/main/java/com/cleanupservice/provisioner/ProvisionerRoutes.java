package com.cleanupservice.provisioner;

import com.cleanupservice.api.Api;
import com.cleanupservice.api.schema.NodeFailureCleanupStarted;
import com.cleanupservice.api.schema.NodeFailureRecorded;
import com.cleanupservice.api.schema.NodeRegistered;
import com.cleanupservice.api.schema.ResourceTracked;
import com.cleanupservice.cleanup.CleanupEndpoints;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.ownership.Ownership;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Response;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.runs.RunQueue;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.util.Map;

/**
 * Provisioner hooks: {@code POST /api/nodes}, {@code POST /api/nodes/{name}/resources},
 * {@code POST /api/deployments/{id}/resources} and {@code POST /api/nodes/{name}/failed}, which starts the node's
 * cleanup as an asynchronous run (the answer carries its run id).
 */
public final class ProvisionerRoutes extends RouteBuilder {
    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    ResourceTypes types;
    @BeanInject
    RunQueue runQueue;
    @BeanInject
    Ownership ownership;
    @BeanInject
    IbmClients ibmClients;

    @Override
    public void configure() {
        Provisioner provisioner = new Provisioner(jdbc, types, ownership, ibmClients.accounts());

        from(ProvisionerEndpoints.API_REGISTER_NODE).routeId("api-register-node").routeConfigurationId("api")
                .process(e -> {
                    NodeRegistered answer = provisioner.register(api.jsonObject(e, false, Provisioner.REGISTER_KEYS));
                    api.write(e, answer.created() ? 201 : 200, answer);
                });

        from(ProvisionerEndpoints.API_TRACK_NODE_RESOURCE).routeId("api-track-node-resource").routeConfigurationId("api")
                .process(e -> tracked(e, provisioner.track(name(e), null, api.jsonObject(e, false, provisioner.anyRecordKeys()))));

        from(ProvisionerEndpoints.API_TRACK_DEPLOYMENT_RESOURCE).routeId("api-track-deployment-resource").routeConfigurationId("api")
                .process(e -> tracked(e, provisioner.track(null, api.pathId(e), api.jsonObject(e, false, provisioner.anyRecordKeys()))));

        from(ProvisionerEndpoints.API_NODE_FAILED).routeId("api-node-failed").routeConfigurationId("api")
                .process(e -> {
                    Provisioner.Failure failure = provisioner.fail(name(e), api.jsonObject(e, true, Provisioner.FAILED_KEYS),
                            api.flag(e, "force"));
                    api.isolate(e, failure.cleanupDue() ? cleanupStarted(failure) : recordedOnly(failure));
                })
                .process(api::respond);
    }

    /** The seed's automatic cleanup: the node is failed now, its cleanup a run (202). */
    private Response cleanupStarted(Provisioner.Failure failure) {
        Response accepted = runQueue.accept("node", failure.nodeName(), "provisioner", CleanupEndpoints.CLEANUP_NODE,
                CleanupRequest.ofNodeName(failure.nodeName(), false, false, "provisioner"), false, false);
        Map<String, Object> run = accepted.fields();
        return new Response(accepted.status(), new NodeFailureCleanupStarted("Node " + failure.nodeName() + " marked "
                + failure.nodeStatus() + "; its cleanup runs in the background", (String) run.get("run_id"), (String) run.get("state"),
                (String) run.get("status_url"), (String) run.get("timestamp"), true, failure.nodeName(), failure.nodeStatus()));
    }

    /** A deployed node's failure: recorded, nothing started (200). */
    private static Response recordedOnly(Provisioner.Failure failure) {
        return new Response(200, new NodeFailureRecorded("Node " + failure.nodeName() + " is deployed (live): the failure ("
                + failure.reportedStatus() + ") was recorded and no cleanup was started. To clean it up: POST /api/nodes/"
                + failure.nodeName() + "/failed?force=true, or POST /api/cleanup/node/" + failure.nodeName() + "?force=true",
                false, failure.nodeName(), failure.nodeStatus(), failure.reportedStatus(), failure.reason(), java.time.Instant.now().toString()));
    }

    private void tracked(Exchange e, ResourceTracked answer) {
        api.write(e, answer.created() ? 201 : 200, answer);
    }

    private String name(Exchange e) {
        String name = e.getIn().getHeader("name", String.class);
        if (name == null || !Input.ID.matcher(name).matches()) {
            throw Refusal.badRequest("invalid node name");
        }
        return name;
    }
}
