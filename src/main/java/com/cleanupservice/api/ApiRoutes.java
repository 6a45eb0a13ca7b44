package com.cleanupservice.api;

import org.apache.camel.BeanInject;
import org.apache.camel.builder.RouteBuilder;

/**
 * The API's Java side: the REST DSL in {@code routes/api.camel.yaml} hands each request to one of these routes, which
 * authorize, read the request, call the pipeline and write the answer.
 */
public final class ApiRoutes extends RouteBuilder {

    @BeanInject
    Api api;

    @Override
    public void configure() {
        from("direct:api-cleanup-node").routeId("api-cleanup-node").routeConfigurationId("api")
                .process(api::authorize)
                .process(e -> api.isolate(e, api.cleanupRequest(e, "api")))
                .to("direct:cleanup-node")
                .process(api::respond);

        from("direct:api-cleanup-deployment").routeId("api-cleanup-deployment").routeConfigurationId("api")
                .process(api::authorize)
                .process(e -> api.isolate(e, api.cleanupRequest(e, "api")))
                .to("direct:cleanup-deployment")
                .process(api::respond);
    }
}
