package com.cleanupservice.validation;

import com.cleanupservice.cleanup.FlattenLists;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmCalls;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Response;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import java.time.Duration;
import java.util.List;

import static com.cleanupservice.cleanup.CleanupRoutes.LOAD_SCOPE;

/**
 * Cleanup validation: is every resource ever tracked for a node (or deployment) really gone from IBM Cloud? Loads
 * the tracked rows, GONE ones included (camel-jdbc, through {@code direct:load-resources}), and asks IBM about each,
 * live. Read-only: no database writes, no deletes. Beside it, reconciliation ({@code direct:reconcile}) asks the same
 * way and marks GONE the rows IBM Cloud answers 404 for ({@link Reconciliation}); it deletes nothing either.
 */
public final class ValidationRoutes extends RouteBuilder {
    private static final String RECONCILE_TARGET = "reconcileTarget";

    @BeanInject
    NodeClaims claims;
    @BeanInject
    IbmCalls calls;
    @BeanInject
    ResourceTypes types;
    @BeanInject
    Settings settings;
    @BeanInject
    Jdbc jdbc;

    @Override
    public void configure() {
        ProducerTemplate producer = getContext().createProducerTemplate();
        // discovery by its endpoint (discovery.DriftRoutes.REPORT), not its classes: they record through the
        // provisioner, a feature above this one
        Lookups lookups = lookups();
        Validation validation = new Validation(claims, lookups, types,
                target -> producer.requestBody("direct:drift-report", target, Response.class).fields());
        Reconciliation reconciliation = new Reconciliation(claims, lookups, jdbc, types);

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

        // body: Reconciliation.Request -> Response(200, {message, marked_gone, still_present, errors, ...}); the only
        // route here that writes: it marks GONE the rows IBM Cloud answers 404 for now
        from("direct:reconcile").routeId("reconcile")
                .process(reconciliation::resolve)
                .setProperty(RECONCILE_TARGET, body())
                .split(simple("${body.loads}"), new FlattenLists())
                    .process(ValidationRoutes::loadHeaders)
                    .to("direct:load-resources")
                .end()
                .process(e -> e.getIn().setBody(reconciliation.answer(e.getProperty(RECONCILE_TARGET, Reconciliation.Target.class),
                        resources(e))));
    }

    private static void loadHeaders(Exchange e) {
        Reconciliation.Load load = e.getIn().getBody(Reconciliation.Load.class);
        Message m = e.getIn();
        m.removeHeaders("*");
        m.setHeader(Reconciliation.NODE.equals(load.scope()) ? "node_name" : "deployment_id", load.key());
        m.setHeader(LOAD_SCOPE, load.scope());
        m.setHeader("include_gone", true);
    }

    @SuppressWarnings("unchecked")
    private static List<TrackedResource> resources(Exchange e) {
        Object body = e.getIn().getBody();
        return body instanceof List<?> list ? (List<TrackedResource>) list : List.of();
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
