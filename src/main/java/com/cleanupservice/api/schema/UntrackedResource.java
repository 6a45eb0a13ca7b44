package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * An untracked resource a dry run with {@code include_untracked=true} lists next to its plan: what drift discovery
 * found, with the owner its evidence names, marked {@code "tracked": false}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UntrackedResource(@Schema(requiredMode = REQUIRED) String type, @Schema(requiredMode = REQUIRED) String id,
                                @Schema(nullable = true) String name, @Schema(nullable = true) String node_name,
                                @Schema(nullable = true) String deployment_id, List<String> evidence,
                                @Schema(description = "always false: not in the plan") boolean tracked) {

    /** The same resource marked untracked. */
    public UntrackedResource untracked() {
        return new UntrackedResource(type, id, name, node_name, deployment_id, evidence, false);
    }
}
