package com.cleanupservice.script;

import com.cleanupservice.cleanup.NodeRef;

import java.util.ArrayList;
import java.util.List;

/**
 * What a script cleans: a whole deployment (its nodes and its own, node-less resources) or one node.
 *
 * @param kind         {@code deployment} or {@code node}
 * @param name         the deployment id or the node name
 * @param deploymentId the deployment (of the node)
 * @param nodes        the nodes whose tracked resources the script deletes
 * @param lastRun      the latest recorded cleanup run of the target, described for the header; null if none
 */
public record ScriptTarget(String kind, String name, String deploymentId, List<NodeRef> nodes, String lastRun) {

    static final String DEPLOYMENT = "deployment";
    static final String NODE = "node";

    /** One call of {@code direct:load-resources}: a node's rows, or the deployment's own. */
    public record Load(String scope, String key) {
    }

    public List<Load> loads() {
        List<Load> loads = new ArrayList<>();
        nodes.forEach(n -> loads.add(new Load(NODE, n.name())));
        if (DEPLOYMENT.equals(kind)) {
            loads.add(new Load(DEPLOYMENT, deploymentId));
        }
        return loads;
    }

    /** E.g. {@code deployment demo-deployment (3 nodes)}. */
    public String describe() {
        return DEPLOYMENT.equals(kind)
                ? "deployment " + name + " (" + nodes.size() + (nodes.size() == 1 ? " node)" : " nodes)")
                : "node " + name + " (id " + nodes.get(0).id() + ", deployment " + deploymentId + ")";
    }
}
