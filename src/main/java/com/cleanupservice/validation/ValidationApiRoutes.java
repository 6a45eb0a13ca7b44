package com.cleanupservice.validation;

import com.cleanupservice.api.Api;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** The validation and reconcile endpoints' Java side (REST definitions in {@code routes/validation.camel.yaml}). */
public final class ValidationApiRoutes extends RouteBuilder {

    @BeanInject
    Api api;

    @Override
    public void configure() {
        from("direct:api-validate-node").routeId("api-validate-node").routeConfigurationId("api")
                .process(e -> api.isolate(e, api.pathId(e)))
                .to("direct:validate-node")
                .process(api::respond);

        from("direct:api-validate-deployment").routeId("api-validate-deployment").routeConfigurationId("api")
                .process(e -> api.isolate(e, api.pathId(e)))
                .to("direct:validate-deployment")
                .process(api::respond);

        from("direct:api-reconcile-node").routeId("api-reconcile-node").routeConfigurationId("api")
                .process(e -> api.isolate(e, request(e, Reconciliation.NODE)))
                .to("direct:reconcile")
                .process(api::respond);

        from("direct:api-reconcile-deployment").routeId("api-reconcile-deployment").routeConfigurationId("api")
                .process(e -> api.isolate(e, request(e, Reconciliation.DEPLOYMENT)))
                .to("direct:reconcile")
                .process(api::respond);
    }

    /** The path's id and the optional body {@code {"ids": [...]}} (any other key refused). */
    private Reconciliation.Request request(Exchange e, String kind) {
        String id = api.pathId(e);
        return new Reconciliation.Request(kind, id, Reconciliation.ids(api.jsonObject(e, true, Reconciliation.KEYS)));
    }
}
