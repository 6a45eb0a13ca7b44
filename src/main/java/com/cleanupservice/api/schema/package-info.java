/**
 * The API's answers and request bodies, as records named as on the wire (snake_case): the handlers build and return
 * these, Jackson (the service's ObjectMapper) writes them, and the OpenAPI document ({@code GET /api/openapi.json})
 * describes them — one source of truth. Component order is the JSON's key order; a component absent from the JSON when
 * it is null carries {@code @JsonInclude(NON_NULL)}. The REST DSL names them ({@code type} for a request body,
 * {@code responseModel} for an answer) and swagger-core reads them into schemas; {@code api.OpenApiDocumentTest} checks
 * real answers against them. This package uses nothing of the product: every feature may use it.
 */
package com.cleanupservice.api.schema;
