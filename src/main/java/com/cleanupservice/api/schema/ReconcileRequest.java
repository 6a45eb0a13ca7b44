package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The optional body of {@code POST /api/cleanup/reconcile/...}: without it every tracked row of the target is looked up. */
public record ReconcileRequest(
        @Schema(description = "only these tracked IBM ids of the target (a non-empty list; an id not tracked for it is refused)")
        List<String> ids) {
}
