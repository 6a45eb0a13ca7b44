package com.cleanupservice.runs;

import com.cleanupservice.api.Api;
import com.cleanupservice.persistence.Jdbc;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.runstore.Runs;
import org.apache.camel.BeanInject;
import org.apache.camel.builder.RouteBuilder;

/**
 * Decides between running a request now and accepting it ({@code direct:accept-or-run}), executes accepted runs (a bounded number at a time), keeps them alive, resumes unfinished ones, and serves
 * {@code GET /api/cleanup/runs} and {@code GET /api/cleanup/runs/{run_id}}.
 */
public final class RunRoutes extends RouteBuilder {
    @BeanInject
    AsyncRuns asyncRuns;
    @BeanInject
    Runs runs;
    @BeanInject
    NodeClaims claims;
    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    ObjectMapper json;

    @Override
    public void configure() {
        RunViews views = new RunViews(jdbc, json);

        from(AsyncRuns.ACCEPT_OR_RUN).routeId("accept-or-run")
                .process(e -> e.setProperty(AsyncRuns.ENDPOINT, e.getProperty(AsyncRuns.ENTRY, AsyncRuns.Entry.class).endpoint()))
                .choice()
                    .when(e -> e.getProperty(AsyncRuns.ENTRY, AsyncRuns.Entry.class).async())
                        .process(asyncRuns::accept)
                    .otherwise()
                        .toD("${exchangeProperty." + AsyncRuns.ENDPOINT + "}")
                .end();

        from(AsyncRuns.QUEUE + "?concurrentConsumers={{cleanup.async.workers:4}}&size=10000").routeId("execute-run")
                .process(asyncRuns::prepare)
                .doTry()
                    .toD("${exchangeProperty." + AsyncRuns.ENDPOINT + "}")
                    .process(asyncRuns::finish)
                .doCatch(Exception.class)
                    .process(asyncRuns::fail)
                .end();

        // runs whose instance stopped: the ones nobody resumes are closed as abandoned (their nodes due for an automatic
        // retry), accepted ones are taken over (first, our own from before a restart)
        from("timer:resume-runs?delay=1000&period={{cleanup.lease.renew-interval-ms:30000}}").routeId("resume-runs")
                .process(e -> claims.releaseAbandoned(runs.abandonStale(claims.lease())))
                .setBody(e -> asyncRuns.takeOver())
                .split(body())
                    .to(AsyncRuns.QUEUE)
                .end();

        from("direct:api-runs").routeId("api-runs").routeConfigurationId("api")
                .process(e -> api.write(e, 200, views.recent(api.query(e, "state"), api.query(e, "kind"), api.query(e, "limit"))));

        from("direct:api-run").routeId("api-run").routeConfigurationId("api")
                .process(e -> api.write(e, 200, views.one(e.getIn().getHeader("run_id", String.class))));
    }

}
