package com.cleanupservice.api.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import io.swagger.v3.oas.annotations.media.Schema;

import java.io.IOException;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * {@code POST /api/cleanup/failures/{id}/retry}: the re-run cleanup's own answer, as {@code POST /api/cleanup/node/{id}}
 * (or {@code /deployment/{id}}) answers it, with the failure's id and status after it added at its end.
 */
@Schema(description = "The node's (or deployment's) cleanup answer, then retried_failure_id and failure_status",
        anyOf = {NodeCleanupReport.class, DeploymentCleanupReport.class})
@JsonSerialize(using = FailureRetry.Writer.class)
public record FailureRetry(
        @Schema(hidden = true) Object cleanup,
        @Schema(requiredMode = REQUIRED) long retried_failure_id,
        @Schema(requiredMode = REQUIRED, description = "open, resolved or superseded") String failure_status) {

    /** The cleanup's fields in their order (a record's, or a Map's not converted yet), then the failure's two. */
    static final class Writer extends StdSerializer<FailureRetry> {
        Writer() {
            super(FailureRetry.class);
        }

        @Override
        public void serialize(FailureRetry retry, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject(retry);
            if (retry.cleanup() instanceof Map<?, ?> fields) {
                for (Map.Entry<?, ?> f : fields.entrySet()) {
                    provider.defaultSerializeField(String.valueOf(f.getKey()), f.getValue(), gen);
                }
            } else if (retry.cleanup() != null) {
                provider.findValueSerializer(retry.cleanup().getClass()).unwrappingSerializer(NameTransformer.NOP)
                        .serialize(retry.cleanup(), gen, provider);
            }
            gen.writeNumberField("retried_failure_id", retry.retried_failure_id());
            gen.writeStringField("failure_status", retry.failure_status());
            gen.writeEndObject();
        }
    }
}
