package com.cleanupservice.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes overlay {@code deploy/kubernetes/overlays/local}, rendered by {@code kubectl kustomize}, runs under
 * {@code podman kube play} ({@code scripts/kube-play-local.sh}): PostgreSQL, the simulator and the service come up,
 * the service takes its token, database password and IBM API key from the Secret and cleans a node, and {@code down}
 * leaves nothing behind.
 */
@ResourceLock("podman")
class KubePlayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SERVICE = "http://127.0.0.1:28080";
    private static final String SIMULATOR = "http://127.0.0.1:28089";
    private static final String TOKEN = "local-api-token"; // deploy/kubernetes/overlays/local/secrets.env

    @Test
    void theLocalOverlayRunsUnderPodmanKubePlayAndCleansANode() throws Exception {
        Shell.run(Duration.ofMinutes(20), "scripts/build-image.sh", "--no-package");
        Instant started = Instant.now();
        try {
            System.out.println(Shell.run(Duration.ofMinutes(5), "scripts/kube-play-local.sh", "up"));
            System.out.println("kube play: ready in " + Duration.between(started, Instant.now()).toSeconds() + " s");

            String container = "cleanup-service-pod-0-cleanup-service";
            JsonNode inspected = JSON.readTree(Shell.podman("inspect", container)).get(0);
            assertThat(inspected.at("/HostConfig/ReadonlyRootfs").asBoolean()).isTrue();
            assertThat(inspected.at("/HostConfig/Memory").asLong()).isEqualTo(768L * 1024 * 1024);
            assertThat(Shell.podman("exec", container, "id", "-u")).isEqualTo("10001");
            assertThat(Shell.podman("exec", container, "sh", "-c", "grep -E '^(CapEff|NoNewPrivs)' /proc/1/status"))
                    .contains("CapEff:\t0000000000000000").contains("NoNewPrivs:\t1");

            assertThat(send("GET", SERVICE + "/api/cleanup/status", null, null).statusCode()).as("the Secret's token is required").isEqualTo(401);
            simulator("{\"kind\":\"virtual_network_interface\",\"id\":\"kube-play-vni\",\"subnet_id\":\"subnet-kube-play\"}");
            api("/api/nodes", "{\"node_name\":\"kube-play-node\",\"deployment_id\":\"kube-play\",\"deployment_status\":\"failed\"}");
            api("/api/nodes/kube-play-node/resources", "{\"type\":\"virtual_network_interface\",\"id\":\"kube-play-vni\"}");
            HttpResponse<String> cleanup = send("POST", SERVICE + "/api/cleanup/node/kube-play-node", null, TOKEN);
            assertThat(cleanup.statusCode()).as(cleanup.body()).isEqualTo(200);
            assertThat(JSON.readTree(send("GET", SIMULATOR + "/sim/resources", null, null).body())
                    .get("virtual_network_interfaces")).isEmpty();
        } finally {
            Shell.run(Duration.ofMinutes(2), "scripts/kube-play-local.sh", "down");
        }
        assertThat(Shell.podman("pod", "ps", "--format", "{{.Name}}")).doesNotContain("cleanup-");
        assertThat(Shell.podman("ps", "-a", "--format", "{{.Names}}")).doesNotContain("cleanup-service-pod", "cleanup-postgres-pod", "cleanup-simulator-pod");
        assertThat(Shell.podman("volume", "ls", "--format", "{{.Name}}")).doesNotContain("cleanup-service-data", "tmp");
        assertThat(Shell.podman("secret", "ls", "--format", "{{.Name}}")).doesNotContain("cleanup-service-secrets");
    }

    private static void simulator(String body) throws IOException {
        HttpResponse<String> r = send("POST", SIMULATOR + "/sim/resources", body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static void api(String path, String body) throws IOException {
        HttpResponse<String> r = send("POST", SERVICE + path, body, TOKEN);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(201);
    }

    private static HttpResponse<String> send(String method, String url, String body, String token) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
