package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/plans}: exactly one of {@code node}, {@code deployment}, {@code targets} and
 * {@code sweep}; {@code force} to include live nodes, as a cleanup requires it.
 */
public record PlanRequest(
        @Schema(description = "a node: its id (all digits) or exact name, as in /api/cleanup/node/{id}") String node,
        @Schema(description = "a deployment's exact id") String deployment,
        @Schema(description = "node targets as a batch's cleanup_nodes takes them: names, ids, {\"node_name\"} or {\"node_id\"} objects",
                example = "[\"nutanix-poc-bm-node-01\", {\"node_name\": \"nutanix-poc-bm-node-03\"}]") List<Object> targets,
        @Schema(description = "the nodes an orphan sweep would take now: {} or {\"max_age_hours\": N}") Map<String, Object> sweep,
        @Schema(description = "include live (deployed, provisioning) nodes") Boolean force,
        @Schema(description = "who asks, for the record (default: token when an API token is set, else loopback)") String requested_by) {
}
