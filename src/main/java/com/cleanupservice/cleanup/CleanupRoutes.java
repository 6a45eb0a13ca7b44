package com.cleanupservice.cleanup;

import com.cleanupservice.ibm.IbmCalls;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.lease.Leases;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;

/**
 * The cleanup pipeline: claim -> load (camel-jdbc) -> plan -> lanes in parallel -> steps in order -> resources in
 * parallel -> record. IBM calls are redelivered by the {@code ibm-calls} route configuration and end in the dead
 * letter route when they cannot succeed. Routes are generic: what a type means lives in its {@link ResourceType}.
 */
public final class CleanupRoutes extends RouteBuilder {
    static final String RESOURCE_TYPE = "cleanupResourceType";
    /** The header telling {@code direct:load-resources} whose rows to load: "node" or "deployment". */
    public static final String LOAD_SCOPE = "cleanupLoadScope";

    @BeanInject
    CleanupFlow flow;
    @BeanInject
    Ledger ledger;
    @BeanInject
    IbmCalls ibm;
    @BeanInject
    ResourceTypes types;
    @BeanInject
    WaitPolicy waitPolicy;
    @BeanInject
    Leases leases;
    @BeanInject("cleanupSplitPool")
    ExecutorService splitPool;

    @Override
    public void configure() {
        from(CleanupEndpoints.CLEANUP_NODE).routeId("cleanup-node")
                .setProperty("cleanupRequest", body())
                .process(flow::openNodeRun)
                .to(CleanupEndpoints.CLEAN_NODE)
                .process(flow::closeNodeRun);

        from(CleanupEndpoints.CLEAN_NODE).routeId("clean-node")
                .setProperty(CleanupFlow.JOB, body())
                .doTry()
                    .setHeader("node_name", simple("${body.node.name}"))
                    .setHeader(LOAD_SCOPE, constant("node"))
                    .to(CleanupEndpoints.LOAD_RESOURCES)
                    .process(flow::planNode)
                    .filter(notDryRun())
                        .to(CleanupEndpoints.EXECUTE_PLAN)
                        .process(flow::finishNode)
                    .endDoTry()
                .doCatch(Exception.class)
                    // a node whose cleanup breaks off still gets its claim released and an outcome
                    .process(flow::abandonNode)
                .end()
                .setBody(exchangeProperty(CleanupFlow.JOB));

        from(CleanupEndpoints.CLEANUP_DEPLOYMENT).routeId("cleanup-deployment")
                .process(flow::openDeploymentRun)
                // each node's finished job folded into the deployment's
                .split(simple("${body.nodeJobs}"), Fold.nodes()).parallelProcessing().executorService(splitPool)
                    .to(CleanupEndpoints.CLEAN_NODE)
                .end()
                .setProperty(CleanupFlow.JOB, body())
                .setHeader("deployment_id", simple("${body.deploymentId}"))
                .setHeader(LOAD_SCOPE, constant("deployment"))
                .to(CleanupEndpoints.LOAD_RESOURCES)
                .process(flow::planDeployment)
                .filter(notDryRun())
                    .to(CleanupEndpoints.EXECUTE_PLAN)
                .end()
                .process(flow::closeDeploymentRun);

        // every type's tracked rows of one node (or of a deployment's own), not yet GONE unless include_gone is set
        from(CleanupEndpoints.LOAD_RESOURCES).routeId("load-resources")
                .process(e -> e.getIn().setHeader("include_gone", e.getIn().getHeader("include_gone", false, Boolean.class)))
                .split(method(types, "all"), new FlattenLists())
                    .setHeader(RESOURCE_TYPE, body())
                    .process(CleanupRoutes::loadQuery)
                    .filter(body().isNotNull())
                        .to("jdbc:cleanupDataSource?useHeadersAsParameters=true")
                        .process(CleanupRoutes::toResources)
                    .end()
                .end();

        // NodePlan -> Deletions: the lanes' results folded into the plan's
        from(CleanupEndpoints.EXECUTE_PLAN).routeId("execute-plan")
                .split(simple("${body.lanes}"), Fold.lanes()).parallelProcessing().executorService(splitPool)
                    .to(CleanupEndpoints.RUN_LANE)
                .end();

        // LaneRun -> LaneProgress: steps one after the other, each step's resources in parallel, their results folded
        // into the lane's, which tells the next step's tasks whether an earlier step failed
        from(CleanupEndpoints.RUN_LANE).routeId("run-lane")
                .setBody(e -> LaneProgress.start(e.getIn().getBody(LaneRun.class)))
                .loopDoWhile(e -> e.getIn().getBody(LaneProgress.class).hasNextStep())
                    .split(simple("${body.nextTasks}"), Fold.step()).parallelProcessing().executorService(splitPool)
                        .to(CleanupEndpoints.DELETE_RESOURCE)
                    .end()
                    .setBody(e -> e.getIn().getBody(LaneProgress.class).stepDone())
                .end();

        // each IBM call is a step of its own, so a failure retries that call only (a look is not repeated for a delete)
        from(CleanupEndpoints.DELETE_RESOURCE).routeId("delete-resource").routeConfigurationId("ibm-calls")
                .process(e -> task(e).settleBeforeCalls())
                // the task's row is DELETING since its plan started (Ledger.start): nothing to write before the calls
                .filter(pending())
                    .process(e -> task(e).checkSightings())
                    .filter(e -> task(e).pending() && task(e).looksFirst())
                        .process(onPool(DeleteTask::inspect))
                    .end()
                    .filter(pending())
                        .process(onPool(DeleteTask::delete))
                    .end()
                    // an asynchronous delete, or a blocker this run is deleting (a 409 named it): poll without holding a
                    // thread between polls
                    .loopDoWhile(waiting())
                        .delay(waitPolicy.pollInterval().toMillis()).asyncDelayed().end()
                        .process(onPool(DeleteTask::poll))
                    .end()
                .end()
                // the recorded result (or nothing, when it could not be recorded) for the step's aggregation
                .process(ledger::record);

        from(CleanupEndpoints.RECORD_DEAD_LETTER).routeId("record-dead-letter")
                .process(ledger::recordFailure);

        // every lease of this instance (node claims, runs, inbox files) kept fresh; a crashed instance's go stale
        from("timer:lease-renewal?period={{cleanup.lease.renew-interval-ms}}").routeId("lease-renewal")
                .process(e -> leases.renewAll());
    }

    /**
     * One IBM call of a task, on the pool of its row's account and the task's API, with the clients of the row's account
     * and region: never the default's for a row placed elsewhere.
     */
    private Processor onPool(BiConsumer<DeleteTask, IbmClients> call) {
        return ibm.onPlacedPool(DeleteTask.class, task -> new IbmCalls.Target(task.resource().account(), task.resource().region(),
                task.type().declaration().api()), call);
    }

    private static Predicate notDryRun() {
        return e -> {
            Object body = e.getIn().getBody();
            return body instanceof NodePlan plan && !plan.run().dryRun();
        };
    }

    private static Predicate waiting() {
        return e -> task(e).waiting() || task(e).awaiting();
    }

    private static Predicate pending() {
        return e -> task(e).pending();
    }

    private static DeleteTask task(Exchange e) {
        return e.getIn().getBody(DeleteTask.class);
    }

    private static void loadQuery(Exchange e) {
        ResourceType type = e.getIn().getHeader(RESOURCE_TYPE, ResourceType.class);
        String scope = e.getIn().getHeader(LOAD_SCOPE, String.class);
        e.getIn().setBody("deployment".equals(scope) ? type.rows().loadForDeployment() : type.rows().loadForNode());
    }

    /** The type's rows; with an allow-list (a saved plan's apply), only the rows on it, whatever was recorded since. */
    @SuppressWarnings("unchecked")
    private static void toResources(Exchange e) {
        ResourceType type = e.getIn().getHeader(RESOURCE_TYPE, ResourceType.class);
        List<TrackedResource> rows = TrackedRows.toResources(type, e.getIn().getBody(List.class));
        java.util.Set<String> only = e.getProperty(CleanupFlow.ONLY, java.util.Set.class);
        if (only != null) {
            rows = rows.stream().filter(r -> only.contains(CleanupRequest.allowed(type.name(), r.trackedId(), r.ibmId()))).toList();
        }
        e.getIn().setBody(rows);
    }
}
