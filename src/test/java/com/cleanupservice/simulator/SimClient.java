package com.cleanupservice.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A plain HTTP client for the simulator's wire protocols, as the tests need it. */
final class SimClient {
    static final String VERSION_QUERY = "version=2024-04-30&generation=2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final IbmCloudSimulator simulator;
    private final String apiKey;
    private String token;

    SimClient(IbmCloudSimulator simulator) {
        this(simulator, "test-key");
    }

    /** A client whose token IAM mints for {@code apiKey}, so of that key's account. */
    SimClient(IbmCloudSimulator simulator, String apiKey) {
        this.simulator = simulator;
        this.apiKey = apiKey;
    }

    record Response(int status, HttpHeaders headers, String body) {
        Map<String, Object> json() {
            try {
                return JSON.readValue(body, new TypeReference<>() { });
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON object: " + body, e);
            }
        }

        List<Object> jsonArray() {
            try {
                return JSON.readValue(body, new TypeReference<>() { });
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON array: " + body, e);
            }
        }

        /** {@code errors[0].code} of an IBM error body. */
        @SuppressWarnings("unchecked")
        String errorCode() {
            List<Map<String, Object>> errors = (List<Map<String, Object>>) json().get("errors");
            return (String) errors.get(0).get("code");
        }

        @SuppressWarnings("unchecked")
        String errorMessage() {
            List<Map<String, Object>> errors = (List<Map<String, Object>>) json().get("errors");
            return (String) errors.get(0).get("message");
        }
    }

    /** Posts the IAM token form as given. */
    Response iam(String form) {
        return send(HttpRequest.newBuilder(URI.create(simulator.iamUrl() + "/identity/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    String token() {
        if (token == null) {
            Response response = iam("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=" + apiKey);
            token = (String) response.json().get("access_token");
        }
        return token;
    }

    /** GET on the VPC API with version and generation. */
    Response vpcGet(String path) {
        return get(simulator.vpcUrl() + withVersion(path));
    }

    Response vpcDelete(String path) {
        return delete(simulator.vpcUrl() + withVersion(path));
    }

    /** PUT of a JSON body on the default region's VPC API, with version and generation. */
    Response vpcPut(String path, String body) {
        return send(authorized(simulator.vpcUrl() + withVersion(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** GET on a region's VPC API ({@code /regions/{region}/v1}) with version and generation. */
    Response vpcGet(String region, String path) {
        return get(simulator.vpcUrl(region) + withVersion(path));
    }

    Response vpcDelete(String region, String path) {
        return delete(simulator.vpcUrl(region) + withVersion(path));
    }

    Response dnsGet(String path) {
        return get(simulator.dnsUrl() + path);
    }

    Response dnsDelete(String path) {
        return delete(simulator.dnsUrl() + path);
    }

    /** An authorized GET of an absolute URL, e.g. a {@code next.href}. */
    Response get(String url) {
        return send(authorized(url).GET());
    }

    Response delete(String url) {
        return send(authorized(url).DELETE());
    }

    HttpRequest.Builder authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token());
    }

    /** A call to the admin surface; {@code body} may be null. */
    Response admin(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request);
    }

    Response send(HttpRequest.Builder request) {
        try {
            return sendOrThrow(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response sendOrThrow(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String withVersion(String path) {
        return path + (path.contains("?") ? "&" : "?") + VERSION_QUERY;
    }

    /** Polls until the condition holds; fails after {@code timeout}. */
    static void await(Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
