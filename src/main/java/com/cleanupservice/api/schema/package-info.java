/**
 * The API's JSON answers and bodies, one record per shape, named as on the wire: component names are the wire's keys
 * (snake_case) and component order is the wire's order; {@code @JsonInclude} marks the keys an answer leaves out when
 * they have no value. Handlers return these records and Jackson writes them, and the REST DSL names the same records
 * ({@code type} for a request body, {@code responseModel} for an answer) for the OpenAPI document
 * ({@code GET /api/openapi.json}), so the document and the runtime come from the same classes;
 * {@code api.OpenApiDocumentTest} checks real answers against it. The bottom package of wire shapes: it uses nothing
 * of the product.
 */
package com.cleanupservice.api.schema;
