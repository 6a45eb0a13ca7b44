package com.cleanupservice.failures;

import com.cleanupservice.api.Api;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Response;
import org.apache.camel.BeanInject;
import org.apache.camel.builder.RouteBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/cleanup/failures} (filters node_name, deployment_id, resource_type, status) and {@code POST .../{id}/retry}. */
public final class FailureRoutes extends RouteBuilder {
    private static final String RETRY = "cleanupRetry";

    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;

    @Override
    public void configure() {
        Failures failures = new Failures(jdbc);

        from("direct:api-failures").routeId("api-failures").routeConfigurationId("api")
                .process(e -> api.write(e, 200, failures.list(api.query(e, "node_name"), api.query(e, "deployment_id"),
                        api.query(e, "resource_type"), api.query(e, "status"), api.query(e, "limit"))));

        from("direct:api-failure-retry").routeId("api-failure-retry").routeConfigurationId("api")
                .process(e -> {
                    Failures.Retry retry = failures.retry(e.getIn().getHeader("id", String.class), api.flag(e, "force"));
                    e.setProperty(RETRY, retry);
                    api.isolate(e, retry.request());
                })
                .toD("${exchangeProperty." + RETRY + ".endpoint}")
                .process(e -> {
                    Failures.Retry retry = e.getProperty(RETRY, Failures.Retry.class);
                    Response result = e.getIn().getBody(Response.class);
                    Map<String, Object> body = new LinkedHashMap<>(result.fields());
                    body.put("retried_failure_id", retry.failureId());
                    body.put("failure_status", failures.status(retry.failureId()).get("status"));
                    e.getIn().setBody(new Response(result.status(), body));
                })
                .process(api::respond);
    }

}
