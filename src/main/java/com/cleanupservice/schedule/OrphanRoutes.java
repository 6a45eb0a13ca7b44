package com.cleanupservice.schedule;

import com.cleanupservice.api.Api;
import com.cleanupservice.api.schema.ApiError;
import com.cleanupservice.api.schema.OrphanSweepResult;
import com.cleanupservice.cleanup.CleanupEndpoints;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.config.Settings;
import com.cleanupservice.discovery.DiscoveryEndpoints;
import com.cleanupservice.guard.BlastRadius;
import com.cleanupservice.guard.GuardRefusals;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Response;
import com.cleanupservice.notify.Notifications;
import com.cleanupservice.runs.RunQueue;
import com.cleanupservice.runs.RunEndpoints;
import com.cleanupservice.runs.RunKind;
import com.cleanupservice.runs.store.RunRecord;
import com.cleanupservice.runs.store.RunRecords;
import com.cleanupservice.support.FixedPools;
import com.cleanupservice.support.Refusal;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OrphanRoutes.class);

    @BeanInject
    Api api;
    @BeanInject
    RunQueue runQueue;
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
    @BeanInject
    ObjectMapper json;
    @BeanInject
    BlastRadius blastRadius;
    @BeanInject
    GuardRefusals guardRefusals;
    @BeanInject
    RunRecords runs;
    @BeanInject
    Notifications notifications;

    @Override
    public void configure() {
        int parallelNodes = settings.nodesInFlight("cleanup.orphan-sweep.parallel-nodes");
        SweepNotices notices = new SweepNotices(jdbc, notifications);
        SweepGuard guard = new SweepGuard(jdbc, "orphan-sweep", claims.owner(), leases);
        // adoption by discovery's endpoint: explicit, so off unless configured
        ProducerTemplate producer = getContext().createProducerTemplate();
        OrphanSweep sweep = new OrphanSweep(jdbc, settings.integer("cleanup.orphan-sweep.max-nodes"),
                settings.integer("cleanup.orphan-sweep.chunk-size"), settings.integer("cleanup.orphan-sweep.heap-budget-mb"),
                claims.lease(),
                settings.bool("cleanup.discovery.adopt-on-sweep")
                        ? target -> adopted(producer.requestBody(DiscoveryEndpoints.ADOPT_UNTRACKED, target, Response.class)) : null,
                blastRadius);
        ExecutorService nodeCleanups = FixedPools.create(getContext(), this, "orphan-sweep", parallelNodes);
        // a sweep's node runs are its children
        runQueue.register(RunKind.parent("orphaned", "orphaned cleanup", ScheduleEndpoints.SWEEP_ORPHANS, SweepRequest.class,
                CleanupRequest.PARENT_RUN));

        from(ScheduleEndpoints.API_CLEANUP_ORPHANED).routeId("api-cleanup-orphaned").routeConfigurationId("api")
                .process(e -> {
                    Integer hours = MaxAge.fromRequest(api.jsonObject(e, true, java.util.List.of(MaxAge.FIELD)));
                    SweepRequest request = new SweepRequest(hours, BlastRadius.confirmCount(api.query(e, "confirm_count")));
                    boolean async = api.flag(e, "async");
                    if (async) {
                        // refused now when it is certainly refused later (the run counts its selection again when it starts)
                        sweep.check(hours, request.confirmCount());
                    }
                    e.setProperty(RunQueue.ENTRY, new RunQueue.Entry("orphaned", "max_age_hours=" + hours, "api",
                            ScheduleEndpoints.SWEEP_ORPHANS, async, false, false));
                    api.isolate(e, request);
                })
                .to(RunEndpoints.ACCEPT_OR_RUN)
                .process(api::respond);

        // a chunk at a time, so a sweep of any size holds one chunk of nodes; the pool keeps parallel-nodes in flight.
        // An instance shutting down takes no further chunk (the nodes left are the next sweep's)
        from(ScheduleEndpoints.SWEEP_ORPHANS).routeId("sweep-orphans")
                .process(sweep::open)
                .loopDoWhile(e -> OrphanSweep.more(e) && !leases.closing())
                    .split(body()).parallelProcessing().executorService(nodeCleanups)
                        .to(ScheduleEndpoints.CLEAN_ORPHAN)
                    .end()
                    .process(sweep::next)
                .end()
                .process(sweep::close);

        // one node; a refused or broken node cleanup becomes that node's result and the sweep goes on. The pool thread
        // waits for the whole cleanup (synchronous=true): IBM calls continue on other threads, and without the wait a
        // freed thread would start the next node, so the pool would no longer bound the cleanups in flight
        from(ScheduleEndpoints.CLEAN_ORPHAN).routeId("clean-orphan")
                .process(sweep::request)
                .process(sweep::adopt)
                .doTry()
                    .to(CleanupEndpoints.CLEANUP_NODE + "?synchronous=true")
                    .process(sweep::recordResponse)
                .doCatch(Refusal.class)
                    .process(sweep::recordRefusal)
                .doCatch(Exception.class)
                    .process(sweep::recordFailure)
                .end();

        // a tick sweeps only if the database's guard lets it: one sweep at a time, each tick at most once
        from(ScheduleEndpoints.SWEEP_ORPHANS_ON_SCHEDULE).routeId("sweep-orphans-on-schedule")
                .process(scheduled::begin)
                .process(e -> e.setProperty(REFUSED, guard.take(e.getProperty(ScheduledSweeps.SCHEDULED_FOR, Instant.now(), Instant.class))))
                .choice()
                    .when(exchangeProperty(REFUSED).isNotNull())
                        .process(scheduled::skipped)
                        .log(LoggingLevel.INFO, "Orphan sweep tick of ${exchangeProperty." + ScheduledSweeps.SCHEDULED_FOR
                                + "} not run here: ${exchangeProperty." + REFUSED + "}")
                    .otherwise()
                        .doTry()
                            .to(ScheduleEndpoints.SWEEP_ORPHANS)
                            .process(scheduled::finished)
                            .process(notices::finished)
                        .doCatch(Refusal.class)
                            .process(this::refusedOnSchedule)
                        .doCatch(Exception.class)
                            .process(scheduled::failed)
                            .process(notices::failed)
                        .doFinally()
                            .process(e -> guard.leave())
                        .end()
                .end();
    }

    /**
     * A scheduled sweep refused: by the blast-radius guard, it does nothing and says so — a run record of its own,
     * failed with the refusal as its summary (the planned count, the limit), the refusal handed on (the notification
     * outbox) in the same transaction, and a WARN line; anything else is a failed tick.
     */
    private void refusedOnSchedule(Exchange e) {
        Refusal refused = e.getProperty(Exchange.EXCEPTION_CAUGHT, Refusal.class);
        if (!BlastRadius.isGuardRefusal(refused)) {
            scheduled.failed(e);
            return;
        }
        int hours = scheduled.maxAgeHours();
        SweepRun run = new SweepRun(UUID.randomUUID(), "orphaned", "max_age_hours=" + hours, "schedule", claims.owner());
        jdbc.inTransaction(tx -> {
            runs.refused(tx, run, new SweepRequest(hours, null), refused.status(),
                    ApiError.of(refused.status(), refused.getMessage(), refused.details()), refused.getMessage());
            guardRefusals.refused(tx, run.runId(), refused);
            return null;
        });
        LOG.warn("Scheduled orphan sweep for {} refused by the blast-radius guard (run {}): {}",
                e.getProperty(ScheduledSweeps.SCHEDULED_FOR), run.runId(), refused.getMessage());
        scheduled.refused(e, refused);
    }

    /** A scheduled sweep's run, recorded only when it is refused (a sweep that runs records its nodes' runs). */
    private record SweepRun(UUID runId, String kind, String target, String trigger, String owner) implements RunRecord {
        @Override
        public boolean dryRun() {
            return false;
        }

        @Override
        public boolean force() {
            return false;
        }

        @Override
        public long epoch() {
            return 1;
        }
    }

    /** What an adoption's answer says it adopted, in brief (its type, id, name and evidence). */
    private List<OrphanSweepResult.AdoptedOnSweep> adopted(Response adoption) {
        return adoption.field("adopted") instanceof List<?> adopted
                ? adopted.stream().map(a -> json.convertValue(a, OrphanSweepResult.AdoptedOnSweep.class)).toList()
                : List.of();
    }
}
