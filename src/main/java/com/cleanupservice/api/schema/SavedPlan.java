package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * A saved plan ({@code POST /api/plans}, {@code GET /api/plans/{id}}): a dry run's exact resources in order, the digest
 * of the tracked state they were computed from, and whether it was applied (by which run) or has expired.
 */
public record SavedPlan(
        @Schema(requiredMode = REQUIRED, example = "pl-k3v7q2mxa4bn5c6d7e2f") String plan_id,
        @Schema(requiredMode = REQUIRED, description = "the first 8 characters after pl-: what a person types to confirm an apply",
                example = "k3v7q2mx") String short_id,
        @Schema(requiredMode = REQUIRED) PlanTarget target,
        @Schema(requiredMode = REQUIRED, description = "the resources an apply deletes, in the order the dry run planned them")
        List<PlanResource> resources,
        @Schema(requiredMode = REQUIRED) int resource_count,
        @Schema(requiredMode = REQUIRED, description = "hex SHA-256 of the tracked state (rows, their states and owners, the nodes) the plan was computed from")
        String digest,
        @Schema(requiredMode = REQUIRED, description = "who saved it: the requested_by of the body, else token (API token) or loopback")
        String requested_by,
        @Schema(requiredMode = REQUIRED, format = "date-time") String created_at,
        @Schema(requiredMode = REQUIRED, format = "date-time") String expires_at,
        @Schema(requiredMode = REQUIRED, allowableValues = {"open", "applied", "expired"}) String state,
        @JsonInclude(NON_NULL) @Schema(format = "uuid", description = "applied: the run carrying out the apply (GET /api/cleanup/runs/{id})")
        String applied_run_id,
        @JsonInclude(NON_NULL) @Schema(format = "date-time") String applied_at) {

    /** What a plan is of: a node, a deployment, a batch of node targets, or the nodes an orphan sweep would take. */
    public record PlanTarget(
            @Schema(requiredMode = REQUIRED, allowableValues = {"node", "deployment", "batch", "sweep"}) String kind,
            @JsonInclude(NON_NULL) @Schema(description = "node: the node's name") String node_name,
            @JsonInclude(NON_NULL) @Schema(description = "deployment: its id") String deployment_id,
            @JsonInclude(NON_NULL) @Schema(description = "batch and sweep: the nodes, by name, in order") List<String> node_names,
            @JsonInclude(NON_NULL) @Schema(description = "sweep: the age the nodes were selected by") Integer max_age_hours,
            @Schema(requiredMode = REQUIRED, description = "live nodes included (as force=true on a cleanup)") boolean force) {
    }

    /** One resource an apply deletes: its type, IBM id, tracked row and owner. */
    public record PlanResource(
            @Schema(requiredMode = REQUIRED) String resource_type,
            @Schema(requiredMode = REQUIRED) String resource_id,
            @Schema(requiredMode = REQUIRED, description = "the tracked row's id") long tracked_id,
            @Schema(nullable = true) String resource_name,
            @Schema(requiredMode = REQUIRED, nullable = true, description = "the node owning it; null for a deployment's own") String node_name,
            @Schema(requiredMode = REQUIRED, nullable = true) String deployment_id,
            @Schema(requiredMode = REQUIRED, description = "the tracked row's state when planned") String ledger_state,
            @JsonInclude(NON_NULL) @Schema(description = "why an apply will not delete it: who else tracks it") String blocked,
            @Schema(nullable = true, description = "the account its delete goes to (null in a plan saved before places were shown)",
                    example = "sandbox") String account,
            @Schema(nullable = true, description = "its region; null for a global one (a DNS record)", example = "us-south") String region) {
    }
}
