package com.cleanupservice.runs;

import com.cleanupservice.api.Api;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.support.Refusal;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;


/**
 * The API's Java side for node and deployment cleanups: the REST DSL in {@code routes/api.camel.yaml} hands each
 * request here; these routes authorize, read the request, run the pipeline (or accept it as an asynchronous run with
 * {@code ?async=true}) and write the answer.
 */
public final class CleanupApiRoutes extends RouteBuilder {

    @BeanInject
    Api api;
    @BeanInject
    NodeClaims claims;

    @Override
    public void configure() {
        from("direct:api-cleanup-node").routeId("api-cleanup-node").routeConfigurationId("api")
                .process(e -> read(e, "node", "direct:cleanup-node"))
                .to(AsyncRuns.ACCEPT_OR_RUN)
                .process(api::respond);

        from("direct:api-cleanup-deployment").routeId("api-cleanup-deployment").routeConfigurationId("api")
                .process(e -> read(e, "deployment", "direct:cleanup-deployment"))
                .to(AsyncRuns.ACCEPT_OR_RUN)
                .process(api::respond);
    }

    /** The path's {@code id} and the request's flags; a dry run always answers at once. */
    private void read(Exchange e, String kind, String endpoint) {
        CleanupRequest request = CleanupRequest.of(api.pathId(e), api.flag(e, "force"), api.flag(e, "dry_run"), "api");
        boolean async = api.flag(e, "async") && !request.dryRun();
        String target = async ? vet(kind, request) : request.target();
        e.setProperty(AsyncRuns.ENTRY, new AsyncRuns.Entry(kind, target, "api", endpoint, async, request.dryRun(), request.force()));
        api.isolate(e, request);
    }

    /** Refuses now what would certainly be refused later (unknown, or live without force); the run's target name. */
    private String vet(String kind, CleanupRequest request) {
        String target = request.target();
        if ("node".equals(kind)) {
            NodeRef node = claims.resolve(target);
            if (NodeStatus.in(NodeStatus.LIVE, node.status()) && !request.force()) {
                throw claims.refusal(java.util.List.of(node));
            }
            target = node.name();
        } else {
            java.util.List<NodeRef> nodes = claims.nodesOf(target);
            if (nodes.isEmpty() && !claims.deploymentExists(target)) {
                throw Refusal.notFound("Deployment not found: " + target);
            }
            java.util.List<NodeRef> live = nodes.stream().filter(n -> NodeStatus.in(NodeStatus.LIVE, n.status())).toList();
            if (!live.isEmpty() && !request.force()) {
                throw claims.refusal(live);
            }
        }
        return target;
    }

}
