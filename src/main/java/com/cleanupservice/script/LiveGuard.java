package com.cleanupservice.script;

import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.resources.TrackedResource;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A script follows the guard a cleanup has: it may delete nothing of a live node (deployed, provisioning) unless
 * asked with {@code force=true}. A live node with nothing left to delete does not block; the refusal names every live
 * node that does, in the shape a refused cleanup answers ({@code refused_nodes}).
 */
final class LiveGuard {
    private LiveGuard() {
    }

    /** 409 when a live node of {@code target} has a row in {@code resources} (rows not GONE) and {@code force} is false. */
    static void check(ScriptTarget target, List<TrackedResource> resources, boolean force) {
        if (force) {
            return;
        }
        Map<String, Long> left = left(resources);
        List<NodeRef> blocking = live(target).stream().filter(n -> left.containsKey(n.name())).toList();
        if (!blocking.isEmpty()) {
            throw NodeClaims.refusal(blocking, "Script", "are live and still have resources the script would delete",
                    n -> "the script would delete its " + left.get(n.name()) + " tracked resource(s) not yet gone;"
                            + " add force=true to get a script that deletes them anyway");
        }
    }

    /** The target's live nodes, in its order. */
    static List<NodeRef> live(ScriptTarget target) {
        return target.nodes().stream().filter(n -> NodeStatus.in(NodeStatus.LIVE, n.status())).toList();
    }

    /** Rows per node (a deployment's own rows have none). */
    static Map<String, Long> left(List<TrackedResource> resources) {
        return resources.stream().filter(r -> r.nodeName() != null)
                .collect(Collectors.groupingBy(TrackedResource::nodeName, Collectors.counting()));
    }
}
