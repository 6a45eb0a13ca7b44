package com.cleanupservice.api;

import com.cleanupservice.api.schema.ApiError;
import com.cleanupservice.api.schema.ResourceRecord;
import com.cleanupservice.resources.ResourceTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.OpenApiHelper;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/openapi.json}: the REST DSL of the running context ({@code routes/*.camel.yaml}: paths, operations,
 * parameters, request bodies, response codes and schemas) read by Camel's {@link RestOpenApiReader} into an OpenAPI
 * 3.0 document, once, on first use; the JSON is kept and served as it is.
 *
 * <p>What the REST DSL cannot say is added here, and only that:
 * <ul>
 *   <li>examples: the DSL holds an example as a string, so each operation's examples are JSON files
 *   ({@code /openapi/examples/<operation id>.json}: status code to named real answers), set on that response's
 *   {@code application/json} content. An example for an operation or status the DSL does not declare fails the
 *   build of the document (and so the test), so they cannot drift apart;</li>
 *   <li>what the HTTP edge ({@link ApiGuard}) answers for every endpoint before a route sees it: 400 (an undeclared
 *   query parameter, a body where none is taken), 401 (once a token is set), 403 (tokenless: a foreign host name or
 *   a cross-site change), 408, 413 and 415 (bodies: not arrived in time, too large, not JSON), 503 (database
 *   down; and, but for reads, this instance shutting down), 500; and the bearer scheme, optional as the token is;</li>
 *   <li>CSV answers are text: an endpoint producing JSON or CSV names the JSON's model, which the CSV is not;</li>
 *   <li>Camel's vendor extensions ({@code x-className}, {@code x-camelContextId}) are dropped and the server is
 *   {@code /}: the paths are the full paths, relative to wherever the service answers.</li>
 * </ul>
 */
public final class OpenApiDocument {
    static final String EXAMPLES = "/openapi/examples/";
    static final String BEARER = "bearerAuth";

    private final CamelContext context;
    private final String version;
    private volatile byte[] json;

    public OpenApiDocument(CamelContext context, String version) {
        this.context = context;
        this.version = version;
    }

    /** The document as JSON bytes, generated on the first call. */
    public byte[] json() {
        byte[] doc = json;
        if (doc == null) {
            synchronized (this) {
                doc = json;
                if (doc == null) {
                    doc = render(generate());
                    json = doc;
                }
            }
        }
        return doc;
    }

    OpenAPI generate() {
        BeanConfig config = new BeanConfig();
        config.setVersion("3.0.3");
        config.setInfo(new Info().title("cleanup-service API").version(version)
                .description("Deletes the IBM Cloud VPC resources a provisioner created for failed or retired nodes and "
                        + "deployments, and proves nothing was left behind. Generated from the service's REST DSL."));
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        OpenAPI api;
        try {
            api = new RestOpenApiReader().read(context, model.getRestDefinitions(), config, context.getName(), context.getClassResolver());
        } catch (Exception e) {
            throw new IllegalStateException("the OpenAPI document could not be generated from the REST DSL", e);
        }
        anyValueForObject(api);
        csvAsText(api);
        describeResourceRecords(api);
        OpenApiHelper.clearVendorExtensions(api);
        api.setServers(List.of(new Server().url("/").description("wherever the service answers (paths are absolute)")));
        addEdgeResponses(api);
        addExamples(api);
        return api;
    }

    /**
     * A provisioner's resource record names its type and the type's own fields: which types and fields there are is
     * the registry's (the record names none), so the document lists them from the registry the service runs with —
     * the allowed types, each type's fields, and text for every field.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void describeResourceRecords(OpenAPI api) {
        ResourceTypes types = context.getRegistry().findSingleByType(ResourceTypes.class);
        Schema<?> record = api.getComponents() == null || api.getComponents().getSchemas() == null ? null
                : api.getComponents().getSchemas().get(ResourceRecord.class.getSimpleName());
        if (types == null || record == null || record.getProperties() == null || !record.getProperties().containsKey("type")) {
            return;
        }
        ((Schema) record.getProperties().get("type")).setEnum(new ArrayList<>(types.names()));
        record.setAdditionalProperties(new StringSchema().description("one of the fields its type declares"));
        record.setDescription(record.getDescription() + " Types and their fields: " + types.all().stream()
                .map(t -> t.name() + ": " + String.join(", ", new java.util.TreeSet<>(t.declaration().recordFields().keySet())))
                .collect(java.util.stream.Collectors.joining("; ")) + ".");
    }

    /**
     * swagger-core reads {@code Object} (a value of any JSON type: a run's summary, a Map's values) as
     * {@code type: object}; it is any value, so its schema is the empty one. Then Camel's class-name extensions go.
     */
    private static void anyValueForObject(OpenAPI api) {
        if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
            api.getComponents().getSchemas().values().forEach(OpenApiDocument::anyValueForObject);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void anyValueForObject(Schema<?> schema) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().replaceAll((name, property) -> anyIfObject(property));
            schema.getProperties().values().forEach(OpenApiDocument::anyValueForObject);
        }
        if (schema.getItems() != null) {
            schema.setItems(anyIfObject(schema.getItems()));
            anyValueForObject(schema.getItems());
        }
        if (schema.getAdditionalProperties() instanceof Schema additional) {
            schema.setAdditionalProperties(anyIfObject(additional));
            anyValueForObject((Schema<?>) schema.getAdditionalProperties());
        }
        if (schema.getExtensions() != null) {
            schema.getExtensions().remove("x-className");
            if (schema.getExtensions().isEmpty()) {
                schema.setExtensions(null);
            }
        }
    }

    /**
     * An endpoint that answers JSON or CSV (a run's report) names one model, the JSON's; its CSV is text: the same
     * fields as columns under a header line.
     */
    private static void csvAsText(OpenAPI api) {
        for (PathItem path : api.getPaths().values()) {
            for (Operation op : path.readOperations()) {
                op.getResponses().values().forEach(response -> {
                    MediaType csv = response.getContent() == null ? null : response.getContent().get("text/csv");
                    if (csv != null) {
                        csv.setSchema(new StringSchema().description("CSV (RFC 4180, UTF-8, CRLF line ends): a header line of the JSON "
                                + "answer's field names, then one line per element, in the same order; a field starting with =, +, - or @ "
                                + "is prefixed with ' (spreadsheet formula injection)"));
                    }
                });
            }
        }
    }

    private static Schema<?> anyIfObject(Schema<?> schema) {
        Object className = schema.getExtensions() == null ? null : schema.getExtensions().get("x-className");
        boolean object = className instanceof Map<?, ?> m && "java.lang.Object".equals(m.get("format"));
        return object ? new Schema<>().description(schema.getDescription()) : schema;
    }

    private static byte[] render(OpenAPI api) {
        BeanConfig config = new BeanConfig();
        config.setVersion(api.getOpenapi());
        return RestOpenApiSupport.getJsonFromOpenAPIAsString(api, config).getBytes(StandardCharsets.UTF_8);
    }

    /** The answers of the HTTP edge, the same for every endpoint; an endpoint's own 400 (its description) stays. */
    private static void addEdgeResponses(OpenAPI api) {
        Components components = api.getComponents();
        if (components == null || components.getSchemas() == null || !components.getSchemas().containsKey(ApiError.class.getSimpleName())) {
            throw new IllegalStateException("no REST verb names " + ApiError.class.getName() + " as a responseModel: the error body is undocumented");
        }
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("Authorization: Bearer <CLEANUP_API_TOKEN>, required once the service has a token (always "
                        + "off loopback); without one configured, no header is needed"));
        api.setSecurity(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement()));
        for (PathItem path : api.getPaths().values()) {
            for (Operation op : path.readOperations()) {
                ApiResponses responses = op.getResponses();
                responses.remove(ApiResponses.DEFAULT);
                // errors are JSON whatever the endpoint produces (a script endpoint's 404 too)
                responses.forEach((code, response) -> {
                    if (code.startsWith("4") || code.startsWith("5")) {
                        response.setContent(errorContent());
                    }
                });
                boolean body = op.getRequestBody() != null;
                edge(responses, "400", body ? "Bad request: an undeclared or repeated query parameter, or a request body that is not "
                        + "the JSON described" : "Bad request: an undeclared or repeated query parameter, or a request body (none is taken)");
                edge(responses, "401", "Missing or wrong bearer token (only when the service has a token)");
                edge(responses, "403", "Refused before any check of the request, only when the service has no token: a host name "
                        + "other than a loopback one, or a browser's change from another site (Origin)");
                if (body) {
                    edge(responses, "408", "Request body not all received within cleanup.http.body-timeout-ms of the headers "
                            + "(the connection is closed)");
                    edge(responses, "413", "Request body larger than cleanup.http.max-body-bytes");
                    edge(responses, "415", "Request body not sent as application/json");
                }
                edge(responses, "500", "Unexpected failure: the answer carries a trace_id to find it in the log, never the exception");
                boolean read = op == path.getGet() || op == path.getHead();
                edge(responses, "503", read ? "The database does not answer (Retry-After: 5)"
                        : "The database does not answer (Retry-After: 5), or this instance is shutting down and starts nothing "
                                + "new (Retry-After: 1; sent again, the request reaches another instance)");
            }
        }
    }

    private static void edge(ApiResponses responses, String code, String description) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(description).content(errorContent()));
        }
    }

    static Content errorContent() {
        return new Content().addMediaType("application/json", new MediaType()
                .schema(new Schema<>().$ref(RestOpenApiReader.OAS30_SCHEMA_DEFINITION_PREFIX + ApiError.class.getSimpleName())));
    }

    /** Each operation's examples file: {@code {"200": {"completed": {...}}, "409": {"live": {...}}}}, real answers by status and name. */
    private static void addExamples(OpenAPI api) {
        ObjectMapper mapper = Json.mapper();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().readOperationsMap().entrySet()) {
                Operation op = entry.getValue();
                JsonNode examples = read(mapper, op.getOperationId());
                if (examples == null) {
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = examples.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> example = it.next();
                    ApiResponse response = op.getResponses().get(example.getKey());
                    MediaType media = response == null || response.getContent() == null ? null
                            : response.getContent().get("application/json");
                    if (media == null) {
                        problems.add(op.getOperationId() + " " + example.getKey());
                        continue;
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> named = example.getValue().fields(); named.hasNext(); ) {
                        Map.Entry<String, JsonNode> one = named.next();
                        media.addExamples(one.getKey(), new Example().value(mapper.convertValue(one.getValue(), Object.class)));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("examples for responses the REST DSL does not declare with a JSON schema: " + problems);
        }
    }

    private static JsonNode read(ObjectMapper mapper, String operationId) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(EXAMPLES + operationId + ".json")) {
            return in == null ? null : mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("examples of " + operationId + " are not JSON", e);
        }
    }
}
