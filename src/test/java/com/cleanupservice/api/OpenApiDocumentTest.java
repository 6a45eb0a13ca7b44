package com.cleanupservice.api;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SandboxApp.Reply;
import com.cleanupservice.testsupport.SharedSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.apache.camel.spi.RestRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/openapi.json} of a running service: a valid OpenAPI 3 document (swagger-parser) that describes every
 * REST route of the running context and the seed's endpoints, with parameters, request bodies, response schemas and
 * examples that validate against those schemas (networknt, OpenAPI 3.0 dialect) — and real answers validate too, so the
 * document cannot drift from what the code answers. On the shared application, the real answers from a deployment of
 * its own (nodes 256-258); its orphan sweep asks for nodes a year old, so it sweeps none of the other classes' nodes.
 */
@SharedSandbox
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The seed spec's endpoint table (shared/spec/cleanup-service-seed.md, "API Reference"). */
    private static final List<String> SEED_ENDPOINTS = List.of(
            "POST /api/cleanup/node/{id}",
            "POST /api/cleanup/deployment/{id}",
            "GET /api/cleanup/status",
            "GET /api/cleanup/validate/{id}",
            "GET /api/cleanup/script/{id}",
            "POST /api/cleanup/orphaned",
            "POST /api/cleanup/batch");
    private static final Set<String> BOOLEAN_FLAGS = Set.of("force", "dry_run", "async", "include_untracked");
    private static final Set<String> INTEGER_PARAMETERS = Set.of("limit", "after", "confirm_count");
    /** Cursors that are ids, not numbers: the deployments' page starts after a deployment id. */
    private static final Set<String> STRING_CURSORS = Set.of("GET /api/cleanup/deployments parameter after");

    private static SandboxApp app;
    private static Reply reply;
    private static JsonNode document;
    private static OpenAPI parsed;
    private static SwaggerParseResult parse;

    /** This class's deployment on the shared application, laid out like the demo one (nodes 256-258). */
    private static final String DEPLOYMENT = "oa-deployment";
    private static List<DemoData.Node> nodes;

    @BeforeAll
    static void start(SandboxApp shared) throws Exception {
        app = shared;
        nodes = List.of(DemoData.node(256, "oa-node-256", "failed"), DemoData.node(257, "oa-node-257", "deployed"),
                DemoData.node(258, "oa-node-258", "timeout"));
        DemoData.seed(app.jdbc(), app.simulator(), DEPLOYMENT, nodes, false);
        reply = app.get("/api/openapi.json");
        document = JSON.readTree(reply.body());
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        parse = new OpenAPIV3Parser().readContents(reply.body(), null, options);
        parsed = parse.getOpenAPI();
    }

    @Test
    void isAnOpenApi3DocumentThatAStandardParserReadsWithoutComplaint() {
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(parse.getMessages()).as("swagger-parser's messages").isEmpty();
        assertThat(parsed).isNotNull();
        assertThat(parsed.getOpenapi()).startsWith("3.");
        assertThat(parsed.getInfo().getTitle()).isEqualTo("cleanup-service API");
        assertThat(parsed.getInfo().getVersion()).isNotBlank();
        assertThat(parsed.getServers()).extracting(s -> s.getUrl()).containsExactly("/");
        assertThat(reply.body()).as("Camel's vendor extensions are dropped").doesNotContain("x-className", "x-camelContextId");
        assertThat(app.get("/api/openapi.json").body()).as("generated once, served as it is").isEqualTo(reply.body());
    }

    @Test
    void everyRestRouteOfTheRunningContextIsDescribed() {
        Collection<RestRegistry.RestService> services = app.context().getRestRegistry().listAllRestServices();
        assertThat(services).as("the YAML REST definitions are loaded").hasSizeGreaterThanOrEqualTo(25);
        List<String> missing = new ArrayList<>();
        for (RestRegistry.RestService service : services) {
            String path = service.getBasePath() + (service.getUriTemplate() == null ? "" : service.getUriTemplate());
            Operation op = operation(service.getMethod(), path);
            if (op == null) {
                missing.add(service.getMethod().toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        assertThat(missing).as("REST routes the document does not describe").isEmpty();

        ApiContract contract = ApiContract.of(app.context());
        assertThat(operations()).as("every operation of the document is an endpoint of the running service")
                .hasSameSizeAs(contract.endpoints());
        for (ApiContract.Endpoint endpoint : contract.endpoints()) {
            Operation op = operation(endpoint.method(), endpoint.template());
            assertThat(op).as(endpoint.method() + " " + endpoint.template()).isNotNull();
            assertThat(op.getRequestBody() != null).as("request body of " + endpoint.method() + " " + endpoint.template())
                    .isEqualTo(endpoint.takesBody());
            List<String> query = op.getParameters() == null ? List.of()
                    : op.getParameters().stream().filter(p -> p.getIn().equals("query")).map(Parameter::getName).sorted().toList();
            assertThat(query).as("query parameters of " + endpoint.method() + " " + endpoint.template())
                    .containsExactlyElementsOf(endpoint.queryParameters());
        }
    }

    @Test
    void aResourceRecordsTypesAndFieldsComeFromTheRegistry() {
        JsonNode record = document.at("/components/schemas/ResourceRecord");
        com.cleanupservice.resources.ResourceTypes types = app.context().getRegistry()
                .findSingleByType(com.cleanupservice.resources.ResourceTypes.class);
        List<String> allowed = new ArrayList<>();
        record.at("/properties/type/enum").forEach(t -> allowed.add(t.asText()));

        assertThat(allowed).isEqualTo(types.names()).contains("floating_ip", "security_group", "dns_record");
        assertThat(record.at("/properties").fieldNames()).toIterable().as("type, id and where it lives; the rest is the type's")
                .containsExactly("type", "id", "account", "region");
        assertThat(record.at("/additionalProperties/type").asText()).isEqualTo("string");
        assertThat(record.at("/required").toString()).contains("type").contains("id");
        assertThat(record.get("description").asText()).contains("floating_ip: address, name, target_id")
                .contains("security_group: name").contains("subnet_reserved_ip: ip_address, ip_type, subnet_id");
    }

    @Test
    void theSeedsEndpointsAreListed() {
        for (String endpoint : SEED_ENDPOINTS) {
            String[] methodAndPath = endpoint.split(" ");
            assertThat(operation(methodAndPath[0], methodAndPath[1])).as(endpoint).isNotNull();
        }
    }

    @Test
    void everyOperationSaysWhatItTakesAndAnswers() {
        for (Map.Entry<String, Operation> entry : operationsByName().entrySet()) {
            String name = entry.getKey();
            Operation op = entry.getValue();
            assertThat(op.getOperationId()).as(name).startsWith("rest-");
            assertThat(op.getSummary()).as("summary of " + name).isNotBlank();
            for (Parameter p : op.getParameters() == null ? List.<Parameter>of() : op.getParameters()) {
                String what = name + " parameter " + p.getName();
                assertThat(p.getDescription()).as(what).isNotBlank();
                if (p.getIn().equals("path")) {
                    assertThat(p.getRequired()).as(what + " is required").isTrue();
                    assertThat(name).contains("{" + p.getName() + "}");
                } else {
                    assertThat(p.getRequired()).as(what + " is optional").isFalse();
                }
                String type = p.getSchema().getType();
                if (BOOLEAN_FLAGS.contains(p.getName())) {
                    assertThat(type).as(what).isEqualTo("boolean");
                } else if (INTEGER_PARAMETERS.contains(p.getName()) && !STRING_CURSORS.contains(what)) {
                    assertThat(type).as(what).isEqualTo("integer");
                } else {
                    assertThat(type).as(what).isEqualTo("string");
                }
            }
            if (op.getRequestBody() != null) {
                assertThat(op.getRequestBody().getContent().get("application/json").getSchema().get$ref())
                        .as("request body schema of " + name).startsWith("#/components/schemas/");
            }
            boolean success = false;
            for (Map.Entry<String, io.swagger.v3.oas.models.responses.ApiResponse> response : op.getResponses().entrySet()) {
                String code = response.getKey();
                assertThat(code).as(name).matches("[1-5][0-9][0-9]");
                assertThat(response.getValue().getDescription()).as(name + " " + code).isNotBlank();
                assertThat(response.getValue().getContent()).as(name + " " + code + " has a schema").isNotEmpty();
                response.getValue().getContent().forEach((type, media) ->
                        assertThat(media.getSchema()).as(name + " " + code + " " + type).isNotNull());
                if (code.startsWith("2")) {
                    success = true;
                } else {
                    assertThat(response.getValue().getContent().get("application/json").getSchema().get$ref())
                            .as("errors are the API's JSON error: " + name + " " + code).isEqualTo("#/components/schemas/ApiError");
                }
            }
            assertThat(success).as(name + " documents its success").isTrue();
            assertThat(op.getResponses().keySet()).as(name + ": the HTTP edge's answers").contains("400", "401", "500", "503");
        }
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void everyExampleValidatesAgainstItsSchemaAndEveryJsonSuccessHasOne() {
        int examples = 0;
        List<String> withoutExample = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                boolean successExample = false;
                boolean jsonSuccess = false;
                for (Iterator<Map.Entry<String, JsonNode>> responses = op.getValue().get("responses").fields(); responses.hasNext(); ) {
                    Map.Entry<String, JsonNode> response = responses.next();
                    JsonNode media = response.getValue().path("content").path("application/json");
                    if (media.isMissingNode()) {
                        continue;
                    }
                    jsonSuccess |= response.getKey().startsWith("2");
                    for (Iterator<Map.Entry<String, JsonNode>> named = media.path("examples").fields(); named.hasNext(); ) {
                        Map.Entry<String, JsonNode> example = named.next();
                        assertThat(errors(media.get("schema"), example.getValue().get("value")))
                                .as(name + " " + response.getKey() + " example " + example.getKey()).isEmpty();
                        examples++;
                        successExample |= response.getKey().startsWith("2");
                    }
                }
                if (jsonSuccess && !successExample && !path.getKey().equals("/api/openapi.json")) {
                    withoutExample.add(name);
                }
            }
        }
        assertThat(withoutExample).as("operations whose JSON success has no example").isEmpty();
        assertThat(examples).isGreaterThanOrEqualTo(40);
    }

    @Test
    void theValidatorRejectsWhatDoesNotMatch() {
        JsonNode report = document.at("/paths/" + pointer("/api/cleanup/node/{id}") + "/post/responses/200/content/application~1json/schema");
        assertThat(errors(report, JSON.createObjectNode().put("message", "no node_name, no timestamp"))).isNotEmpty();
        JsonNode wrongType = JSON.createObjectNode().put("message", "m").put("node_name", "n").put("timestamp", "2026-11-30T03:45:05Z")
                .set("summary", JSON.createObjectNode().put("total_operations", "thirteen"));
        assertThat(errors(report, wrongType)).isNotEmpty();
    }

    @Test
    void realAnswersValidateAgainstTheirDocumentedSchemas() {
        assertDocumented("GET", "/api/cleanup/status", app.get("/api/cleanup/status"));
        assertDocumented("GET", "/api/cleanup/status", app.get("/api/cleanup/status?node_name=oa-node-256"));
        assertDocumented("GET", "/api/cleanup/status", app.get("/api/cleanup/status?deployment_id=" + DEPLOYMENT));
        assertDocumented("POST", "/api/cleanup/node/{id}", app.post("/api/cleanup/node/256?dry_run=true&include_untracked=true"));
        assertDocumented("POST", "/api/cleanup/deployment/{id}", app.post("/api/cleanup/deployment/" + DEPLOYMENT + "?dry_run=true"));
        assertDocumented("POST", "/api/cleanup/node/{id}", app.post("/api/cleanup/node/257"));
        assertDocumented("POST", "/api/cleanup/node/{id}", app.post("/api/cleanup/node/999"));
        assertDocumented("POST", "/api/cleanup/node/{id}", app.post("/api/cleanup/node/256?dry-run=true"));
        Reply cleaned = app.post("/api/cleanup/node/256");
        assertThat(cleaned.status()).isEqualTo(200);
        assertDocumented("POST", "/api/cleanup/node/{id}", cleaned);
        assertDocumented("GET", "/api/cleanup/validate/{id}", app.get("/api/cleanup/validate/256"));
        assertDocumented("GET", "/api/cleanup/validate/deployment/{id}", app.get("/api/cleanup/validate/deployment/" + DEPLOYMENT));
        assertDocumented("GET", "/api/cleanup/drift/node/{id}", app.get("/api/cleanup/drift/node/258"));
        assertDocumented("GET", "/api/cleanup/script/node/{id}", app.get("/api/cleanup/script/node/257"));
        assertDocumented("GET", "/api/cleanup/script/{id}", app.get("/api/cleanup/script/" + DEPLOYMENT));
        assertDocumented("POST", "/api/cleanup/reconcile/node/{id}", app.post("/api/cleanup/reconcile/node/258"));
        assertDocumented("POST", "/api/cleanup/reconcile/node/{id}", app.post("/api/cleanup/reconcile/node/256",
                "{\"ids\": [\"" + nodes.get(0).serverId() + "\"]}"));
        assertDocumented("POST", "/api/cleanup/reconcile/deployment/{id}", app.post("/api/cleanup/reconcile/deployment/" + DEPLOYMENT));
        assertDocumented("POST", "/api/cleanup/reconcile/deployment/{id}", app.post("/api/cleanup/reconcile/deployment/" + DEPLOYMENT,
                "{\"ids\": [\"nope\"]}"));
        String run = cleaned.json().get("run_id").asText();
        assertDocumented("GET", "/api/cleanup/runs/{run_id}", app.get("/api/cleanup/runs/" + run));
        assertDocumented("GET", "/api/cleanup/runs/{run_id}/operations", app.get("/api/cleanup/runs/" + run + "/operations?limit=2"));
        assertDocumented("GET", "/api/cleanup/runs/{run_id}/report", app.get("/api/cleanup/runs/" + run + "/report"));
        assertDocumented("GET", "/api/cleanup/runs", app.get("/api/cleanup/runs"));
        assertDocumented("POST", "/api/cleanup/batch", app.post("/api/cleanup/batch",
                "{\"operation\": \"validate_cleanup\", \"targets\": [\"oa-node-256\", {\"node_name\": \"oa-node-257\"}]}"));
        assertDocumented("POST", "/api/nodes", app.post("/api/nodes", "{\"node_name\": \"oa-node\", \"deployment_id\": \"oa-dep\"}"));
        assertDocumented("POST", "/api/cleanup/orphaned", app.post("/api/cleanup/orphaned", "{\"max_age_hours\": 8760}"));
        assertDocumented("GET", "/api/cleanup/failures", app.get("/api/cleanup/failures?status=all"));
        assertDocumented("GET", "/api/cleanup/ownership/disputes", app.get("/api/cleanup/ownership/disputes"));
        assertDocumented("GET", "/api/cleanup/deployments", app.get("/api/cleanup/deployments"));
        assertDocumented("GET", "/api/cleanup/deployments", app.get("/api/cleanup/deployments?limit=0"));
        assertDocumented("GET", "/api/cleanup/resources", app.get("/api/cleanup/resources?node_name=oa-node-256"));
        assertDocumented("GET", "/api/cleanup/resources", app.get("/api/cleanup/resources?deployment_id=" + DEPLOYMENT));
        assertDocumented("GET", "/api/cleanup/resources", app.get("/api/cleanup/resources"));
        assertDocumented("GET", "/api/cleanup/resources", app.get("/api/cleanup/resources?node_name=no-such-node"));
    }

    @Test
    void theDocumentIsBehindTheSameGuardAsTheRestOfTheApi() {
        Reply withQuery = app.get("/api/openapi.json?format=yaml");
        assertThat(withQuery.status()).isEqualTo(400);
        assertThat(withQuery.json().get("accepted_parameters")).isEmpty();
        assertThat(app.post("/api/openapi.json").status()).isEqualTo(405);
    }

    /** The answer's status is documented for that operation and its body validates against that response's schema. */
    private static void assertDocumented(String method, String path, Reply answer) {
        String name = method + " " + path + " " + answer.status();
        JsonNode response = document.at("/paths/" + pointer(path) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + answer.status());
        assertThat(response.isMissingNode()).as(name + " is documented").isFalse();
        assertThat(errors(response.at("/content/application~1json/schema"), answer.json())).as(name + ": " + answer.body()).isEmpty();
    }

    /** The errors of validating {@code value} against {@code schema}, its {@code $ref}s resolved in the document's components. */
    private static List<String> errors(JsonNode schema, JsonNode value) {
        ObjectNode root = schema.deepCopy();
        root.set("components", document.get("components"));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());
        List<Error> errors = registry.getSchema(SchemaLocation.of("urn:cleanup-service:openapi"), root).validate(value);
        return errors.stream().map(Error::toString).toList();
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    private static Operation operation(String method, String path) {
        PathItem item = parsed.getPaths().get(path);
        return item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)));
    }

    private static List<Operation> operations() {
        return parsed.getPaths().values().stream().flatMap(p -> p.readOperations().stream()).toList();
    }

    private static Map<String, Operation> operationsByName() {
        Map<String, Operation> all = new java.util.TreeMap<>();
        parsed.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> all.put(method + " " + path, op)));
        return all;
    }
}
