package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;


/** The optional body of {@code POST /api/cleanup/orphaned}. */
public record OrphanedRequest(@Schema(description = "nodes not updated for this long (default 24)", minimum = "1", maximum = "8760") Integer max_age_hours) {
}
