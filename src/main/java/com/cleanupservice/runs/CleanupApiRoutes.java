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
    private static final String ASYNC = "cleanupAsync";

    @BeanInject
    Api api;
    @BeanInject
    AsyncRuns asyncRuns;
    @BeanInject
    NodeClaims claims;

    @Override
    public void configure() {
        from("direct:api-cleanup-node").routeId("api-cleanup-node").routeConfigurationId("api")
                .process(e -> read(e))
                .choice()
                    .when(exchangeProperty(ASYNC))
                        .process(e -> accept(e, "node", "direct:cleanup-node"))
                    .otherwise()
                        .to("direct:cleanup-node")
                .end()
                .process(api::respond);

        from("direct:api-cleanup-deployment").routeId("api-cleanup-deployment").routeConfigurationId("api")
                .process(e -> read(e))
                .choice()
                    .when(exchangeProperty(ASYNC))
                        .process(e -> accept(e, "deployment", "direct:cleanup-deployment"))
                    .otherwise()
                        .to("direct:cleanup-deployment")
                .end()
                .process(api::respond);
    }

    /** The path's {@code id} and the request's flags. */
    private void read(Exchange e) {
        boolean async = api.flag(e, "async");
        CleanupRequest request = CleanupRequest.of(api.pathId(e), api.flag(e, "force"), api.flag(e, "dry_run"), "api");
        e.setProperty(ASYNC, async && !request.dryRun());
        api.isolate(e, request);
    }

    /** Refuses now what would certainly be refused later (unknown, or live without force); accepts the rest. */
    private void accept(Exchange e, String kind, String endpoint) {
        CleanupRequest request = e.getIn().getBody(CleanupRequest.class);
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
        e.getIn().setBody(asyncRuns.accept(kind, target, "api", endpoint,
                request, request.dryRun(), request.force()));
    }

}
