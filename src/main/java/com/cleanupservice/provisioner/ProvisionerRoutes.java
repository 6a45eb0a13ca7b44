package com.cleanupservice.provisioner;

import com.cleanupservice.api.Api;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.ownership.Ownership;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Response;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.runs.AsyncRuns;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.util.LinkedHashMap;
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
    AsyncRuns asyncRuns;
    @BeanInject
    Ownership ownership;

    @Override
    public void configure() {
        Provisioner provisioner = new Provisioner(jdbc, types, ownership);

        from("direct:api-register-node").routeId("api-register-node").routeConfigurationId("api")
                .process(e -> {
                    Map<String, Object> answer = provisioner.register(api.jsonObject(e, false, Provisioner.REGISTER_KEYS));
                    api.write(e, Boolean.TRUE.equals(answer.get("created")) ? 201 : 200, answer);
                });

        from("direct:api-track-node-resource").routeId("api-track-node-resource").routeConfigurationId("api")
                .process(e -> tracked(e, provisioner.track(name(e), null, api.jsonObject(e, false, provisioner.anyRecordKeys()))));

        from("direct:api-track-deployment-resource").routeId("api-track-deployment-resource").routeConfigurationId("api")
                .process(e -> tracked(e, provisioner.track(null, api.pathId(e), api.jsonObject(e, false, provisioner.anyRecordKeys()))));

        from("direct:api-node-failed").routeId("api-node-failed").routeConfigurationId("api")
                .process(e -> {
                    Provisioner.Failure failure = provisioner.fail(name(e), api.jsonObject(e, true, Provisioner.FAILED_KEYS),
                            api.flag(e, "force"));
                    api.isolate(e, failure.cleanupDue() ? cleanupStarted(failure) : recordedOnly(failure));
                })
                .process(api::respond);
    }

    /** The seed's automatic cleanup: the node is failed now, its cleanup a run (202). */
    private Response cleanupStarted(Provisioner.Failure failure) {
        Response accepted = asyncRuns.accept("node", failure.nodeName(), "provisioner", "direct:cleanup-node",
                CleanupRequest.ofNodeName(failure.nodeName(), false, false, "provisioner"), false, false);
        Map<String, Object> body = new LinkedHashMap<>(accepted.fields());
        body.put("message", "Node " + failure.nodeName() + " marked " + failure.nodeStatus() + "; its cleanup runs in the background");
        body.put("cleanup_started", true);
        body.put("node_name", failure.nodeName());
        body.put("deployment_status", failure.nodeStatus());
        return new Response(accepted.status(), body);
    }

    /** A deployed node's failure: recorded, nothing started (200). */
    private static Response recordedOnly(Provisioner.Failure failure) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "Node " + failure.nodeName() + " is deployed (live): the failure (" + failure.reportedStatus()
                + ") was recorded and no cleanup was started. To clean it up: POST /api/nodes/" + failure.nodeName()
                + "/failed?force=true, or POST /api/cleanup/node/" + failure.nodeName() + "?force=true");
        body.put("cleanup_started", false);
        body.put("node_name", failure.nodeName());
        body.put("deployment_status", failure.nodeStatus());
        body.put("reported_status", failure.reportedStatus());
        body.put("reason", failure.reason());
        body.put("timestamp", java.time.Instant.now().toString());
        return new Response(200, body);
    }

    private void tracked(Exchange e, Map<String, Object> answer) {
        api.write(e, Boolean.TRUE.equals(answer.get("created")) ? 201 : 200, answer);
    }

    private String name(Exchange e) {
        String name = e.getIn().getHeader("name", String.class);
        if (name == null || !Input.ID.matcher(name).matches()) {
            throw Refusal.badRequest("invalid node name");
        }
        return name;
    }
}
