package com.cleanupservice.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The body of {@code POST /api/cleanup/drift/.../adopt}: {@code ids} or {@code all}, not both. */
public record AdoptRequest(@Schema(description = "the untracked IBM ids to adopt") List<String> ids,
                           @Schema(description = "adopt every untracked resource with evidence") Boolean all,
                           @Schema(description = "also mark the missing rows GONE") Boolean mark_gone) {
}
