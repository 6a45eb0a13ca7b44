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
        from(ValidationEndpoints.API_VALIDATE_NODE).routeId("api-validate-node").routeConfigurationId("api")
                .process(e -> api.isolate(e, api.pathId(e)))
                .to(ValidationEndpoints.VALIDATE_NODE)
                .process(api::respond);

        from(ValidationEndpoints.API_VALIDATE_DEPLOYMENT).routeId("api-validate-deployment").routeConfigurationId("api")
                .process(e -> api.isolate(e, api.pathId(e)))
                .to(ValidationEndpoints.VALIDATE_DEPLOYMENT)
                .process(api::respond);

        from(ValidationEndpoints.API_RECONCILE_NODE).routeId("api-reconcile-node").routeConfigurationId("api")
                .process(e -> api.isolate(e, request(e, Reconciliation.NODE)))
                .to(ValidationEndpoints.RECONCILE)
                .process(api::respond);

        from(ValidationEndpoints.API_RECONCILE_DEPLOYMENT).routeId("api-reconcile-deployment").routeConfigurationId("api")
                .process(e -> api.isolate(e, request(e, Reconciliation.DEPLOYMENT)))
                .to(ValidationEndpoints.RECONCILE)
                .process(api::respond);
    }

    /** The path's id and the optional body {@code {"ids": [...]}} (any other key refused). */
    private Reconciliation.Request request(Exchange e, String kind) {
        String id = api.pathId(e);
        return new Reconciliation.Request(kind, id, Reconciliation.ids(api.jsonObject(e, true, Reconciliation.KEYS)));
    }
}
