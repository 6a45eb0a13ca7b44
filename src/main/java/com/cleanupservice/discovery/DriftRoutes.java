package com.cleanupservice.discovery;

import com.cleanupservice.api.Api;
import com.cleanupservice.ibm.IbmCalls;
import com.cleanupservice.ownership.Ownership;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.provisioner.Provisioner;
import com.cleanupservice.resources.ResourceTypes;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** {@code /api/cleanup/drift/...} (routes/drift.camel.yaml): the drift report and adoption of a node or deployment. */
public final class DriftRoutes extends RouteBuilder {
    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    ResourceTypes types;
    @BeanInject
    IbmCalls calls;
    @BeanInject
    Ownership ownership;

    @Override
    public void configure() {
        Drift drift = new Drift(jdbc, types, calls);
        getContext().getRegistry().bind("drift", drift);
        Adoption adoption = new Adoption(drift, new Provisioner(jdbc, types, ownership), jdbc);

        from("direct:api-drift-node").routeId("api-drift-node").routeConfigurationId("api")
                .process(e -> api.write(e, 200, drift.report(Drift.Target.node(id(e)))));
        from("direct:api-drift-deployment").routeId("api-drift-deployment").routeConfigurationId("api")
                .process(e -> api.write(e, 200, drift.report(Drift.Target.deployment(id(e)))));
        from("direct:api-drift-node-adopt").routeId("api-drift-node-adopt").routeConfigurationId("api")
                .process(e -> api.write(e, 200, adoption.adopt(Drift.Target.node(id(e)), api.jsonObject(e, false, Adoption.KEYS))));
        from("direct:api-drift-deployment-adopt").routeId("api-drift-deployment-adopt").routeConfigurationId("api")
                .process(e -> api.write(e, 200, adoption.adopt(Drift.Target.deployment(id(e)), api.jsonObject(e, false, Adoption.KEYS))));
    }

    private String id(Exchange e) {
        return api.pathId(e);
    }
}
