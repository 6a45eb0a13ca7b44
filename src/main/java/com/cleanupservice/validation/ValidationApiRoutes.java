package com.cleanupservice.validation;

import com.cleanupservice.api.Api;
import org.apache.camel.BeanInject;
import org.apache.camel.builder.RouteBuilder;

/** The validation endpoints' Java side (REST definitions in {@code routes/validation.camel.yaml}). */
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
    }
}
