package com.cleanupservice.validation;

import com.cleanupservice.api.schema.DeploymentValidation;
import com.cleanupservice.api.schema.DriftReport;
import com.cleanupservice.api.schema.NodeValidation;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.NodeKey;
import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.report.Response;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.support.Incident;
import com.cleanupservice.support.Refusal;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The steps of the validation routes: resolve what to validate, then look every tracked resource up live and answer
 * the seed's {@code {node_name, cleanup_complete, validation_results[{check, status, message}]}}. Read-only: nothing
 * here writes to the database or asks IBM Cloud to change anything.
 */
final class Validation {
    static final String NODE = "validationNode";
    static final String DEPLOYMENT = "validationDeploymentId";
    static final String NODES = "validationNodes";
    private static final Logger LOG = LoggerFactory.getLogger(Validation.class);

    private final NodeClaims claims;
    private final Lookups lookups;
    /** {@code {"kind", "id"}} -> the drift report of that node or deployment (live list calls). */
    private final Function<Map<String, Object>, DriftReport> drift;
    private final Checks nodeChecks;
    private final Checks deploymentChecks;

    Validation(NodeClaims claims, Lookups lookups, ResourceTypes types, Function<Map<String, Object>, DriftReport> drift) {
        this.claims = claims;
        this.lookups = lookups;
        this.drift = drift;
        this.nodeChecks = new Checks(types.all());
        // a deployment's own (node-less) resources exist only for types that can load them
        this.deploymentChecks = new Checks(types.all().stream().filter(t -> t.rows().loadForDeployment() != null).toList());
    }

    /** Body: a path id (node id or exact name), or a {@link NodeKey} -> the node (404 when unknown). */
    void resolveNode(Exchange e) {
        Object body = e.getIn().getBody();
        e.getIn().setBody(body instanceof NodeKey key ? claims.resolve(key) : claims.resolve(e.getIn().getBody(String.class)));
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
        // the lookups run on the IBM pools while this thread has the drift scan made (on the same pools)
        List<Lookups.Pending> pending = lookups.start(node.resources());
        String name = node.node().name();
        Scan scan = scan("node", name);
        e.getIn().setBody(new Response(200, finishNode(node, pending, scan.check(owner(name), "node", name))));
    }

    /** Body: the deployment's own resources; property {@link #NODES}: its nodes' -> the deployment's validation. */
    void answerDeployment(Exchange e) {
        List<NodeResources> nodes = nodesIn(e.getProperty(NODES));
        // every lookup of the deployment is submitted before any is awaited: the API pools bound the concurrency
        List<List<Lookups.Pending>> started = nodes.stream().map(n -> lookups.start(n.resources())).toList();
        List<Lookups.Pending> own = lookups.start(resources(e));
        // one scan for the whole deployment (each collection listed once), its findings given to their owners
        String deploymentId = e.getProperty(DEPLOYMENT, String.class);
        Scan scan = scan("deployment", deploymentId);
        List<NodeValidation> nodeBodies = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < nodes.size(); i++) {
            String name = nodes.get(i).node().name();
            NodeValidation body = finishNode(nodes.get(i), started.get(i), scan.check(owner(name), "deployment", deploymentId));
            complete &= body.cleanup_complete();
            nodeBodies.add(body);
        }
        List<Check> clusterChecks = deploymentChecks.of(lookups.await(own));
        // the deployment's own untracked resources (no node): cluster-level records, say
        UntrackedCheck clusterUntracked = scan.check(owner(null), "deployment", deploymentId);
        boolean clusterComplete = Checks.allPass(clusterChecks) && clusterUntracked.status() == CheckStatus.PASS;
        complete &= clusterComplete;
        DeploymentValidation.Cluster cluster = new DeploymentValidation.Cluster(clusterComplete,
                withUntracked(clusterChecks, clusterUntracked));
        e.getIn().setBody(new Response(200, new DeploymentValidation(deploymentId, complete, nodeBodies, cluster, Instant.now().toString())));
    }

    private NodeValidation finishNode(NodeResources node, List<Lookups.Pending> pending, UntrackedCheck untracked) {
        List<Check> checks = nodeChecks.of(lookups.await(pending));
        return new NodeValidation(node.node().name(), node.node().id(), node.node().deploymentId(), node.node().status(),
                Checks.allPass(checks) && untracked.status() == CheckStatus.PASS, withUntracked(checks, untracked), Instant.now().toString());
    }

    /** The tracked checks in their order, then the untracked one. */
    private static List<NodeValidation.Check> withUntracked(List<Check> checks, UntrackedCheck untracked) {
        List<NodeValidation.Check> results = new ArrayList<>(Checks.toJson(checks));
        results.add(untracked.toJson());
        return results;
    }

    /** A drift report, or why there is none (then every untracked check of it is an ERROR). */
    private record Scan(DriftReport report, String error) {
        UntrackedCheck check(Predicate<String> mine, String kind, String id) {
            return report == null ? UntrackedCheck.error(error)
                    : UntrackedCheck.of(report, mine, "/api/cleanup/drift/" + kind + "/" + id + "/adopt");
        }
    }

    private Scan scan(String kind, String id) {
        // a node's id is its name here, whatever it looks like
        Map<String, Object> target = "node".equals(kind) ? Map.of("kind", kind, "id", id, "by", "name") : Map.of("kind", kind, "id", id);
        try {
            return new Scan(drift.apply(target), null);
        } catch (RuntimeException broke) {
            for (Throwable c = broke; c != null; c = c.getCause()) {
                if (c instanceof Refusal refused) {
                    return new Scan(null, refused.getMessage()); // e.g. the node went away since it was resolved
                }
            }
            return new Scan(null, Incident.report(LOG, "Drift scan of " + kind + " " + id + " for validation failed", broke).message());
        }
    }

    /** Findings (or claimants) whose owner is this node; for null, the deployment's own. */
    private static Predicate<String> owner(String nodeName) {
        return owner -> Objects.equals(owner, nodeName);
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
