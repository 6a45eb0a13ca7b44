/**
 * The API's JSON: these records ARE the answers. Handlers return them and Jackson writes them (the service's
 * {@code ObjectMapper}), and the OpenAPI document ({@code GET /api/openapi.json}) is read from the same classes: the
 * REST DSL names them ({@code type} for a request body, {@code responseModel} for an answer) and swagger-core reads them
 * into schemas. Components are named and ordered as on the wire (snake_case); a component absent from the JSON when
 * null or empty says so with {@code @JsonInclude}. The bottom package of wire shapes: it imports nothing of the
 * product. {@code api.OpenApiDocumentTest} checks real answers against the document.
 */
package com.cleanupservice.api.schema;
