package com.cleanupservice.schedule;

import com.cleanupservice.api.Api;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.config.Settings;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Response;
import com.cleanupservice.runs.AsyncRuns;
import com.cleanupservice.support.FixedPools;
import com.cleanupservice.support.Refusal;
import org.apache.camel.BeanInject;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import java.time.Instant;
import java.util.concurrent.ExecutorService;

/**
 * Orphan sweeps: {@code POST /api/cleanup/orphaned} (routes/orphaned.camel.yaml) and the Quartz tick
 * (routes/schedule.camel.yaml) both end in {@code direct:sweep-orphans}, which takes the body's age in hours and
 * answers a {@code Response}. The selected nodes are split over a pool of {@code cleanup.orphan-sweep.parallel-nodes}
 * threads, oldest first: a sweep never has more node cleanups going at once than that, however many orphans it found,
 * and a thread takes the next node as soon as its last one is done.
 */
public final class OrphanRoutes extends RouteBuilder {
    private static final String REFUSED = "cleanupSweepRefused";

    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    Settings settings;
    @BeanInject
    ScheduledSweeps scheduled;
    @BeanInject
    NodeClaims claims;
    @BeanInject
    Leases leases;

    @Override
    public void configure() {
        int parallelNodes = settings.nodesInFlight("cleanup.orphan-sweep.parallel-nodes");
        SweepGuard guard = new SweepGuard(jdbc, "orphan-sweep", claims.owner(), leases);
        // adoption by discovery's endpoint (discovery.DriftRoutes.ADOPT): explicit, so off unless configured
        ProducerTemplate producer = getContext().createProducerTemplate();
        OrphanSweep sweep = new OrphanSweep(jdbc, settings.integer("cleanup.orphan-sweep.max-nodes", 0),
                settings.integer("cleanup.orphan-sweep.chunk-size", 1000), settings.integer("cleanup.orphan-sweep.heap-budget-mb", 160),
                claims.lease(),
                settings.bool("cleanup.discovery.adopt-on-sweep", false)
                        ? target -> producer.requestBody("direct:adopt-untracked", target, Response.class).fields() : null);
        ExecutorService nodeCleanups = FixedPools.create(getContext(), this, "orphan-sweep", parallelNodes);

        from("direct:api-cleanup-orphaned").routeId("api-cleanup-orphaned").routeConfigurationId("api")
                .process(e -> {
                    Integer hours = MaxAge.fromRequest(api.jsonObject(e, true, java.util.List.of(MaxAge.FIELD)));
                    e.setProperty(AsyncRuns.ENTRY, new AsyncRuns.Entry("orphaned", "max_age_hours=" + hours, "api",
                            "direct:sweep-orphans", api.flag(e, "async"), false, false));
                    api.isolate(e, hours);
                })
                .to(AsyncRuns.ACCEPT_OR_RUN)
                .process(api::respond);

        // a chunk at a time, so a sweep of any size holds one chunk of nodes; the pool keeps parallel-nodes in flight.
        // An instance shutting down takes no further chunk (the nodes left are the next sweep's)
        from("direct:sweep-orphans").routeId("sweep-orphans")
                .process(sweep::open)
                .loopDoWhile(e -> OrphanSweep.more(e) && !leases.closing())
                    .split(body()).parallelProcessing().executorService(nodeCleanups)
                        .to("direct:clean-orphan")
                    .end()
                    .process(sweep::next)
                .end()
                .process(sweep::close);

        // one node; a refused or broken node cleanup becomes that node's result and the sweep goes on. The pool thread
        // waits for the whole cleanup (synchronous=true): IBM calls continue on other threads, and without the wait a
        // freed thread would start the next node, so the pool would no longer bound the cleanups in flight
        from("direct:clean-orphan").routeId("clean-orphan")
                .process(sweep::request)
                .process(sweep::adopt)
                .doTry()
                    .to("direct:cleanup-node?synchronous=true")
                    .process(sweep::recordResponse)
                .doCatch(Refusal.class)
                    .process(sweep::recordRefusal)
                .doCatch(Exception.class)
                    .process(sweep::recordFailure)
                .end();

        // a tick sweeps only if the database's guard lets it: one sweep at a time, each tick at most once
        from("direct:sweep-orphans-on-schedule").routeId("sweep-orphans-on-schedule")
                .process(scheduled::begin)
                .process(e -> e.setProperty(REFUSED, guard.take(e.getProperty(ScheduledSweeps.SCHEDULED_FOR, Instant.now(), Instant.class))))
                .choice()
                    .when(exchangeProperty(REFUSED).isNotNull())
                        .process(scheduled::skipped)
                        .log(LoggingLevel.INFO, "Orphan sweep tick of ${exchangeProperty." + ScheduledSweeps.SCHEDULED_FOR
                                + "} not run here: ${exchangeProperty." + REFUSED + "}")
                    .otherwise()
                        .doTry()
                            .to("direct:sweep-orphans")
                            .process(scheduled::finished)
                        .doCatch(Exception.class)
                            .process(scheduled::failed)
                        .doFinally()
                            .process(e -> guard.leave())
                        .end()
                .end();
    }
}
