package com.cleanupservice.failures;

import com.cleanupservice.api.Api;
import com.cleanupservice.api.schema.FailureRetry;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.report.Response;
import org.apache.camel.BeanInject;
import org.apache.camel.builder.RouteBuilder;


/** {@code GET /api/cleanup/failures} (filters node_name, deployment_id, resource_type, status, account, region) and {@code POST .../{id}/retry}. */
public final class FailureRoutes extends RouteBuilder {
    private static final String RETRY = "cleanupRetry";

    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    ResourceTypes types;
    @BeanInject
    IbmClients ibmClients;

    @Override
    public void configure() {
        Failures failures = new Failures(jdbc, types, ibmClients.accounts());

        from(FailureEndpoints.API_FAILURES).routeId("api-failures").routeConfigurationId("api")
                .process(e -> api.write(e, 200, failures.list(api.query(e, "node_name"), api.query(e, "deployment_id"),
                        api.query(e, "resource_type"), api.query(e, "status"), api.query(e, "limit"),
                        api.query(e, "account"), api.query(e, "region"))));

        from(FailureEndpoints.API_FAILURE_RETRY).routeId("api-failure-retry").routeConfigurationId("api")
                .process(e -> {
                    Failures.Retry retry = failures.retry(e.getIn().getHeader("id", String.class), api.flag(e, "force"));
                    e.setProperty(RETRY, retry);
                    api.isolate(e, retry.request());
                })
                .toD("${exchangeProperty." + RETRY + ".endpoint}")
                .process(e -> {
                    Failures.Retry retry = e.getProperty(RETRY, Failures.Retry.class);
                    Response result = e.getIn().getBody(Response.class);
                    e.getIn().setBody(new Response(result.status(), new FailureRetry(result.body(), retry.failureId(),
                            (String) failures.status(retry.failureId()).get("status"))));
                })
                .process(api::respond);
    }

}
