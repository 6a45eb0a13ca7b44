package com.cleanupservice.cleanup;

import java.util.List;

/**
 * How one node's cleanup ended: each resource's result, then the node status update (the seed's
 * {@code database_records} step). {@code error} is set when the run broke off (for example the database failed).
 */
public record NodeOutcome(NodeRef node, List<OperationResult> results, StatusUpdate statusUpdate, String error,
                          long durationMs) {

    public record StatusUpdate(boolean success, String status, String message) {
    }

    public boolean success() {
        return error == null && statusUpdate.success() && results.stream().allMatch(OperationResult::success);
    }

    public int totalOperations() {
        return results.size() + 1;
    }

    public int successfulOperations() {
        return (int) results.stream().filter(OperationResult::success).count() + (statusUpdate.success() ? 1 : 0);
    }
}
