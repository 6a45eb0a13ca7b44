package com.cleanupservice.runs;

import com.cleanupservice.api.Api;
import com.cleanupservice.persistence.Jdbc;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.runs.store.RunRecords;
import com.cleanupservice.support.FixedPools;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.resources.ResourceTypes;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

import java.util.concurrent.ExecutorService;

/**
 * Decides between running a request now and accepting it ({@code direct:accept-or-run}), polls the runs table for
 * accepted runs and executes them (a bounded number at a time), keeps them alive, resumes unfinished ones, and serves
 * {@code GET /api/cleanup/runs}, {@code GET /api/cleanup/runs/{run_id}}, its operations, paged, and its report, streamed.
 */
public final class RunRoutes extends RouteBuilder {
    @BeanInject
    RunQueue runQueue;
    @BeanInject
    RunRecords runs;
    @BeanInject
    NodeClaims claims;
    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    ObjectMapper json;
    @BeanInject
    ResourceTypes types;
    @BeanInject
    IbmClients ibmClients;

    @Override
    public void configure() {
        RunViews views = new RunViews(jdbc, json, types, ibmClients.accounts());

        from(RunEndpoints.ACCEPT_OR_RUN).routeId("accept-or-run")
                .process(e -> e.setProperty(RunQueue.ENDPOINT, e.getProperty(RunQueue.ENTRY, RunQueue.Entry.class).endpoint()))
                .choice()
                    .when(e -> e.getProperty(RunQueue.ENTRY, RunQueue.Entry.class).async())
                        .process(runQueue::accept)
                    .otherwise()
                        .toD("${exchangeProperty." + RunQueue.ENDPOINT + "}")
                .end();

        // the runs table is the queue: a poll claims what is due for the free worker slots and starts each run
        // on its own (a wire tap: the poll does not wait for the runs)
        ExecutorService starts = FixedPools.create(getContext(), this, "run-start", 2);
        from("timer:poll-runs?delay=500&period={{cleanup.async.poll-interval-ms}}").routeId("run-queue")
                .to(RunEndpoints.POLL_RUNS);
        from(RunEndpoints.POLL_RUNS).routeId("poll-runs")
                .setBody(e -> runQueue.claimDue())
                .split(body())
                    .wireTap(RunEndpoints.EXECUTE_RUN).executorService(starts)
                .end();

        from(RunEndpoints.EXECUTE_RUN).routeId("execute-run")
                .process(runQueue::prepare)
                .doTry()
                    .toD("${exchangeProperty." + RunQueue.ENDPOINT + "}")
                    .process(runQueue::finish)
                .doCatch(Exception.class)
                    .process(runQueue::fail)
                .end();

        // runs whose instance stopped and that nobody resumes (started synchronously, or a batch's or sweep's child) are
        // closed as abandoned, their nodes due for an automatic retry; accepted runs are the queue's (above)
        from("timer:close-abandoned-runs?delay=1000&period={{cleanup.lease.renew-interval-ms}}").routeId("close-abandoned-runs")
                .process(e -> claims.releaseAbandoned(runs.abandonStale()));

        from(RunEndpoints.API_RUNS).routeId("api-runs").routeConfigurationId("api")
                .process(e -> api.write(e, 200, views.recent(api.query(e, "state"), api.query(e, "kind"), api.query(e, "limit"))));

        from(RunEndpoints.API_RUN_OPERATIONS).routeId("api-run-operations").routeConfigurationId("api")
                .process(e -> api.write(e, 200, views.operations(e.getIn().getHeader("run_id", String.class), api.query(e, "limit"),
                        api.query(e, "after"), api.query(e, "outcome"), api.query(e, "account"), api.query(e, "region"))));

        // the body is an InputStream read a page at a time as the HTTP server sends it (RunReport): nothing in this
        // route may read it
        RunReport reports = new RunReport(jdbc, json, types, ibmClients.accounts());
        from(RunEndpoints.API_RUN_REPORT).routeId("api-run-report").routeConfigurationId("api")
                .process(e -> send(e, reports.open(e.getIn().getHeader("run_id", String.class), api.query(e, "format"),
                        api.query(e, "account"), api.query(e, "region"))));

        from(RunEndpoints.API_RUN).routeId("api-run").routeConfigurationId("api")
                .process(e -> api.write(e, 200, views.one(e.getIn().getHeader("run_id", String.class))));
    }

    /** A report as a download: its media type, its file name, and the stream the HTTP server reads as it sends. */
    private static void send(Exchange e, RunReport.Download download) {
        Message m = e.getIn();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, download.format().contentType());
        m.setHeader("Content-Disposition", "attachment; filename=\"" + download.filename() + "\"");
        m.setBody(download.body());
    }
}
