package com.cleanupservice.api;

import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** {@code GET /api/openapi.json} ({@code routes/openapi.camel.yaml}): the {@link OpenApiDocument}, generated once. */
public final class OpenApiRoutes extends RouteBuilder {
    @BeanInject
    Api api;

    @Override
    public void configure() {
        OpenApiDocument document = new OpenApiDocument(getContext(), BuildInfo.version());
        from(ApiEndpoints.API_OPENAPI).routeId("api-openapi").routeConfigurationId("api")
                .process(e -> {
                    api.isolate(e, document.json());
                    e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                    e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
                });
    }
}
