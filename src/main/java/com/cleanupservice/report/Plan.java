package com.cleanupservice.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * A dry run's answer: the exact ordered plan, nothing deleted. Lanes run side by side; the steps of a lane one after
 * another; the operations of a step at the same time.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"total_operations", "lanes"})
public record Plan(int totalOperations, List<Lane> lanes) {

    /** {@code lane}: the types of the lane in order, e.g. {@code bare_metal_server -> virtual_network_interface}. */
    @JsonPropertyOrder({"lane", "steps"})
    public record Lane(String lane, List<Step> steps) {
    }

    @JsonPropertyOrder({"step", "parallel", "operations"})
    public record Step(int step, boolean parallel, List<Planned> operations) {
    }

    /** One delete the run would make, with the request it would send; {@code blocked} when it would not. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"type", "resource_type", "resource_id", "resource_name", "ledger_state", "request", "blocked"})
    public record Planned(String type, String resourceType, String resourceId, String resourceName, String ledgerState,
                          String request, @JsonInclude(JsonInclude.Include.NON_NULL) String blocked) {
    }
}
