package com.cleanupservice.batch;

import com.cleanupservice.api.Api;
import com.cleanupservice.api.schema.BatchResult;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.cleanup.Looks;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.NodeKey;
import com.cleanupservice.config.Settings;
import com.cleanupservice.guard.BlastRadius;
import com.cleanupservice.guard.Verdict;
import com.cleanupservice.report.Response;
import com.cleanupservice.runs.RunQueue;
import com.cleanupservice.runs.RunEndpoints;
import com.cleanupservice.runs.RunKind;
import com.cleanupservice.support.FixedPools;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * Batches: {@code direct:run-batch} takes a batch request (the JSON object as a Map, or a {@link BatchRequest}) and
 * answers a {@code Response}; its targets run in parallel, at most {@code cleanup.batch.parallelism} at a time in this
 * process, each caught on its own so one bad target never aborts the others. {@code POST /api/cleanup/batch} and the
 * watched directory ({@link InboxRoutes}) both come here.
 */
public final class BatchRoutes extends RouteBuilder {
    static final String JOB = "cleanupBatchJob";
    private static final String ITEM = "cleanupBatchItem";
    private static final String ENDPOINT = "cleanupBatchEndpoint";
    private static final Logger LOG = LoggerFactory.getLogger(BatchRoutes.class);

    @BeanInject
    Api api;
    @BeanInject
    Input input;
    @BeanInject
    Settings settings;
    @BeanInject
    NodeClaims claims;
    @BeanInject
    RunQueue runQueue;
    @BeanInject
    BlastRadius guard;

    @Override
    public void configure() {
        int maxTargets = maxTargets(settings);
        // one pool for every batch in this process: targets of concurrent batches share the bound. It only limits the
        // targets in flight; the IBM call pools, shared with every other cleanup, bound the calls
        ExecutorService targets = FixedPools.create(getContext(), this, "cleanup-batch", settings.nodesInFlight("cleanup.batch.parallelism"));
        // a batch's node runs are its children
        runQueue.register(RunKind.parent("batch", "batch cleanup", BatchEndpoints.RUN_BATCH, Map.class, CleanupRequest.PARENT_RUN));

        from(BatchEndpoints.RUN_BATCH).routeId("run-batch")
                .process(e -> open(e, maxTargets))
                .split(body()).parallelProcessing().executorService(targets)
                    .to(BatchEndpoints.RUN_BATCH_TARGET)
                .end()
                .process(BatchRoutes::close);

        from(BatchEndpoints.RUN_BATCH_TARGET).routeId("run-batch-target")
                .setProperty(ITEM, body())
                .process(BatchRoutes::prepareTarget)
                .doTry()
                    .toD("${exchangeProperty." + ENDPOINT + "}")
                    .process(e -> item(e).answered(e.getIn().getBody()))
                .doCatch(Exception.class)
                    .process(e -> item(e).failed(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)))
                .end();

        from(BatchEndpoints.API_CLEANUP_BATCH).routeId("api-cleanup-batch").routeConfigurationId("api")
                .process(e -> read(e, maxTargets))
                .to(RunEndpoints.ACCEPT_OR_RUN)
                .process(api::respond);
    }

    /** The most targets one batch may name, over REST or in an inbox file. */
    static int maxTargets(Settings settings) {
        return settings.integer("cleanup.batch.max-targets");
    }

    /** The request; an asynchronous one is validated now (a bad batch is a 400, not a failed run). */
    private void read(Exchange e, int maxTargets) {
        Map<?, ?> body = restRequest(e);
        RunQueue.Entry entry = RunQueue.Entry.now(BatchEndpoints.RUN_BATCH);
        if (api.flag(e, "async")) {
            BatchRequest request = BatchRequest.from(body, "batch", null, maxTargets);
            // refused now when it is certainly refused later (the run counts its targets again when it starts)
            BatchJob job = new BatchJob(request, target -> identify(request.operation(), target));
            if (!request.dryRun()) {
                guard.check(what(request), planned(job), request.confirmCount(), BlastRadius.BY_BATCH);
            }
            entry = new RunQueue.Entry("batch", request.operation().wireName(), "batch", BatchEndpoints.RUN_BATCH, true,
                    request.dryRun(), request.force());
            body = new LinkedHashMap<>(body);
        }
        e.setProperty(RunQueue.ENTRY, entry);
        api.isolate(e, body);
    }

    /**
     * The JSON body; {@code ?force=true} / {@code ?dry_run=true} as on the other cleanup endpoints unless the body says,
     * and {@code ?confirm_count=N} as the body's {@code confirm_count} (both given, they must agree).
     */
    private Map<?, ?> restRequest(Exchange e) {
        Map<Object, Object> request = new LinkedHashMap<>(BatchRequest.parse(input, e.getIn().getBody(byte[].class)));
        Integer confirmed = BlastRadius.confirmCount(api.query(e, "confirm_count"));
        if (confirmed != null) {
            if (request.containsKey("confirm_count") && !confirmed.equals(BlastRadius.confirmCount(request.get("confirm_count")))) {
                throw Refusal.badRequest("?confirm_count=" + confirmed + " contradicts \"confirm_count\" in the body; say it once");
            }
            request.put("confirm_count", confirmed);
        }
        for (String flag : new String[] {"force", "dry_run"}) {
            boolean query = api.flag(e, flag);
            if (!request.containsKey(flag)) {
                if (query) {
                    request.put(flag, true);
                }
            } else if (query && !Boolean.TRUE.equals(request.get(flag))) {
                // "?dry_run=true" with "dry_run": false in the body: which one was meant is anyone's guess
                throw Refusal.badRequest("?" + flag + "=true contradicts \"" + flag + "\": " + request.get(flag)
                        + " in the body; say it once");
            }
        }
        return request;
    }

    /** What a target stands for: the node it resolves to, else (unknown: it fails on its own) what it says. */
    private String identify(BatchOperation operation, NodeKey target) {
        if (operation != BatchOperation.CLEANUP_DEPLOYMENTS) {
            try {
                return "node " + claims.resolve(target).id();
            } catch (Refusal unknown) {
                // refused when it runs, with the same answer
            }
        }
        return (target.byName() ? "name " : "id ") + target.value();
    }

    private void open(Exchange e, int maxTargets) {
        Object body = e.getIn().getBody();
        BatchRequest request = body instanceof BatchRequest r ? r
                : BatchRequest.from(e.getIn().getBody(Map.class), "batch",
                        e.getProperty(CleanupRequest.PARENT_RUN, UUID.class), maxTargets);
        BatchJob job = new BatchJob(request, target -> identify(request.operation(), target));
        guard(e, job);
        // its node runs share what their looks see and list (a batch's nodes are usually one deployment's)
        e.setProperty(Looks.SHARED, new Looks(job.runnable().size()));
        LOG.info("Batch {} ({}): {} target(s)", request.operation().wireName(), request.trigger(), request.targets().size());
        e.setProperty(JOB, job);
        e.getIn().removeHeaders("*");
        e.getIn().setBody(job.runnable());
    }

    /**
     * The blast-radius guard on the whole batch, before its first target runs: its targets' planned deletions summed
     * (each node or deployment once). Refused, nothing of it runs; past the guard (or confirmed), its targets' cleanups
     * are not counted again. A dry run answers the verdict.
     */
    private void guard(Exchange e, BatchJob job) {
        BatchRequest request = job.request();
        if (request.operation() == BatchOperation.VALIDATE_CLEANUP) {
            return;
        }
        long planned = planned(job);
        if (request.dryRun()) {
            job.guard(guard.judge(planned, request.confirmCount()).check());
        } else {
            Integer confirmed = Boolean.TRUE.equals(e.getProperty(BlastRadius.ACCEPTED_RUN, Boolean.class))
                    ? BlastRadius.acceptedRun(planned, request.confirmCount()) : request.confirmCount();
            Verdict passed = guard.check(what(request), planned, confirmed, BlastRadius.BY_BATCH);
            if (passed.exceeded()) {
                LOG.info("Batch {} ({}): {} deletion(s) planned, past the blast-radius guard as confirmed", request.operation().wireName(),
                        request.trigger(), planned);
            }
        }
        e.setProperty(BlastRadius.COUNTED, true);
    }

    /** What the batch's cleanups would delete: each runnable target's (a target that names nothing counts nothing: it fails on its own). */
    private long planned(BatchJob job) {
        long planned = 0;
        for (BatchItem item : job.runnable()) {
            NodeKey target = item.target();
            if (job.request().operation() == BatchOperation.CLEANUP_DEPLOYMENTS) {
                planned += guard.ofDeployment(target.value());
            } else {
                try {
                    planned += guard.ofNode(claims.resolve(target).name());
                } catch (Refusal unknown) {
                    // refused when it runs, with the same answer
                }
            }
        }
        return planned;
    }

    private static String what(BatchRequest request) {
        return "batch " + request.operation().wireName() + " of " + request.targets().size() + " target(s)";
    }

    private static void prepareTarget(Exchange e) {
        BatchJob job = e.getProperty(JOB, BatchJob.class);
        BatchItem item = item(e);
        e.setProperty(ENDPOINT, job.request().operation().endpointUri());
        e.getIn().setBody(job.request().operation().request(item.target(), job.request()));
    }

    private static void close(Exchange e) {
        BatchJob job = e.getProperty(JOB, BatchJob.class);
        Response response = job.report();
        BatchResult result = (BatchResult) response.body();
        LOG.info("Batch {} ({}) completed: {} of {} succeeded", job.request().operation().wireName(), job.request().trigger(),
                result.successful_operations(), result.total_operations());
        e.getIn().setBody(response);
    }

    private static BatchItem item(Exchange e) {
        return e.getProperty(ITEM, BatchItem.class);
    }
}
