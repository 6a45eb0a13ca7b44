package com.cleanupservice.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image, run as a cluster on a real container engine: {@code scripts/build-image.sh} and
 * {@code scripts/cluster.sh up --replicas 3} (podman, PostgreSQL 15 and the standalone simulator in containers, three
 * replicas of the service on the one database, ibmcloud mode against the simulator). Leases are 30 s here
 * ({@code --lease-ms 30000}, the service's default is 90 s) so that a killed replica's run is taken over within the
 * test's time, and a SIGTERMed replica's hand back (seconds) is told apart from a lease running out. {@code -Dcluster.keep=true} leaves the cluster up afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock("podman")
class ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SIMULATOR = "http://127.0.0.1:18089";
    private static final String DNS_INSTANCE = "dns-instance-cluster";
    private static final String DNS_ZONE = "dns-zone-cluster";
    private static final List<String> DELETES = List.of("delete_bare_metal_server", "delete_virtual_network_interface",
            "delete_subnet_reserved_ip", "delete_dns_record");
    /** Latency the simulator adds to each IBM call: enough for the run to outlast two hand-overs (about 60 s alone). */
    private static final long LATENCY_MS = 700;
    private static final int NODES = 100;
    /** Shorter than the product's 90 s so the SIGKILL takeover does not hold the test up, long enough to tell a hand back from it. */
    private static final int LEASE_MS = 30_000;

    private final Map<String, Long> timings = new LinkedHashMap<>();

    @BeforeAll
    void up() {
        Instant started = Instant.now();
        System.out.println(Shell.run(Duration.ofMinutes(20), "scripts/build-image.sh", "--no-package"));
        timings.put("image build", Duration.between(started, Instant.now()).toSeconds());
        Shell.run(Duration.ofMinutes(2), "scripts/cluster.sh", "down");
        started = Instant.now();
        System.out.println(Shell.run(Duration.ofMinutes(10), "scripts/cluster.sh", "up", "--replicas", "3", "--lease-ms", String.valueOf(LEASE_MS)));
        timings.put("cluster up", Duration.between(started, Instant.now()).toSeconds());
    }

    @AfterAll
    void down() {
        System.out.println("timings (s): " + timings);
        if (!Boolean.getBoolean("cluster.keep")) {
            Shell.run(Duration.ofMinutes(2), "scripts/cluster.sh", "down");
            assertThat(Shell.podman("ps", "-a", "--filter", "label=io.cleanup-service.cluster", "--format", "{{.Names}}")).isEmpty();
            assertThat(Shell.podman("volume", "ls", "--filter", "label=io.cleanup-service.cluster", "--format", "{{.Name}}")).isEmpty();
        }
    }

    @Test
    @Order(1)
    void theImageRunsAsItsOwnUserReadOnlyWithTheHeapSizedByTheContainer() throws Exception {
        JsonNode image = JSON.readTree(Shell.podman("image", "inspect", "localhost/cleanup-service:latest")).get(0);
        assertThat(image.at("/Config/User").asText()).isEqualTo("10001:0");
        assertThat(image.at("/Config/Labels/org.opencontainers.image.version").asText()).isNotBlank();
        assertThat(image.at("/Config/Labels/org.opencontainers.image.revision").asText()).isNotBlank();
        assertThat(image.at("/Config/Labels/org.opencontainers.image.source").asText()).isNotBlank();
        long megabytes = image.get("Size").asLong() / 1_000_000;
        System.out.println("image: " + megabytes + " MB in " + image.at("/RootFS/Layers").size() + " layers");
        assertThat(megabytes).as("the base (a JRE) and the libraries, no embedded PostgreSQL").isLessThan(450);

        // the replicas as started: non-root, read-only, no capabilities, no new privileges
        JsonNode replica = JSON.readTree(Shell.podman("inspect", "cleanup-replica-1")).get(0);
        assertThat(replica.at("/HostConfig/ReadonlyRootfs").asBoolean()).isTrue();
        assertThat(Shell.podman("exec", "cleanup-replica-1", "id", "-u")).isEqualTo("10001");
        assertThat(Shell.podman("exec", "cleanup-replica-1", "sh", "-c", "grep -E '^(CapEff|NoNewPrivs)' /proc/1/status"))
                .contains("CapEff:\t0000000000000000").contains("NoNewPrivs:\t1");

        // the heap follows the memory limit: 60% of it
        String vm = Shell.podman("run", "--rm", "--memory=512m", "localhost/cleanup-service:latest", "-XshowSettings:vm", "-version");
        Matcher heap = Pattern.compile("Max\\. Heap Size \\(Estimated\\): ([0-9.]+)M").matcher(vm);
        assertThat(heap.find()).as(vm).isTrue();
        assertThat(Double.parseDouble(heap.group(1))).isBetween(290.0, 320.0);

        // an arbitrary UID with group 0 (OpenShift's restricted SCC), read-only, on a fresh volume: it starts and serves
        Shell.podman("volume", "create", "--label", "io.cleanup-service.cluster=local", "cleanup-uid-check");
        try {
            Shell.podman("run", "-d", "--name", "cleanup-uid-check", "--label", "io.cleanup-service.cluster=local",
                    "--network=host", "--read-only", "--tmpfs", "/tmp", "--cap-drop=all", "--security-opt=no-new-privileges",
                    "--user", "1000770000:0", "-v", "cleanup-uid-check:/app/data",
                    "-e", "CLEANUP_MODE=ibmcloud", "-e", "CLEANUP_HTTP_PORT=18088", "-e", "CLEANUP_INSTANCE_ID=cleanup-uid-check",
                    "-e", "CLEANUP_DB_URL=jdbc:postgresql://127.0.0.1:15432/cleanup", "-e", "CLEANUP_DB_USER=cleanup",
                    "--secret", "cleanup-cluster-db-password,type=env,target=CLEANUP_DB_PASSWORD",
                    "-e", "CLEANUP_IBM_VPC_URL=" + SIMULATOR + "/v1", "-e", "CLEANUP_IBM_DNS_URL=" + SIMULATOR + "/v1",
                    "-e", "CLEANUP_IBM_IAM_URL=" + SIMULATOR, "--secret", "cleanup-cluster-ibm-api-key,type=env,target=CLEANUP_IBM_API_KEY",
                    "localhost/cleanup-service:latest");
            awaitReady("cleanup-uid-check", 18088);
            assertThat(Shell.podman("exec", "cleanup-uid-check", "id")).startsWith("uid=1000770000").contains("gid=0(root)");
            assertThat(Shell.podman("exec", "cleanup-uid-check", "ls", "-a", "/app/data/inbox")).contains(".done", ".error");
            assertThat(Shell.podman("logs", "cleanup-uid-check")).doesNotContain("ERROR", "Read-only file system", "AccessDenied");
        } finally {
            Shell.attempt(Duration.ofMinutes(1), "podman", "rm", "-f", "-t", "5", "cleanup-uid-check");
            Shell.attempt(Duration.ofMinutes(1), "podman", "volume", "rm", "-f", "cleanup-uid-check");
        }
    }

    @Test
    @Order(2)
    void replicasStartedAtOnceMigratedTheDatabaseOnce() {
        // Flyway takes PostgreSQL's advisory lock for each migration (pg_try_advisory_xact_lock), reading the history
        // again under it: replicas starting together may share the migrations out, never apply one twice
        Map<String, Integer> applied = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            Matcher line = Pattern.compile("\\((\\d+) migration\\(s\\) applied now\\)").matcher(Shell.podman("logs", "cleanup-replica-" + i));
            assertThat(line.find()).isTrue();
            applied.put("cleanup-replica-" + i, Integer.parseInt(line.group(1)));
        }
        System.out.println("migrations applied by each replica: " + applied);
        List<String> versions = sql("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL AND success");
        assertThat(versions).hasSizeGreaterThan(10).doesNotHaveDuplicates();
        assertThat(applied.values().stream().mapToInt(Integer::intValue).sum()).as("each migration applied by one replica")
                .isEqualTo(versions.size());
    }

    @Test
    @Order(3)
    void anInboxFileSeenByEveryReplicaIsProcessedOnce() throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            nodes.add(Node.create("inbox", n, 1 + n % 3));
        }
        Path data = Path.of(Shell.podman("volume", "inspect", "--format", "{{.Mountpoint}}", "cleanup-cluster-data"));
        String name = "cluster-batch-" + System.nanoTime() + ".json";
        ObjectNode batch = JSON.createObjectNode().put("operation", "cleanup_nodes");
        nodes.forEach(node -> batch.withArray("targets").addObject().put("node_name", node.name()));
        Path temporary = data.resolve("inbox").resolve(name + ".tmp");
        Files.writeString(temporary, batch.toString());
        Files.move(temporary, data.resolve("inbox").resolve(name));

        Path result = data.resolve("outbox").resolve(name + ".result.json");
        await("the batch file's result", Duration.ofSeconds(90), () -> Files.exists(result));
        LockSupport.parkNanos(Duration.ofSeconds(8).toNanos()); // a few more polls of every replica
        assertThat(Files.exists(data.resolve("inbox").resolve(".done").resolve(name))).isTrue();
        assertThat(data.resolve("inbox").resolve(name)).doesNotExist();
        try (var results = Files.list(data.resolve("outbox"))) {
            assertThat(results.filter(p -> p.getFileName().toString().startsWith(name))).hasSize(1);
        }
        assertThat(JSON.readTree(Files.readString(result)).path("successful_operations").asInt()).isEqualTo(nodes.size());
        int takers = 0;
        for (int i = 1; i <= 3; i++) {
            takers += Shell.podman("logs", "cleanup-replica-" + i).contains(name) ? 1 : 0;
        }
        assertThat(takers).as("replicas that logged the file").isEqualTo(1);
        JsonNode stats = get(SIMULATOR + "/sim/stats");
        for (Node node : nodes) {
            node.deletes().forEach((operation, id) ->
                    assertThat(stats.at("/resources/" + operation + "/" + id).asInt()).as(operation + " " + id).isEqualTo(1));
        }
    }

    @Test
    @Order(4)
    void aDeploymentRunSurvivesAKilledAndAStoppedReplicaAndEveryReplicaAgrees() throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) {
            nodes.add(Node.create("fleet", n, 1 + n % 3));
        }
        send("DELETE", SIMULATOR + "/sim/stats", null);
        send("POST", SIMULATOR + "/sim/faults", JSON.createObjectNode().put("type", "latency").put("operation", "*")
                .put("latency_ms", LATENCY_MS).put("jitter_ms", LATENCY_MS / 4));

        HttpResponse<String> accepted = send("POST", replica(1) + "/api/cleanup/deployment/fleet?async=true&confirm_count=" + 4 * NODES, null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = JSON.readTree(accepted.body()).get("run_id").asText();
        String run = "/api/cleanup/runs/" + runId;
        Instant started = Instant.now();
        // whichever replica claimed the run first (the one it was sent to, normally; another one polling at that very
        // moment on a loaded machine) is the first to go
        await("a replica running the run", Duration.ofSeconds(150),
                () -> owner(get(replica(1) + run)).startsWith("cleanup-replica-") && done(get(replica(1) + run)) >= 40);
        int first = Integer.parseInt(owner(get(replica(1) + run)).substring("cleanup-replica-".length()));
        int second = first % 3 + 1;
        int third = second % 3 + 1;
        String firstName = "cleanup-replica-" + first;
        String secondName = "cleanup-replica-" + second;
        String thirdName = "cleanup-replica-" + third;

        // the third replica is held still while the first one's run is taken over, so that the second takes it and the
        // SIGTERM below meets a replica holding a run; it is let go at once after
        Shell.podman("pause", thirdName);
        int doneAtKill;
        try {
            Shell.podman("kill", firstName);
            Instant killed = Instant.now();
            doneAtKill = done(get(replica(second) + run));
            await("the second replica taking the run over", Duration.ofMillis(LEASE_MS + 60_000),
                    () -> owner(get(replica(second) + run)).equals(secondName));
            timings.put("takeover after SIGKILL", Duration.between(killed, Instant.now()).toSeconds());
        } finally {
            Shell.podman("unpause", thirdName);
        }
        int doneAtTakeover = done(get(replica(second) + run));
        await("the second replica making progress", Duration.ofSeconds(60), () -> done(get(replica(second) + run)) >= doneAtTakeover + 20);
        JsonNode beforeTerm = get(replica(third) + run);
        assertThat(beforeTerm.get("state").asText()).as("still running when the second replica is stopped: " + beforeTerm).isEqualTo("running");

        Shell.podman("kill", "--signal", "TERM", secondName);
        Instant terminated = Instant.now();
        Set<String> owners = new LinkedHashSet<>(List.of(firstName, secondName));
        JsonNode finished = await("the run ending on the third replica", Duration.ofMinutes(6), () -> {
            if (!timings.containsKey("second stopped after SIGTERM")
                    && !Shell.podman("inspect", "--format", "{{.State.Running}}", secondName).equals("true")) {
                timings.put("second stopped after SIGTERM", Duration.between(terminated, Instant.now()).toSeconds());
            }
            JsonNode view = get(replica(third) + run);
            if (!owner(view).isEmpty()) { // between a hand back and the next take the run has no owner
                owners.add(owner(view));
            }
            if (owner(view).equals(thirdName)) {
                timings.putIfAbsent("taken by the third after SIGTERM", Duration.between(terminated, Instant.now()).toSeconds());
            }
            return List.of("completed", "partial", "failed", "abandoned").contains(view.get("state").asText()) ? view : null;
        });
        timings.put("run", Duration.between(started, Instant.now()).toSeconds());
        Shell.podman("wait", secondName);
        timings.putIfAbsent("second stopped after SIGTERM", Duration.between(terminated, Instant.now()).toSeconds());
        assertThat(timings.get("second stopped after SIGTERM")).as("within the grace period (30 s) and a little").isLessThanOrEqualTo(40);
        // handed back, not left to expire: the third goes on within seconds, long before the lease would have run out
        assertThat(timings.get("taken by the third after SIGTERM")).as("hand back after SIGTERM, not the lease")
                .isLessThan(LEASE_MS / 1000 / 2);
        System.out.println("run " + runId + ": " + finished.get("state") + ", owners " + owners + ", done at kill " + doneAtKill
                + ", at takeover " + doneAtTakeover + ", progress " + finished.get("progress"));

        assertThat(finished.get("state").asText()).as(finished.toString()).isEqualTo("completed");
        assertThat(owner(finished)).as("finished by the remaining replica").isEqualTo(thirdName);
        assertThat(owners).containsExactly(firstName, secondName, thirdName);

        // every tracked resource is gone from the simulator
        JsonNode left = get(SIMULATOR + "/sim/resources");
        Set<String> leftIds = new HashSet<>();
        left.forEach(kind -> kind.forEach(resource -> leftIds.add(resource.path("id").asText())));
        nodes.forEach(node -> assertThat(leftIds).as(node.name()).doesNotContainAnyElementsOf(node.deletes().values()));

        // DELETEs per resource: every request the simulator received (a DELETE in flight when its replica died is
        // sent again by the replica taking over, which finds it gone or going), and those it carried out (accepted:
        // answered 2xx, or would have been had the client still been there): never two for one resource
        JsonNode stats = get(SIMULATOR + "/sim/stats");
        Map<String, Map<Integer, Integer>> histogram = new TreeMap<>();
        int resources = 0;
        for (Node node : nodes) {
            for (Map.Entry<String, String> delete : node.deletes().entrySet()) {
                int count = stats.at("/resources/" + delete.getKey() + "/" + delete.getValue()).asInt();
                int carriedOut = stats.at("/accepted/resources/" + delete.getKey() + "/" + delete.getValue()).asInt();
                histogram.computeIfAbsent(delete.getKey(), k -> new TreeMap<>()).merge(count, 1, Integer::sum);
                resources++;
                assertThat(count).as("DELETE requests of " + delete.getKey() + " " + delete.getValue()).isBetween(1, 2);
                assertThat(carriedOut).as("accepted DELETEs of " + delete.getKey() + " " + delete.getValue()).isLessThanOrEqualTo(1);
            }
        }
        System.out.println("DELETE requests per resource, by operation (requests: resources): " + histogram);

        // the ledger: every row is there and GONE, each resource deleted once (DELETED at most once, the rest 404s)
        Map<String, List<String>> outcomes = new HashMap<>();
        String after = "";
        do {
            JsonNode page = get(replica(third) + run + "/operations?limit=1000" + after);
            page.get("operations").forEach(op -> outcomes.computeIfAbsent(op.path("resource_id").asText(), k -> new ArrayList<>())
                    .add(op.path("outcome").asText()));
            after = page.path("next_after").isNull() || page.path("next_after").isMissingNode() ? null : "&after=" + page.get("next_after").asText();
        } while (after != null);
        for (Node node : nodes) {
            JsonNode rows = get(replica(third) + "/api/cleanup/resources?node_name=" + node.name());
            assertThat(rows.get("resources")).as(node.name()).hasSize(4);
            rows.get("resources").forEach(row -> assertThat(row.get("state").asText()).as(row.toString()).isEqualTo("GONE"));
            for (String id : node.deletes().values()) {
                assertThat(outcomes.get(id)).as("audit of " + id).isNotEmpty().allMatch(o -> o.equals("DELETED") || o.equals("ALREADY_GONE"));
                assertThat(outcomes.get(id).stream().filter("DELETED"::equals).count()).as("DELETED " + id).isLessThanOrEqualTo(1);
            }
        }
        assertThat(resources).isEqualTo(4 * NODES);

        // the killed and the stopped replica back: every replica answers the same, and nothing is deleted again
        long deletesBefore = deletes(stats);
        Shell.podman("start", firstName, secondName);
        awaitReady(firstName, 18080 + first);
        awaitReady(secondName, 18080 + second);
        LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
        JsonNode runView = withoutTimestamp(get(replica(third) + run));
        JsonNode deployment = withoutTimestamp(get(replica(third) + "/api/cleanup/status?deployment_id=fleet"));
        JsonNode overall = withoutTimestamp(get(replica(third) + "/api/cleanup/status"));
        for (int i = 1; i <= 2; i++) {
            assertThat(withoutTimestamp(get(replica(i) + run))).as("run on replica " + i).isEqualTo(runView);
            assertThat(withoutTimestamp(get(replica(i) + "/api/cleanup/status?deployment_id=fleet"))).as("deployment status on replica " + i).isEqualTo(deployment);
            assertThat(withoutTimestamp(get(replica(i) + "/api/cleanup/status"))).as("status on replica " + i).isEqualTo(overall);
        }
        assertThat(deployment.toString()).contains("cleanup_completed");
        assertThat(deletes(get(SIMULATOR + "/sim/stats"))).as("no DELETE after the run").isEqualTo(deletesBefore);
    }

    /** A node as a provisioner records it: a server, a VNI on a reserved IP, and an A record, each made in the simulator first. */
    private record Node(String name, Map<String, String> deletes) {
        static Node create(String deployment, int n, int replica) {
            String name = "%s-node-%03d".formatted(deployment, n);
            String server = "%s-server".formatted(name);
            String vni = "%s-vni".formatted(name);
            String ip = "%s-ip".formatted(name);
            String record = "%s-record".formatted(name);
            String address = "10.%d.%d.%d".formatted(deployment.equals("fleet") ? 1 : 2, n / 250, 2 + n % 250);
            String subnet = "subnet-" + deployment;
            simulator(JSON.createObjectNode().put("kind", "subnet_reserved_ip").put("id", ip).put("subnet_id", subnet)
                    .put("name", name + "-ip").put("address", address).put("auto_delete", false));
            simulator(JSON.createObjectNode().put("kind", "virtual_network_interface").put("id", vni).put("name", name + "-vni")
                    .put("subnet_id", subnet).put("primary_ip_id", ip).put("auto_delete", false));
            ObjectNode serverBody = JSON.createObjectNode().put("kind", "bare_metal_server").put("id", server).put("name", name)
                    .put("status", "running");
            serverBody.putArray("vni_ids");
            simulator(serverBody);
            simulator(JSON.createObjectNode().put("kind", "dns_record").put("id", record).put("instance_id", DNS_INSTANCE)
                    .put("zone_id", DNS_ZONE).put("name", name + ".example.com").put("type", "A").put("rdata", address));
            String api = replica(replica) + "/api/nodes";
            provisioner(api, JSON.createObjectNode().put("node_name", name).put("deployment_id", deployment)
                    .put("deployment_status", "failed").put("bare_metal_id", server));
            provisioner(api + "/" + name + "/resources", JSON.createObjectNode().put("type", "virtual_network_interface").put("id", vni));
            provisioner(api + "/" + name + "/resources", JSON.createObjectNode().put("type", "subnet_reserved_ip").put("id", ip)
                    .put("subnet_id", subnet));
            provisioner(api + "/" + name + "/resources", JSON.createObjectNode().put("type", "dns_record").put("id", record)
                    .put("record_name", name + ".example.com").put("record_type", "A").put("rdata", address)
                    .put("dns_instance_id", DNS_INSTANCE).put("dns_zone_id", DNS_ZONE));
            Map<String, String> deletes = new LinkedHashMap<>();
            deletes.put("delete_bare_metal_server", server);
            deletes.put("delete_virtual_network_interface", vni);
            deletes.put("delete_subnet_reserved_ip", ip);
            deletes.put("delete_dns_record", record);
            return new Node(name, deletes);
        }

        private static void simulator(JsonNode body) {
            HttpResponse<String> r = send("POST", SIMULATOR + "/sim/resources", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }

        private static void provisioner(String url, JsonNode body) {
            HttpResponse<String> r = send("POST", url, body);
            assertThat(r.statusCode()).as(url + " " + r.body()).isBetween(200, 201);
        }
    }

    private static long deletes(JsonNode stats) {
        return DELETES.stream().mapToLong(op -> stats.at("/operations/" + op).asLong()).sum();
    }

    /** An answer without the time it was made at. */
    private static JsonNode withoutTimestamp(JsonNode answer) {
        ((ObjectNode) answer).remove("timestamp");
        return answer;
    }

    private static String owner(JsonNode run) {
        return run.path("owner").asText("");
    }

    private static int done(JsonNode run) {
        return run.at("/progress/done").asInt();
    }

    private static String replica(int i) {
        return "http://127.0.0.1:" + (18080 + i);
    }

    private static void awaitReady(String container, int port) {
        await(container + " ready", Duration.ofMinutes(3), () -> {
            assertThat(Shell.podman("inspect", "--format", "{{.State.Running}}", container)).as(container + " running").isEqualTo("true");
            return send("GET", "http://127.0.0.1:" + port + "/observe/health/ready", null).statusCode() == 200;
        });
    }

    private static JsonNode get(String url) {
        HttpResponse<String> r = send("GET", url, null);
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " answered no JSON: " + r.body(), e);
        }
    }

    private static HttpResponse<String> send(String method, String url, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private interface Probe<T> {
        T value() throws Exception;
    }

    /** Polls {@code probe} until it answers true or a value (not null or false); fails after {@code timeout}. */
    @SuppressWarnings("unchecked")
    private static <T> T await(String what, Duration timeout, Probe<?> probe) {
        Instant deadline = Instant.now().plus(timeout);
        Throwable last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                Object value = probe.value();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return (T) value;
                }
            } catch (java.io.UncheckedIOException e) {
                last = e; // not answering yet
            } catch (Exception e) {
                last = e;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        throw new AssertionError("not within " + timeout + ": " + what, last);
    }

    private static List<String> sql(String query) {
        String out = Shell.podman("exec", "cleanup-postgres", "psql", "-h", "/tmp", "-p", "15432", "-U", "cleanup", "-d", "cleanup",
                "-tAc", query);
        return out.isBlank() ? List.of() : List.of(out.split("\n"));
    }
}
