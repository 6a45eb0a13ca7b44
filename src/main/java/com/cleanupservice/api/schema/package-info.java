/**
 * The shapes of the API's JSON, for the OpenAPI document only ({@code GET /api/openapi.json}): the routes answer Maps
 * and records of their own features, and these records say what those hold, named as on the wire (snake_case). The
 * REST DSL names them ({@code type} for a request body, {@code responseModel} for an answer) and swagger-core reads
 * them into schemas. Nothing at run time uses them; {@code api.OpenApiDocumentTest} checks real answers against them.
 */
package com.cleanupservice.api.schema;
