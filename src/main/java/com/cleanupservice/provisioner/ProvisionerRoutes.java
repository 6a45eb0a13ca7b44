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
                    String node = provisioner.fail(name(e), api.jsonObject(e, true, Provisioner.FAILED_KEYS));
                    Response accepted = asyncRuns.accept("node", node, "provisioner", "direct:cleanup-node",
                            CleanupRequest.of(node, false, false, "provisioner"), false, false);
                    api.isolate(e, accepted);
                })
                .process(api::respond);
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
