package com.cleanupservice.runs;

import com.cleanupservice.api.Api;
import com.cleanupservice.api.schema.DeploymentCleanupReport;
import com.cleanupservice.api.schema.NodeCleanupReport;
import com.cleanupservice.api.schema.UntrackedResource;
import com.cleanupservice.cleanup.CleanupEndpoints;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.guard.BlastRadius;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.report.Response;
import com.cleanupservice.support.Refusal;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.util.List;
import java.util.Map;


/**
 * The API's Java side for node and deployment cleanups: the REST DSL in {@code routes/api.camel.yaml} hands each
 * request here; these routes authorize, read the request, run the pipeline (or accept it as an asynchronous run with
 * {@code ?async=true}) and write the answer.
 */
public final class CleanupApiRoutes extends RouteBuilder {
    /** The exchange property with the drift target of a dry run asked {@code include_untracked=true}. */
    private static final String UNTRACKED_OF = "cleanupIncludeUntracked";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    @BeanInject
    Api api;
    @BeanInject
    NodeClaims claims;
    @BeanInject
    ObjectMapper json;
    @BeanInject
    RunQueue runQueue;
    @BeanInject
    BlastRadius guard;

    @Override
    public void configure() {
        // the flow records its progress on the very run
        runQueue.register(RunKind.recording("node", "node cleanup", CleanupEndpoints.CLEANUP_NODE, CleanupRequest.class,
                CleanupRequest::withRun));
        runQueue.register(RunKind.recording("deployment", "deployment cleanup", CleanupEndpoints.CLEANUP_DEPLOYMENT,
                CleanupRequest.class, CleanupRequest::withRun));

        from(RunEndpoints.API_CLEANUP_NODE).routeId("api-cleanup-node").routeConfigurationId("api")
                .process(e -> read(e, "node", CleanupEndpoints.CLEANUP_NODE))
                .to(RunEndpoints.ACCEPT_OR_RUN)
                .process(this::addUntracked)
                .process(api::respond);

        from(RunEndpoints.API_CLEANUP_DEPLOYMENT).routeId("api-cleanup-deployment").routeConfigurationId("api")
                .process(e -> read(e, "deployment", CleanupEndpoints.CLEANUP_DEPLOYMENT))
                .to(RunEndpoints.ACCEPT_OR_RUN)
                .process(this::addUntracked)
                .process(api::respond);
    }

    /** The path's {@code id}, the request's flags and confirmed count; a dry run always answers at once. */
    private void read(Exchange e, String kind, String endpoint) {
        CleanupRequest request = CleanupRequest.of(api.pathId(e), api.flag(e, "force"), api.flag(e, "dry_run"), "api")
                .withConfirmCount(BlastRadius.confirmCount(api.query(e, "confirm_count")));
        if (api.flag(e, "include_untracked")) {
            if (!request.dryRun()) {
                // a cleanup deletes what is tracked; taking on what is not is a decision of its own (adoption)
                throw Refusal.badRequest("include_untracked=true is for dry runs (dry_run=true) only: untracked resources are deleted "
                        + "once adopted (POST /api/cleanup/drift/" + kind + "/" + request.target() + "/adopt)");
            }
            e.setProperty(UNTRACKED_OF, Map.of("kind", kind, "id", request.target()));
        }
        boolean async = api.flag(e, "async") && !request.dryRun();
        String target = async ? vet(kind, request) : request.target();
        if (async && "node".equals(kind)) {
            // the stored run names the node it resolved to, by name: a name is never read back as an id
            request = CleanupRequest.ofNodeName(target, request.force(), request.dryRun(), request.trigger())
                    .withConfirmCount(request.confirmCount());
        }
        e.setProperty(RunQueue.ENTRY, new RunQueue.Entry(kind, target, "api", endpoint, async, request.dryRun(), request.force()));
        api.isolate(e, request);
    }

    /**
     * A dry run asked {@code include_untracked=true}: the target's untracked resources from a drift scan, next to the
     * plan and apart from it (the plan, and scripts, stay what a cleanup would delete: tracked rows), each marked
     * {@code "tracked": false} with its owner and evidence. Ambiguous ones and an incomplete scan are said too, so an
     * empty list is never mistaken for "nothing there".
     */
    private void addUntracked(Exchange e) {
        Object target = e.getProperty(UNTRACKED_OF);
        if (target == null || !(e.getIn().getBody() instanceof Response plan)) {
            return;
        }
        UntrackedScan untrackedScan = getContext().getRegistry().findSingleByType(UntrackedScan.class);
        if (untrackedScan == null) {
            throw new IllegalStateException("include_untracked=true needs a drift scan: no UntrackedScan is bound (discovery binds it)");
        }
        Response report;
        try {
            report = untrackedScan.scan(target);
        } catch (CamelExecutionException wrapped) {
            // the drift route's own refusal (or failure), not the producer's wrapper, is what the API answers
            throw wrapped.getCause() instanceof RuntimeException cause ? cause : wrapped;
        }
        // the drift report's entries (records or maps: its own answer), each read as what a dry run lists
        List<UntrackedResource> untracked = ((List<?>) report.field("untracked")).stream()
                .map(found -> json.convertValue(found, UntrackedResource.class).untracked()).toList();
        com.cleanupservice.api.schema.UntrackedScan scan = new com.cleanupservice.api.schema.UntrackedScan(Boolean.TRUE.equals(report.field("complete")),
                json.convertValue(report.field("errors"), STRINGS), (List<?>) report.field("ambiguous"),
                "untracked resources are not in the plan: a cleanup deletes them only once adopted "
                        + "(POST /api/cleanup/drift/{node|deployment}/{id}/adopt)");
        Object answer = plan.body() instanceof NodeCleanupReport node ? node.withUntracked(untracked, scan)
                : ((DeploymentCleanupReport) plan.body()).withUntracked(untracked, scan);
        e.getIn().setBody(new Response(plan.status(), answer));
    }

    /**
     * Refuses now what would certainly be refused later (unknown, live without force, more than the blast-radius guard
     * allows and not confirmed — the run checks its size again when it starts, as the state may have grown); the run's
     * target name.
     */
    private String vet(String kind, CleanupRequest request) {
        String target = request.target();
        if ("node".equals(kind)) {
            NodeRef node = claims.resolve(target);
            if (NodeStatus.in(NodeStatus.LIVE, node.status()) && !request.force()) {
                throw claims.refusal(java.util.List.of(node));
            }
            target = node.name();
            guard.check("cleanup of node " + target, guard.ofNode(target), request.confirmCount(), BlastRadius.BY_QUERY);
        } else {
            java.util.List<NodeRef> nodes = claims.nodesOf(target);
            if (nodes.isEmpty() && !claims.deploymentExists(target)) {
                throw Refusal.notFound("Deployment not found: " + target);
            }
            java.util.List<NodeRef> live = nodes.stream().filter(n -> NodeStatus.in(NodeStatus.LIVE, n.status())).toList();
            if (!live.isEmpty() && !request.force()) {
                throw claims.refusal(live);
            }
            guard.check("cleanup of deployment " + target, guard.ofDeployment(target), request.confirmCount(), BlastRadius.BY_QUERY);
        }
        return target;
    }
}
