package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * Every refusal and failure under /api ({@code api.Api.errorBody}, the HTTP edge): the same shape whatever the status.
 * The details between status and timestamp are present only when the refusal gives them.
 */
@Schema(description = "An error: {error, status, ...details, timestamp}. Details depend on the refusal.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(
        @Schema(requiredMode = REQUIRED, description = "what was refused or went wrong, as a sentence") String error,
        @Schema(requiredMode = REQUIRED, description = "the HTTP status, again") int status,
        @Schema(description = "409 of the blast-radius guard: guard_exceeded or confirm_count_mismatch; of a saved plan: plan_stale, plan_expired, plan_applied") String code,
        @Schema(description = "409 of the blast-radius guard: the resources the run would delete") Long planned_count,
        @Schema(description = "409 confirm_count_mismatch: the count given") Integer confirm_count,
        @Schema(description = "409 guard_exceeded: the limit exceeded, max_resources or max_percent") String limit,
        @Schema(description = "409 guard_exceeded by max_resources: the limit") Integer max_resources,
        @Schema(description = "409 guard_exceeded by max_percent: the limit, in percent") Integer max_percent,
        @Schema(description = "409 guard_exceeded by max_percent: the planned count's share of total_tracked") Double planned_percent,
        @Schema(description = "409 guard_exceeded by max_percent: every tracked resource not yet deleted") Long total_tracked,
        @Schema(description = "400 for a flag: the query parameter") String parameter,
        @Schema(description = "400 for a flag: the values it takes") Collection<String> accepted_values,
        @Schema(description = "400 for a query parameter: the endpoint's declared ones") Collection<String> accepted_parameters,
        @Schema(description = "400 for a body key: the keys that are not") Collection<String> unknown_keys,
        @Schema(description = "400 for a body key: the keys the body takes") Collection<String> accepted_keys,
        @Schema(description = "400 for a reconcile: the ids not tracked for its target") Collection<String> unknown_ids,
        @Schema(description = "405: the methods the path takes") Collection<String> allowed_methods,
        @Schema(description = "400 for a provisioner record: the field refused") String field,
        @ArraySchema(arraySchema = @Schema(description = "409 for a live node or one being cleaned: which and why"),
                schema = @Schema(implementation = RefusedNode.class)) List<?> refused_nodes,
        @Schema(description = "409 for another owner's IBM id: that owner") Owner owner,
        @Schema(description = "503 while this instance shuts down: true") Boolean shutting_down,
        @Schema(description = "500 and 503: the id under which the log has the cause") String trace_id,
        @Schema(description = "a saved plan's refusal: the plan") String plan_id,
        @Schema(format = "uuid", description = "409 plan_applied: the run carrying out the plan's apply") String run_id,
        @Schema(format = "date-time", description = "410 plan_expired: when it expired") String expires_at,
        @Schema(description = "409 plan_stale: tracked rows of the target recorded since the plan") List<PlanChanges.PlanRow> rows_added,
        @Schema(description = "409 plan_stale: tracked rows of the plan no longer anywhere") List<PlanChanges.PlanRow> rows_removed,
        @Schema(description = "409 plan_stale: rows whose ledger state changed") List<PlanChanges.PlanRowChange> states_changed,
        @Schema(description = "409 plan_stale: rows whose owner (node, or deployment) changed") List<PlanChanges.PlanRowChange> ownership_moved,
        @Schema(description = "409 plan_stale: nodes of the target that changed name or status, came or went") List<PlanChanges.PlanNodeChange> nodes_changed,
        @Schema(requiredMode = REQUIRED, format = "date-time") String timestamp) {
    /** The details an error may carry, by their wire names. */
    public static final Set<String> DETAILS = Set.of("code", "planned_count", "confirm_count", "limit", "max_resources", "max_percent",
            "planned_percent", "total_tracked", "parameter", "accepted_values", "accepted_parameters", "unknown_keys", "accepted_keys",
            "unknown_ids", "allowed_methods", "field", "refused_nodes", "owner", "shutting_down", "trace_id", "plan_id", "run_id",
            "expires_at", "rows_added", "rows_removed", "states_changed", "ownership_moved", "nodes_changed");

    public record RefusedNode(String node_name, String current_status, String reason) {
    }
    /** Whose an IBM id is: a node (and its deployment), or a deployment. */
    public record Owner(String resource_type, @Schema(nullable = true) String node_name, @Schema(nullable = true) String deployment_id,
                        boolean disputed) {
    }

    /** An error now, with a refusal's details (names from {@link #DETAILS}; any other is a mistake of the caller). */
    @SuppressWarnings("unchecked")
    public static ApiError of(int status, String message, Map<String, ?> details) {
        for (String key : details.keySet()) {
            if (!DETAILS.contains(key)) {
                throw new IllegalArgumentException("an error detail ApiError does not describe: " + key);
            }
        }
        return new ApiError(message, status, (String) details.get("code"), (Long) details.get("planned_count"),
                (Integer) details.get("confirm_count"), (String) details.get("limit"), (Integer) details.get("max_resources"),
                (Integer) details.get("max_percent"), (Double) details.get("planned_percent"), (Long) details.get("total_tracked"),
                (String) details.get("parameter"), (Collection<String>) details.get("accepted_values"),
                (Collection<String>) details.get("accepted_parameters"), (Collection<String>) details.get("unknown_keys"),
                (Collection<String>) details.get("accepted_keys"), (Collection<String>) details.get("unknown_ids"),
                (Collection<String>) details.get("allowed_methods"), (String) details.get("field"), (List<?>) details.get("refused_nodes"),
                (Owner) details.get("owner"), (Boolean) details.get("shutting_down"), (String) details.get("trace_id"),
                (String) details.get("plan_id"), (String) details.get("run_id"), (String) details.get("expires_at"),
                (List<PlanChanges.PlanRow>) details.get("rows_added"), (List<PlanChanges.PlanRow>) details.get("rows_removed"),
                (List<PlanChanges.PlanRowChange>) details.get("states_changed"), (List<PlanChanges.PlanRowChange>) details.get("ownership_moved"),
                (List<PlanChanges.PlanNodeChange>) details.get("nodes_changed"), Instant.now().toString());
    }
}
