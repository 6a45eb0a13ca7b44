package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


/** {@code GET /api/cleanup/status}: overall, one node ({@code ?node_name=}) or one deployment ({@code ?deployment_id=}). */
@Schema(description = "Overall counts, or one node's status (?node_name=), or one deployment's (?deployment_id=)",
        anyOf = {OverallStatus.class, NodeStatusView.class, DeploymentStatusView.class})
public record CleanupStatusAnswer() {
}
