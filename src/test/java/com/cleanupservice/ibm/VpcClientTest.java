package com.cleanupservice.ibm;

import com.cleanupservice.resources.BareMetalServerType.BareMetalServer;
import com.cleanupservice.resources.BareMetalServerType.BareMetalServers;
import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.resources.SubnetReservedIpType.ReservedIp;
import com.cleanupservice.resources.SubnetReservedIpType.SubnetReservedIps;
import com.cleanupservice.resources.VirtualNetworkInterfaceType.VirtualNetworkInterface;
import com.cleanupservice.resources.VirtualNetworkInterfaceType.VirtualNetworkInterfaces;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.RateLimit;
import com.cleanupservice.simulator.SimulatorOperations;
import com.cleanupservice.simulator.SimulatorOptions;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.ibm.cloud.sdk.core.security.IamAuthenticator;
import com.ibm.cloud.sdk.core.service.exception.BadRequestException;
import com.ibm.cloud.sdk.core.service.exception.ConflictException;
import com.ibm.cloud.sdk.core.service.exception.ForbiddenException;
import com.ibm.cloud.sdk.core.service.exception.InternalServerErrorException;
import com.ibm.cloud.sdk.core.service.exception.NotFoundException;
import com.ibm.cloud.sdk.core.service.exception.ServiceResponseException;
import com.ibm.cloud.sdk.core.service.exception.ServiceUnavailableException;
import com.ibm.cloud.sdk.core.service.exception.TooManyRequestsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static com.cleanupservice.simulator.SimulatorOperations.DELETE_BARE_METAL_SERVER;
import static com.cleanupservice.simulator.SimulatorOperations.DELETE_SUBNET_RESERVED_IP;
import static com.cleanupservice.simulator.SimulatorOperations.DELETE_VIRTUAL_NETWORK_INTERFACE;
import static com.cleanupservice.simulator.SimulatorOperations.GET_BARE_METAL_SERVER;
import static com.cleanupservice.simulator.SimulatorOperations.GET_SUBNET_RESERVED_IP;
import static com.cleanupservice.simulator.SimulatorOperations.GET_VIRTUAL_NETWORK_INTERFACE;
import static com.cleanupservice.simulator.SimulatorOperations.LIST_BARE_METAL_SERVERS;
import static com.cleanupservice.simulator.SimulatorOperations.LIST_SUBNET_RESERVED_IPS;
import static com.cleanupservice.simulator.SimulatorOperations.LIST_VIRTUAL_NETWORK_INTERFACES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link VpcClient} over HTTP against the in-process IBM Cloud simulator: every operation and the error mapping. */
class VpcClientTest {
    private static final String VERSION = "2025-10-28";
    private static final Duration DELETE_DELAY = Duration.ofMillis(200);
    private static final String SUBNET = "0717-subnet-a";
    private static final String OTHER_SUBNET = "0717-subnet-b";

    private static IbmCloudSimulator sim;
    private static VpcClient vpc;
    private static BareMetalServers servers;
    private static VirtualNetworkInterfaces vnis;
    private static SubnetReservedIps ips;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(DELETE_DELAY));
        vpc = new VpcClient(sim.vpcUrl(), VERSION, authenticator(sim, "test-key"));
        servers = new BareMetalServers(vpc);
        vnis = new VirtualNetworkInterfaces(vpc);
        ips = new SubnetReservedIps(vpc);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @BeforeEach
    void clean() {
        sim.reset(); // resources, stats and fault rules; the client's token stays valid
        sim.setBareMetalDeleteDelay(DELETE_DELAY);
    }

    static IamAuthenticator authenticator(IbmCloudSimulator simulator, String apiKey) {
        return new IamAuthenticator.Builder().apikey(apiKey).url(simulator.iamUrl()).build();
    }

    /** A running server with one standalone VNI (auto_delete false) bound to a reserved IP (auto_delete false). */
    private static void serverWithVni(String serverId, String vniId, String ipId) {
        sim.createReservedIp(SUBNET, ipId, ipId + "-name", null, false);
        sim.createVirtualNetworkInterface(vniId, vniId + "-name", SUBNET, ipId, false);
        sim.createBareMetalServer(serverId, serverId + "-name", "running", List.of(vniId));
    }

    /** Polls (20 ms steps, 10 s at most) until the server's GET answers 404; returns that exception. */
    private static NotFoundException awaitServerGone(String id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                BareMetalServer server = servers.getBareMetalServer(id);
                assertThat(server.status()).as("status while the deletion runs").isEqualTo("deleting");
            } catch (NotFoundException gone) {
                return gone;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("bare metal server " + id + " still exists 10 s after its delete");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    // ---------------------------------------------------------------- bare metal servers

    @Test
    void getBareMetalServerReadsIbmFields() {
        serverWithVni("srv-1", "vni-1", "ip-1");

        BareMetalServer server = servers.getBareMetalServer("srv-1");

        assertThat(server.id()).isEqualTo("srv-1");
        assertThat(server.name()).isEqualTo("srv-1-name");
        assertThat(server.status()).isEqualTo("running");
        assertThat(server.lifecycleState()).isEqualTo("stable");
        assertThat(server.crn()).startsWith("crn:v1:bluemix:public:is:").endsWith(":bare-metal-server:srv-1");
        assertThat(Instant.parse(server.createdAt())).isBeforeOrEqualTo(Instant.now());
        assertThat(server.zone().name()).isEqualTo(IbmCloudSimulator.ZONE);
        assertThat(server.networkAttachments()).singleElement().satisfies(a -> {
            assertThat(a.virtualNetworkInterface().id()).isEqualTo("vni-1");
            assertThat(a.virtualNetworkInterface().resourceType()).isEqualTo("virtual_network_interface");
        });
        assertThat(sim.stats().count(GET_BARE_METAL_SERVER, "srv-1")).isEqualTo(1);
    }

    @Test
    void deleteBareMetalServerIsAsynchronousThenTheServerIsGone() {
        // long enough that the GET right after the DELETE reliably sees the server still deleting
        sim.setBareMetalDeleteDelay(Duration.ofSeconds(1));
        serverWithVni("srv-del", "vni-del", "ip-del");

        servers.deleteBareMetalServer("srv-del");

        assertThat(sim.stats().count(DELETE_BARE_METAL_SERVER, "srv-del")).isEqualTo(1);
        BareMetalServer deleting = servers.getBareMetalServer("srv-del");
        assertThat(deleting.status()).isEqualTo("deleting");
        assertThat(deleting.lifecycleState()).isEqualTo("deleting");

        NotFoundException gone = awaitServerGone("srv-del");
        assertThat(gone.getStatusCode()).isEqualTo(404);
        assertThat(IbmErrors.notFound(gone)).isTrue();
        assertThat(sim.exists("bare_metal_server", "srv-del")).isFalse();
        // the standalone VNI outlives its server, detached
        assertThat(vnis.getVirtualNetworkInterface("vni-del").target()).isNull();
    }

    @Test
    void deletingAServerThatIsAlreadyDeletingIsAccepted() {
        sim.setBareMetalDeleteDelay(Duration.ofSeconds(30));
        sim.createBareMetalServer("srv-twice", null, "running", List.of());

        servers.deleteBareMetalServer("srv-twice");
        servers.deleteBareMetalServer("srv-twice");

        assertThat(sim.stats().count(DELETE_BARE_METAL_SERVER, "srv-twice")).isEqualTo(2);
        assertThat(servers.getBareMetalServer("srv-twice").status()).isEqualTo("deleting");
    }

    @Test
    void deletingAPendingServerIsAConflict() {
        sim.createBareMetalServer("srv-pending", null, "pending", List.of());

        ConflictException e = catchThrowableOfType(() -> servers.deleteBareMetalServer("srv-pending"), ConflictException.class);

        assertThat(e).isNotNull();
        assertThat(e.getStatusCode()).isEqualTo(409);
        assertThat(e.getMessage()).contains("pending");
        assertThat(servers.getBareMetalServer("srv-pending").status()).isEqualTo("pending");
    }

    @Test
    void listBareMetalServersWalksEveryPage() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add((String) sim.createBareMetalServer("srv-list-" + i, "list-" + i, "running", List.of()).get("id"));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String start = null;
        do {
            Page<BareMetalServer> page = servers.listBareMetalServers(start, 2);
            assertThat(page.totalCount()).isEqualTo(5);
            page.items().forEach(s -> seen.add(s.id()));
            pageSizes.add(page.items().size());
            start = page.next();
        } while (start != null);

        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(sim.stats().count(LIST_BARE_METAL_SERVERS)).isEqualTo(3);
    }

    @Test
    void listingAnEmptyCollectionHasNoNextPage() {
        Page<BareMetalServer> page = servers.listBareMetalServers(null, 10);

        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isNull();
        assertThat(page.totalCount()).isZero();
    }

    // ---------------------------------------------------------------- virtual network interfaces

    @Test
    void getVirtualNetworkInterfaceShowsItsPrimaryIpAndTarget() {
        serverWithVni("srv-vni", "vni-attached", "ip-attached");
        sim.createVirtualNetworkInterface("vni-free", "free", SUBNET, null, false);

        VirtualNetworkInterface attached = vnis.getVirtualNetworkInterface("vni-attached");
        VirtualNetworkInterface free = vnis.getVirtualNetworkInterface("vni-free");

        assertThat(attached.id()).isEqualTo("vni-attached");
        assertThat(attached.name()).isEqualTo("vni-attached-name");
        assertThat(attached.autoDelete()).isFalse();
        assertThat(attached.lifecycleState()).isEqualTo("stable");
        assertThat(attached.primaryIp().id()).isEqualTo("ip-attached");
        assertThat(attached.primaryIp().address()).startsWith("10.240.");
        assertThat(attached.subnet().id()).isEqualTo(SUBNET);
        assertThat(attached.target()).isNotNull();
        assertThat(attached.target().resourceType()).isEqualTo("bare_metal_server_network_attachment");
        assertThat(free.target()).isNull();
        assertThat(sim.stats().count(GET_VIRTUAL_NETWORK_INTERFACE, "vni-attached")).isEqualTo(1);
    }

    @Test
    void deleteFreeVirtualNetworkInterfaceUnbindsItsReservedIp() {
        sim.createReservedIp(SUBNET, "ip-keep", null, null, false);
        sim.createVirtualNetworkInterface("vni-gone", null, SUBNET, "ip-keep", false);
        assertThat(ips.getSubnetReservedIp(SUBNET, "ip-keep").target().id()).isEqualTo("vni-gone");

        vnis.deleteVirtualNetworkInterface("vni-gone");

        assertThat(sim.stats().count(DELETE_VIRTUAL_NETWORK_INTERFACE, "vni-gone")).isEqualTo(1);
        assertThatThrownBy(() -> vnis.getVirtualNetworkInterface("vni-gone")).isInstanceOf(NotFoundException.class);
        assertThat(ips.getSubnetReservedIp(SUBNET, "ip-keep").target()).isNull();
    }

    @Test
    void deletingAnAttachedVirtualNetworkInterfaceIsAConflict() {
        serverWithVni("srv-busy", "vni-busy", "ip-busy");

        Throwable t = catchThrowable(() -> vnis.deleteVirtualNetworkInterface("vni-busy"));

        assertThat(t).isInstanceOf(ConflictException.class);
        assertThat(IbmErrors.status(t)).hasValue(409);
        assertThat(IbmErrors.notFound(t)).isFalse();
        assertThat(IbmErrors.retryable(t)).as("409: the parent may be going away").isTrue();
        assertThat(t.getMessage()).contains("srv-busy");
        assertThat(sim.stats().count(DELETE_VIRTUAL_NETWORK_INTERFACE, "vni-busy")).isEqualTo(1);
        assertThat(sim.exists("virtual_network_interface", "vni-busy")).isTrue();
    }

    @Test
    void listVirtualNetworkInterfacesWalksEveryPage() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            created.add((String) sim.createVirtualNetworkInterface("vni-list-" + i, null, SUBNET, null, true).get("id"));
        }

        Set<String> seen = new HashSet<>();
        int pages = 0;
        String start = null;
        do {
            Page<VirtualNetworkInterface> page = vnis.listVirtualNetworkInterfaces(start, 3);
            assertThat(page.totalCount()).isEqualTo(4);
            page.items().forEach(v -> seen.add(v.id()));
            pages++;
            start = page.next();
        } while (start != null);

        assertThat(seen).isEqualTo(created);
        assertThat(pages).isEqualTo(2);
        assertThat(sim.stats().count(LIST_VIRTUAL_NETWORK_INTERFACES)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- subnet reserved IPs

    @Test
    void getAndDeleteSubnetReservedIp() {
        sim.createReservedIp(SUBNET, "ip-free", "free-ip", "10.240.0.77", false);

        ReservedIp ip = ips.getSubnetReservedIp(SUBNET, "ip-free");
        assertThat(ip.id()).isEqualTo("ip-free");
        assertThat(ip.name()).isEqualTo("free-ip");
        assertThat(ip.address()).isEqualTo("10.240.0.77");
        assertThat(ip.autoDelete()).isFalse();
        assertThat(ip.lifecycleState()).isEqualTo("stable");
        assertThat(ip.target()).isNull();

        ips.deleteSubnetReservedIp(SUBNET, "ip-free");

        assertThat(sim.stats().count(DELETE_SUBNET_RESERVED_IP, "ip-free")).isEqualTo(1);
        assertThat(sim.exists("subnet_reserved_ip", "ip-free")).isFalse();
        assertThatThrownBy(() -> ips.getSubnetReservedIp(SUBNET, "ip-free")).isInstanceOf(NotFoundException.class);
        assertThat(sim.stats().count(GET_SUBNET_RESERVED_IP, "ip-free")).isEqualTo(2);
    }

    @Test
    void reservedIpIsOnlyFoundInItsOwnSubnet() {
        sim.createReservedIp(SUBNET, "ip-a", null, null, false);

        Throwable t = catchThrowable(() -> ips.getSubnetReservedIp(OTHER_SUBNET, "ip-a"));

        assertThat(t).isInstanceOf(NotFoundException.class);
        assertThat(IbmErrors.notFound(t)).isTrue();
    }

    @Test
    void deletingABoundReservedIpIsAConflict() {
        sim.createReservedIp(SUBNET, "ip-bound", null, null, false);
        sim.createVirtualNetworkInterface("vni-holder", null, SUBNET, "ip-bound", false);

        assertThatThrownBy(() -> ips.deleteSubnetReservedIp(SUBNET, "ip-bound"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("vni-holder");
        assertThat(sim.exists("subnet_reserved_ip", "ip-bound")).isTrue();
    }

    @Test
    void listSubnetReservedIpsWalksMoreThanOnePage() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            created.add((String) sim.createReservedIp(SUBNET, null, null, null, false).get("id"));
        }
        for (int i = 0; i < 3; i++) {
            sim.createReservedIp(OTHER_SUBNET, null, null, null, false); // not part of this subnet's listing
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String start = null;
        do {
            Page<ReservedIp> page = ips.listSubnetReservedIps(SUBNET, start, 50);
            assertThat(page.totalCount()).isEqualTo(120);
            page.items().forEach(ip -> seen.add(ip.id()));
            pageSizes.add(page.items().size());
            start = page.next();
            assertThat(pageSizes).as("pages walked").hasSizeLessThanOrEqualTo(3);
        } while (start != null);

        assertThat(seen).hasSize(120).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(created);
        assertThat(pageSizes).containsExactly(50, 50, 20);
        assertThat(sim.stats().count(LIST_SUBNET_RESERVED_IPS)).isEqualTo(3);
    }

    // ---------------------------------------------------------------- error mapping

    @Test
    void notFoundIsATypedExceptionWithATraceId() {
        Throwable t = catchThrowable(() -> servers.getBareMetalServer("no-such-server"));

        assertThat(t).isInstanceOf(NotFoundException.class);
        NotFoundException e = (NotFoundException) t;
        assertThat(e.getStatusCode()).isEqualTo(404);
        assertThat(e.getMessage()).contains("no-such-server");
        assertThat(IbmErrors.notFound(t)).isTrue();
        assertThat(IbmErrors.status(t)).hasValue(404);
        assertThat(IbmErrors.retryable(t)).isFalse();
        assertThat(IbmErrors.describe(t)).startsWith("HTTP 404").contains("no-such-server");
        // the simulator sends the error body's trace also as X-Request-Id
        assertThat(IbmErrors.traceId(t)).hasValueSatisfying(trace -> {
            assertThat(trace).isNotBlank();
            assertThat(e.getHeaders().values("X-Request-Id")).containsExactly(trace);
        });
        assertThat(sim.stats().count(GET_BARE_METAL_SERVER, "no-such-server")).isEqualTo(1);
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        sim.createBareMetalServer("srv-429", null, "running", List.of());
        sim.faults().add(FaultRule.status(DELETE_BARE_METAL_SERVER, 429).retryAfter(7).resourceId("srv-429").times(1));

        Throwable t = catchThrowable(() -> servers.deleteBareMetalServer("srv-429"));

        assertThat(t).isInstanceOf(TooManyRequestsException.class);
        assertThat(IbmErrors.status(t)).hasValue(429);
        assertThat(IbmErrors.retryAfter(t)).hasValue(Duration.ofSeconds(7));
        assertThat(IbmErrors.retryable(t)).isTrue();
        assertThat(IbmErrors.traceId(t)).hasValueSatisfying(trace -> assertThat(trace).isNotBlank());
        // the injected 429 replaced the delete (and no sdk-core retry was made)
        assertThat(sim.stats().count(DELETE_BARE_METAL_SERVER, "srv-429")).isEqualTo(1);
        assertThat(servers.getBareMetalServer("srv-429").status()).isEqualTo("running");

        // the rule is spent: the next attempt goes through
        servers.deleteBareMetalServer("srv-429");
        assertThat(servers.getBareMetalServer("srv-429").status()).isEqualTo("deleting");
    }

    @Test
    void theSimulatorsRateLimitIsATooManyRequestsWithRetryAfter() {
        sim.createBareMetalServer("srv-limited", null, "running", List.of());
        sim.setRateLimit(RateLimit.vpc(0.1)); // one call, then a token every 10 s
        try {
            assertThat(servers.getBareMetalServer("srv-limited").status()).isEqualTo("running");

            Throwable t = catchThrowable(() -> servers.deleteBareMetalServer("srv-limited"));

            assertThat(t).isInstanceOf(TooManyRequestsException.class);
            assertThat(IbmErrors.status(t)).hasValue(429);
            assertThat(IbmErrors.retryAfter(t)).hasValueSatisfying(retryAfter ->
                    assertThat(retryAfter).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10)));
            assertThat(IbmErrors.retryable(t)).isTrue();
            assertThat(IbmErrors.traceId(t)).hasValueSatisfying(trace -> assertThat(trace).isNotBlank());
            assertThat(sim.stats().rateLimited(DELETE_BARE_METAL_SERVER)).isEqualTo(1);
            assertThat(sim.stats().count(DELETE_BARE_METAL_SERVER, "srv-limited")).as("no sdk-core retry").isEqualTo(1);
        } finally {
            sim.setRateLimit(null);
        }
        assertThat(servers.getBareMetalServer("srv-limited").status()).as("the refused delete did nothing")
                .isEqualTo("running");
    }

    @Test
    void errorWithoutRetryAfterHasNoDelay() {
        sim.faults().add(FaultRule.status(GET_BARE_METAL_SERVER, 429));

        Throwable t = catchThrowable(() -> servers.getBareMetalServer("anything"));

        assertThat(t).isInstanceOf(TooManyRequestsException.class);
        assertThat(IbmErrors.retryAfter(t)).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}, retryable {2}")
    @CsvSource({
            "500, com.ibm.cloud.sdk.core.service.exception.InternalServerErrorException, true",
            "503, com.ibm.cloud.sdk.core.service.exception.ServiceUnavailableException, true",
            "502, com.ibm.cloud.sdk.core.service.exception.ServiceResponseException, true",
            "501, com.ibm.cloud.sdk.core.service.exception.ServiceResponseException, false",
            "403, com.ibm.cloud.sdk.core.service.exception.ForbiddenException, false",
            "400, com.ibm.cloud.sdk.core.service.exception.BadRequestException, false",
    })
    void injectedStatusesMapToTypedExceptions(int status, Class<?> type, boolean retryable) {
        sim.createBareMetalServer("srv-err", null, "running", List.of());
        sim.faults().add(FaultRule.status(DELETE_BARE_METAL_SERVER, status).resourceId("srv-err"));

        Throwable t = catchThrowable(() -> servers.deleteBareMetalServer("srv-err"));

        assertThat(t).isExactlyInstanceOf(type);
        assertThat(IbmErrors.status(t)).hasValue(status);
        assertThat(IbmErrors.retryable(t)).isEqualTo(retryable);
        assertThat(IbmErrors.notFound(t)).isFalse();
        assertThat(IbmErrors.traceId(t)).hasValueSatisfying(trace -> assertThat(trace).isNotBlank());
        assertThat(sim.stats().count(DELETE_BARE_METAL_SERVER, "srv-err")).as("sdk-core retries stay off").isEqualTo(1);
        assertThat(servers.getBareMetalServer("srv-err").status()).isEqualTo("running");
    }

    @Test
    void typedExceptionsOfTheCommonStatuses() {
        // the classes the rest of the product may catch, spelled out once without reflection
        sim.faults().add(FaultRule.status(GET_BARE_METAL_SERVER, 500).resourceId("s500"));
        sim.faults().add(FaultRule.status(GET_BARE_METAL_SERVER, 503).resourceId("s503"));
        sim.faults().add(FaultRule.status(GET_BARE_METAL_SERVER, 403).resourceId("s403"));

        assertThatThrownBy(() -> servers.getBareMetalServer("s500")).isInstanceOf(InternalServerErrorException.class);
        assertThatThrownBy(() -> servers.getBareMetalServer("s503")).isInstanceOf(ServiceUnavailableException.class);
        assertThatThrownBy(() -> servers.getBareMetalServer("s403")).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void connectionResetHasNoStatusAndIsRetryable() {
        sim.createBareMetalServer("srv-reset", null, "running", List.of());
        sim.faults().add(FaultRule.reset(GET_BARE_METAL_SERVER).resourceId("srv-reset"));

        Throwable t = catchThrowable(() -> servers.getBareMetalServer("srv-reset"));

        assertThat(t).isNotNull().isNotInstanceOf(ServiceResponseException.class);
        assertThat(t).hasRootCauseInstanceOf(IOException.class);
        assertThat(IbmErrors.status(t)).isEmpty();
        assertThat(IbmErrors.notFound(t)).isFalse();
        assertThat(IbmErrors.retryable(t)).isTrue();
        assertThat(IbmErrors.traceId(t)).isEmpty();
        assertThat(IbmErrors.describe(t)).startsWith("connection failure");
        assertThat(sim.stats().count(GET_BARE_METAL_SERVER, "srv-reset")).isGreaterThanOrEqualTo(1);

        // the client recovers on a new connection once the fault is gone
        sim.faults().clear();
        assertThat(servers.getBareMetalServer("srv-reset").status()).isEqualTo("running");
    }

    @Test
    void iamTokenFailureSurfacesAsAServiceResponseException() {
        try (IbmCloudSimulator strict = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).apiKey("right-key"))) {
            strict.createBareMetalServer("srv-iam", null, "running", List.of());
            VpcClient wrong = new VpcClient(strict.vpcUrl(), VERSION, authenticator(strict, "wrong-key"));

            Throwable t = catchThrowable(() -> new BareMetalServers(wrong).getBareMetalServer("srv-iam"));

            assertThat(t).isInstanceOf(ServiceResponseException.class);
            assertThat(((ServiceResponseException) t).getStatusCode()).isEqualTo(400);
            assertThat(t.getMessage()).contains("API key");
            assertThat(IbmErrors.status(t)).hasValue(400);
            assertThat(IbmErrors.retryable(t)).isFalse();
            assertThat(strict.stats().count(SimulatorOperations.CREATE_IAM_TOKEN)).isGreaterThanOrEqualTo(1);
            assertThat(strict.stats().count(GET_BARE_METAL_SERVER)).as("no VPC call without a token").isZero();

            VpcClient right = new VpcClient(strict.vpcUrl(), VERSION, authenticator(strict, "right-key"));
            assertThat(new BareMetalServers(right).getBareMetalServer("srv-iam").id()).isEqualTo("srv-iam");
        }
    }

    // ---------------------------------------------------------------- version and generation

    @Test
    void theConfiguredVersionIsSent() {
        sim.createBareMetalServer("srv-version", null, "running", List.of());
        VpcClient badVersion = new VpcClient(sim.vpcUrl(), "latest", authenticator(sim, "test-key"));

        Throwable t = catchThrowable(() -> new BareMetalServers(badVersion).getBareMetalServer("srv-version"));

        assertThat(t).isInstanceOf(BadRequestException.class).hasMessageContaining("'latest'");
        assertThat(servers.getBareMetalServer("srv-version").id()).isEqualTo("srv-version");
    }

    @Test
    void rawRequestsWithoutVersionOrGenerationAreRejected() throws Exception {
        sim.createBareMetalServer("srv-raw", null, "running", List.of());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = rawToken(http);
        String url = sim.vpcUrl() + "/bare_metal_servers/srv-raw";

        HttpResponse<String> none = rawGet(http, url, token);
        HttpResponse<String> noGeneration = rawGet(http, url + "?version=" + VERSION, token);
        HttpResponse<String> noVersion = rawGet(http, url + "?generation=2", token);
        HttpResponse<String> both = rawGet(http, url + "?version=" + VERSION + "&generation=2", token);

        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(errorMessage(none)).contains("version");
        assertThat(noGeneration.statusCode()).isEqualTo(400);
        assertThat(errorMessage(noGeneration)).contains("generation");
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(errorMessage(noVersion)).contains("version");
        assertThat(both.statusCode()).isEqualTo(200);

        // and every call the client makes carries both: the same GET through it succeeds
        assertThat(servers.getBareMetalServer("srv-raw").id()).isEqualTo("srv-raw");
        assertThat(servers.listBareMetalServers(null, 1).items()).hasSize(1);
    }

    private static String rawToken(HttpClient http) throws IOException, InterruptedException {
        String form = "grant_type=" + URLEncoder.encode("urn:ibm:params:oauth:grant-type:apikey", StandardCharsets.UTF_8)
                + "&apikey=test-key&response_type=cloud_iam";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sim.iamUrl() + "/identity/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonParser.parseString(response.body()).getAsJsonObject().get("access_token").getAsString();
    }

    private static HttpResponse<String> rawGet(HttpClient http, String url, String token)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String errorMessage(HttpResponse<String> response) {
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        return body.getAsJsonArray("errors").get(0).getAsJsonObject().get("message").getAsString();
    }

    @Test
    void everyOperationWasCountedOncePerCall() {
        // one of each VPC operation; the per-resource counts prove each went over the wire exactly once
        serverWithVni("srv-all", "vni-all", "ip-all");
        sim.createReservedIp(SUBNET, "ip-spare", null, null, false);
        sim.createVirtualNetworkInterface("vni-spare", null, SUBNET, null, true);

        servers.getBareMetalServer("srv-all");
        servers.listBareMetalServers(null, 10);
        vnis.getVirtualNetworkInterface("vni-all");
        vnis.listVirtualNetworkInterfaces(null, 10);
        vnis.deleteVirtualNetworkInterface("vni-spare");
        ips.getSubnetReservedIp(SUBNET, "ip-spare");
        ips.listSubnetReservedIps(SUBNET, null, 10);
        ips.deleteSubnetReservedIp(SUBNET, "ip-spare");
        servers.deleteBareMetalServer("srv-all");

        Map<String, Long> expected = Map.of(
                GET_BARE_METAL_SERVER, 1L, LIST_BARE_METAL_SERVERS, 1L, DELETE_BARE_METAL_SERVER, 1L,
                GET_VIRTUAL_NETWORK_INTERFACE, 1L, LIST_VIRTUAL_NETWORK_INTERFACES, 1L,
                DELETE_VIRTUAL_NETWORK_INTERFACE, 1L,
                GET_SUBNET_RESERVED_IP, 1L, LIST_SUBNET_RESERVED_IPS, 1L, DELETE_SUBNET_RESERVED_IP, 1L);
        expected.forEach((op, n) -> assertThat(sim.stats().count(op)).as(op).isEqualTo(n));
        assertThat(sim.stats().count(DELETE_BARE_METAL_SERVER, "srv-all")).isEqualTo(1);
        assertThat(sim.stats().count(DELETE_VIRTUAL_NETWORK_INTERFACE, "vni-spare")).isEqualTo(1);
        assertThat(sim.stats().count(DELETE_SUBNET_RESERVED_IP, "ip-spare")).isEqualTo(1);
        assertThat(sim.exists("virtual_network_interface", "vni-spare")).isFalse();
        assertThat(sim.exists("subnet_reserved_ip", "ip-spare")).isFalse();
    }
}
