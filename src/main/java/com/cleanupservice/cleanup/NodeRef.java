package com.cleanupservice.cleanup;

/** A node row as the pipeline needs it. */
public record NodeRef(long id, String name, String deploymentId, String status) {
}
