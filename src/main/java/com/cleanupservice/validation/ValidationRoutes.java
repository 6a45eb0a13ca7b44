package com.cleanupservice.validation;

import com.cleanupservice.cleanup.FlattenLists;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmCalls;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.report.Response;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import java.time.Duration;

import static com.cleanupservice.cleanup.CleanupRoutes.LOAD_SCOPE;

/**
 * Cleanup validation: is every resource ever tracked for a node (or deployment) really gone from IBM Cloud? Loads
 * the tracked rows, GONE ones included (camel-jdbc, through {@code direct:load-resources}), and asks IBM about each,
 * live. Read-only: no database writes, no deletes.
 */
public final class ValidationRoutes extends RouteBuilder {
    @BeanInject
    NodeClaims claims;
    @BeanInject
    IbmCalls calls;
    @BeanInject
    ResourceTypes types;
    @BeanInject
    Settings settings;

    @Override
    public void configure() {
        ProducerTemplate producer = getContext().createProducerTemplate();
        // discovery by its endpoint (discovery.DriftRoutes.REPORT), not its classes: they record through the
        // provisioner, a feature above this one
        Validation validation = new Validation(claims, lookups(), types,
                target -> producer.requestBody("direct:drift-report", target, Response.class).body());

        // body: node id or exact name (or a cleanup.NodeKey) -> Response(200, {node_name, node_id, cleanup_complete, validation_results, ...})
        from("direct:validate-node").routeId("validate-node")
                .process(validation::resolveNode)
                .to("direct:load-node-for-validation")
                .process(validation::answerNode);

        // body: NodeRef -> [NodeResources]
        from("direct:load-node-for-validation").routeId("load-node-for-validation")
                .setProperty(Validation.NODE, body())
                .setHeader("node_name", simple("${body.name}"))
                .setHeader(LOAD_SCOPE, constant("node"))
                .setHeader("include_gone", constant(true))
                .to("direct:load-resources")
                .process(validation::pairWithNode);

        // body: deployment id -> Response(200, {deployment_id, cleanup_complete, nodes[...], cluster{...}, timestamp})
        from("direct:validate-deployment").routeId("validate-deployment")
                .process(validation::resolveDeployment)
                .split(body(), new FlattenLists())
                    .to("direct:load-node-for-validation")
                .end()
                .setProperty(Validation.NODES, body())
                .setHeader("deployment_id", exchangeProperty(Validation.DEPLOYMENT))
                .setHeader(LOAD_SCOPE, constant("deployment"))
                .setHeader("include_gone", constant(true))
                .to("direct:load-resources")
                .process(validation::answerDeployment);
    }

    private Lookups lookups() {
        Duration connect = IbmClients.connectTimeout(settings);
        Duration read = IbmClients.readTimeout(settings);
        // the HTTP client gives up after connect + read; the margin lets its own, more telling error arrive first
        Duration call = settings.millis("cleanup.validation.lookup-timeout-ms", connect.plus(read).plusSeconds(5).toMillis());
        Duration queue = settings.millis("cleanup.validation.queue-timeout-ms", 120_000);
        return new Lookups(calls, queue, call);
    }
}
