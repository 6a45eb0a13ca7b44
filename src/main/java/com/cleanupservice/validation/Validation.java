package com.cleanupservice.validation;

import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.report.Response;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.support.Refusal;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The steps of the validation routes: resolve what to validate, then look every tracked resource up live and answer
 * the seed's {@code {node_name, cleanup_complete, validation_results[{check, status, message}]}}. Read-only: nothing
 * here writes to the database or asks IBM Cloud to change anything.
 */
final class Validation {
    static final String NODE = "validationNode";
    static final String DEPLOYMENT = "validationDeploymentId";
    static final String NODES = "validationNodes";

    private final NodeClaims claims;
    private final Lookups lookups;
    private final Checks nodeChecks;
    private final Checks deploymentChecks;

    Validation(NodeClaims claims, Lookups lookups, ResourceTypes types) {
        this.claims = claims;
        this.lookups = lookups;
        this.nodeChecks = new Checks(types.all());
        // a deployment's own (node-less) resources exist only for types that can load them
        this.deploymentChecks = new Checks(types.all().stream().filter(t -> t.loadForDeploymentSql() != null).toList());
    }

    /** Body: node id or exact name -> the node (404 when unknown). */
    void resolveNode(Exchange e) {
        e.getIn().setBody(claims.resolve(e.getIn().getBody(String.class)));
    }

    /** Body: exact deployment id -> its nodes (404 when neither nodes nor a deployments row exist). */
    void resolveDeployment(Exchange e) {
        String deploymentId = e.getIn().getBody(String.class);
        if (deploymentId == null || deploymentId.isBlank()) {
            throw Refusal.badRequest("a deployment id is required");
        }
        List<NodeRef> nodes = claims.nodesOf(deploymentId);
        if (nodes.isEmpty() && !claims.deploymentExists(deploymentId)) {
            throw Refusal.notFound("Deployment not found: " + deploymentId);
        }
        e.setProperty(DEPLOYMENT, deploymentId);
        e.getIn().setBody(nodes);
    }

    /** Body: the loaded resources of the node in property {@link #NODE} -> a one-element list, for splits to flatten. */
    void pairWithNode(Exchange e) {
        e.getIn().setBody(List.of(new NodeResources(e.getProperty(NODE, NodeRef.class), resources(e))));
    }

    /** Body: [NodeResources] -> the node's validation. */
    void answerNode(Exchange e) {
        NodeResources node = nodesIn(e.getIn().getBody()).get(0);
        e.getIn().setBody(new Response(200, finishNode(node, lookups.start(node.resources()))));
    }

    /** Body: the deployment's own resources; property {@link #NODES}: its nodes' -> the deployment's validation. */
    void answerDeployment(Exchange e) {
        List<NodeResources> nodes = nodesIn(e.getProperty(NODES));
        // every lookup of the deployment is submitted before any is awaited: the API pools bound the concurrency
        List<List<Lookups.Pending>> started = nodes.stream().map(n -> lookups.start(n.resources())).toList();
        List<Lookups.Pending> own = lookups.start(resources(e));
        List<Map<String, Object>> nodeBodies = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < nodes.size(); i++) {
            Map<String, Object> body = finishNode(nodes.get(i), started.get(i));
            complete &= Boolean.TRUE.equals(body.get("cleanup_complete"));
            nodeBodies.add(body);
        }
        List<Check> clusterChecks = deploymentChecks.of(lookups.await(own));
        complete &= Checks.allPass(clusterChecks);
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("cleanup_complete", Checks.allPass(clusterChecks));
        cluster.put("validation_results", Checks.toJson(clusterChecks));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deployment_id", e.getProperty(DEPLOYMENT, String.class));
        body.put("cleanup_complete", complete);
        body.put("nodes", nodeBodies);
        body.put("cluster", cluster);
        body.put("timestamp", Instant.now().toString());
        e.getIn().setBody(new Response(200, body));
    }

    private Map<String, Object> finishNode(NodeResources node, List<Lookups.Pending> pending) {
        List<Check> checks = nodeChecks.of(lookups.await(pending));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node_name", node.node().name());
        body.put("node_id", node.node().id());
        body.put("deployment_id", node.node().deploymentId());
        body.put("node_status", node.node().status());
        body.put("cleanup_complete", Checks.allPass(checks));
        body.put("validation_results", Checks.toJson(checks));
        body.put("timestamp", Instant.now().toString());
        return body;
    }

    @SuppressWarnings("unchecked")
    private static List<TrackedResource> resources(Exchange e) {
        List<TrackedResource> resources = e.getIn().getBody(List.class);
        return resources == null ? List.of() : resources;
    }

    /** A split over no nodes leaves its input (an empty list of nodes) in place: only NodeResources count. */
    private static List<NodeResources> nodesIn(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Objects::nonNull).filter(NodeResources.class::isInstance).map(NodeResources.class::cast).toList();
    }
}
