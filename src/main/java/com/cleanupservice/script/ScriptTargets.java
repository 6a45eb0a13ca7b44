package com.cleanupservice.script;

import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.support.Refusal;

import java.util.List;

/** Resolves a request's id to a {@link ScriptTarget}: exact ids only, 404 when unknown. */
final class ScriptTargets {
    /** Real runs only: a dry run deleted nothing, so it says nothing about what is left. */
    private static final String LAST_RUN = """
            SELECT run_id, state, created_at FROM cleanup_runs
             WHERE kind = ? AND target = ? AND NOT dry_run
             ORDER BY created_at DESC LIMIT 1
            """;

    private final NodeClaims claims;
    private final Jdbc jdbc;

    ScriptTargets(NodeClaims claims, Jdbc jdbc) {
        this.claims = claims;
        this.jdbc = jdbc;
    }

    ScriptTarget deployment(String deploymentId) {
        if (!claims.deploymentExists(deploymentId)) {
            throw Refusal.notFound("Deployment not found: " + deploymentId);
        }
        return new ScriptTarget(ScriptTarget.DEPLOYMENT, deploymentId, deploymentId, claims.nodesOf(deploymentId),
                lastRun(ScriptTarget.DEPLOYMENT, deploymentId));
    }

    ScriptTarget node(String idOrName) {
        NodeRef node = claims.resolve(idOrName);
        return new ScriptTarget(ScriptTarget.NODE, node.name(), node.deploymentId(), List.of(node),
                lastRun(ScriptTarget.NODE, node.name()));
    }

    private String lastRun(String kind, String target) {
        return jdbc.one(LAST_RUN, rs -> rs.getString("run_id") + " (" + rs.getString("state") + ", started "
                + rs.getTimestamp("created_at").toInstant() + ")", kind, target).orElse(null);
    }
}
