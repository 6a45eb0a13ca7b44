package com.cleanupservice.ibm;

import com.cleanupservice.resources.BareMetalServerType.BareMetalServers;
import com.cleanupservice.resources.DnsRecordType.ResourceRecords;
import com.cleanupservice.resources.SubnetReservedIpType.SubnetReservedIps;
import com.cleanupservice.resources.VirtualNetworkInterfaceType.VirtualNetworkInterfaces;
import com.cleanupservice.config.Settings;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorOperations;
import com.cleanupservice.simulator.SimulatorOptions;
import com.ibm.cloud.sdk.core.service.exception.ServiceResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.ibm.cloud.sdk.core.security.IamAuthenticator;
import com.ibm.cloud.sdk.core.service.BaseService;
import com.cleanupservice.testsupport.TestSettings;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@link IbmClients}: endpoint defaults, authentication choice and the timeouts it puts on the clients. */
class IbmClientsTest {
    private static IbmCloudSimulator sim;
    private final TestSettings testSettings = new TestSettings();

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(Duration.ofMillis(200)));
        // the simulator's first token takes longest (its IAM path cold): not within the 300 ms read timeouts below
        new IamAuthenticator.Builder().apikey("warm-up").url(sim.iamUrl()).build().getToken();
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @BeforeEach
    void clean() {
        sim.reset();
    }

    @AfterEach
    void closeContext() {
        testSettings.close();
    }

    private Settings settings(Map<String, String> values) {
        return testSettings.of(values);
    }

    private static IbmClients.Endpoints simulatorEndpoints() {
        return new IbmClients.Endpoints(sim.vpcUrl(), sim.dnsUrl(), sim.iamUrl(), IbmCloudSimulator.REGION, "apikey");
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    @Test
    void endpointsDefaultToTheRegionsPublicEndpoints() {
        IbmClients.Endpoints endpoints = IbmClients.configuredEndpoints(settings(Map.of("cleanup.ibm.region", "eu-de")));

        assertThat(endpoints.region()).isEqualTo("eu-de");
        assertThat(endpoints.vpcUrl()).isEqualTo("https://eu-de.iaas.cloud.ibm.com/v1");
        assertThat(endpoints.dnsUrl()).isEqualTo("https://api.dns-svcs.cloud.ibm.com/v1");
        assertThat(endpoints.iamUrl()).isEqualTo("https://iam.cloud.ibm.com");
        assertThat(endpoints.auth()).isEqualTo("apikey");
    }

    @Test
    void endpointsCanBeOverridden() {
        IbmClients.Endpoints endpoints = IbmClients.configuredEndpoints(settings(Map.of(
                "cleanup.ibm.vpc-url", "https://us-south.private.iaas.cloud.ibm.com/v1",
                "cleanup.ibm.dns-url", "https://api.private.dns-svcs.cloud.ibm.com/v1",
                "cleanup.ibm.iam-url", "https://private.iam.cloud.ibm.com",
                "cleanup.ibm.auth", "trusted-profile")));

        assertThat(endpoints.region()).isEqualTo("us-south");
        assertThat(endpoints.vpcUrl()).isEqualTo("https://us-south.private.iaas.cloud.ibm.com/v1");
        assertThat(endpoints.dnsUrl()).isEqualTo("https://api.private.dns-svcs.cloud.ibm.com/v1");
        assertThat(endpoints.iamUrl()).isEqualTo("https://private.iam.cloud.ibm.com");
        assertThat(endpoints.auth()).isEqualTo("trusted-profile");
    }

    @Test
    void clientsShareOneAuthenticatorAndReachTheSimulator() {
        sim.createBareMetalServer("srv-clients", null, "running", List.of());
        sim.createReservedIp("subnet-c", "ip-clients", null, null, false);
        sim.createDnsRecord("inst", "zone", "A:clients", "clients.example.com", "A", "10.240.0.20");

        IbmClients clients = IbmClients.create(settings(Map.of()), simulatorEndpoints(), "any-key");

        assertThat(new BareMetalServers(clients.vpc()).getBareMetalServer("srv-clients").id()).isEqualTo("srv-clients");
        assertThat(new SubnetReservedIps(clients.vpc()).getSubnetReservedIp("subnet-c", "ip-clients").id()).isEqualTo("ip-clients");
        assertThat(new VirtualNetworkInterfaces(clients.vpc()).listVirtualNetworkInterfaces(null, 10).items()).isEmpty();
        assertThat(new ResourceRecords(clients.dns()).getResourceRecord("inst", "zone", "A:clients").id()).isEqualTo("A:clients");
        assertThat(sim.stats().count(SimulatorOperations.CREATE_IAM_TOKEN)).as("one cached token for all").isEqualTo(1);
        assertThat(clients.endpoints()).isEqualTo(simulatorEndpoints());
    }

    @Test
    void theConfiguredApiVersionIsSent() {
        sim.createBareMetalServer("srv-v", null, "running", List.of());
        IbmClients clients = IbmClients.create(settings(Map.of("cleanup.ibm.vpc-api-version", "2024-13-45")),
                simulatorEndpoints(), "any-key");

        Throwable t = catchThrowable(() -> new BareMetalServers(clients.vpc()).getBareMetalServer("srv-v"));

        assertThat(IbmErrors.status(t)).hasValue(400);
        assertThat(t).hasMessageContaining("2024-13-45");
    }

    @Test
    void aConfiguredApiKeyWinsOverTheFallback() {
        try (IbmCloudSimulator strict = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).apiKey("configured"))) {
            strict.createBareMetalServer("srv-key", null, "running", List.of());
            IbmClients.Endpoints endpoints = new IbmClients.Endpoints(strict.vpcUrl(), strict.dnsUrl(), strict.iamUrl(),
                    IbmCloudSimulator.REGION, "apikey");

            IbmClients configured = IbmClients.create(settings(Map.of("cleanup.ibm.api-key", "configured")), endpoints,
                    "fallback");
            assertThat(new BareMetalServers(configured.vpc()).getBareMetalServer("srv-key").id()).isEqualTo("srv-key");

            IbmClients fallback = IbmClients.create(settings(Map.of()), endpoints, "fallback");
            assertThatThrownBy(() -> new BareMetalServers(fallback.vpc()).getBareMetalServer("srv-key"))
                    .isInstanceOf(ServiceResponseException.class)
                    .satisfies(t -> assertThat(IbmErrors.status(t)).hasValue(400));
        }
    }

    @Test
    void withoutFallbackTheApiKeyIsRequired() {
        assertThatThrownBy(() -> IbmClients.create(settings(Map.of()), simulatorEndpoints(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cleanup.ibm.api-key");
    }

    @Test
    void unknownAuthIsRejected() {
        IbmClients.Endpoints endpoints = new IbmClients.Endpoints(sim.vpcUrl(), sim.dnsUrl(), sim.iamUrl(),
                IbmCloudSimulator.REGION, "password");

        assertThatThrownBy(() -> IbmClients.create(settings(Map.of()), endpoints, "k"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("password");
    }

    @Test
    void readTimeoutEndsAHangingCallAsARetryableConnectionFailure() {
        sim.createBareMetalServer("srv-hang", null, "running", List.of());
        IbmClients clients = IbmClients.create(settings(Map.of("cleanup.ibm.read-timeout-ms", "300",
                "cleanup.ibm.connect-timeout-ms", "2000")), simulatorEndpoints(), "any-key");
        new BareMetalServers(clients.vpc()).getBareMetalServer("srv-hang"); // token fetched before the hang is armed
        sim.faults().add(FaultRule.hang(SimulatorOperations.GET_BARE_METAL_SERVER).resourceId("srv-hang"));

        Throwable t = catchThrowable(() -> new BareMetalServers(clients.vpc()).getBareMetalServer("srv-hang"));

        assertThat(t).isNotNull().isNotInstanceOf(ServiceResponseException.class);
        assertThat(causes(t)).as("cause chain").hasAtLeastOneElementOfType(InterruptedIOException.class);
        assertThat(IbmErrors.describe(t)).startsWith("connection failure");
        assertThat(IbmErrors.status(t)).isEmpty();
        assertThat(IbmErrors.retryable(t)).isTrue();
        assertThat(sim.stats().count(SimulatorOperations.GET_BARE_METAL_SERVER, "srv-hang")).isEqualTo(2);
    }

    @Test
    void aHangingTokenRequestEndsWithTheSameReadTimeout() {
        sim.createBareMetalServer("srv-iam-hang", null, "running", List.of());
        IbmClients clients = IbmClients.create(settings(Map.of("cleanup.ibm.read-timeout-ms", "300",
                "cleanup.ibm.connect-timeout-ms", "2000")), simulatorEndpoints(), "a-fresh-key-" + System.nanoTime());
        sim.faults().add(FaultRule.hang(SimulatorOperations.CREATE_IAM_TOKEN).times(1));
        long started = System.nanoTime();

        Throwable t = catchThrowable(() -> new BareMetalServers(clients.vpc()).getBareMetalServer("srv-iam-hang"));

        assertThat(t).as("sdk-core's own token client would wait 90 s; ours gives up with the read timeout").isNotNull();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(60));
        assertThat(IbmErrors.retryable(t)).isTrue();
        sim.faults().clear();
        assertThat(new BareMetalServers(clients.vpc()).getBareMetalServer("srv-iam-hang").id()).isEqualTo("srv-iam-hang");
    }

    // ---- accounts and regions ------------------------------------------------------------------------------------

    private static IbmClients.Endpoints regionalEndpoints(String iamUrl) {
        return new IbmClients.Endpoints(sim.vpcUrl(), sim.dnsUrl(), iamUrl, IbmCloudSimulator.REGION, "apikey",
                sim.baseUrl() + "/regions/{region}/v1");
    }

    private static String url(IbmService client) {
        return ((BaseService) client).getServiceUrl();
    }

    @Test
    void clientsAreMadeOncePerAccountAndRegionAndDistinctAcross() {
        IbmClients clients = IbmClients.create(settings(Map.of()), regionalEndpoints(sim.iamUrl()), "any-key");

        IbmService euDe2 = clients.vpc("sandbox-2", "eu-de");
        assertThat(clients.vpc("sandbox-2", "eu-de")).isSameAs(euDe2);
        assertThat(clients.at("sandbox-2", "eu-de").vpc()).isSameAs(euDe2);
        assertThat(clients.vpc("sandbox", "eu-de")).isNotSameAs(euDe2);
        assertThat(clients.vpc("sandbox-2", "us-south")).isNotSameAs(euDe2);
        assertThat(clients.vpc()).as("the default account and region").isSameAs(clients.vpc("sandbox", "us-south"))
                .isSameAs(clients.vpc(null, null));
        assertThat(clients.dns("sandbox-2")).isSameAs(clients.dns("sandbox-2")).isSameAs(clients.at("sandbox-2", "eu-de").dns())
                .isNotSameAs(clients.dns());
        assertThat(clients.at("sandbox-2", "eu-de").account()).isEqualTo("sandbox-2");
        assertThat(clients.at("sandbox-2", null).region()).as("no region (DNS rows): the default one").isEqualTo("us-south");

        assertThat(url(clients.vpc())).isEqualTo(sim.vpcUrl());
        assertThat(url(euDe2)).isEqualTo(sim.baseUrl() + "/regions/eu-de/v1");
        assertThat(url(clients.dns("sandbox-2"))).isEqualTo(sim.dnsUrl());
    }

    @Test
    void clientsAskedForAtOnceFromManyThreadsAreOne() {
        IbmClients clients = IbmClients.create(settings(Map.of()), regionalEndpoints(sim.iamUrl()), "any-key");

        Set<IbmService> made = IntStream.range(0, 64).parallel().mapToObj(i -> clients.vpc("sandbox-2", "eu-de"))
                .collect(Collectors.toCollection(() -> Collections.newSetFromMap(new IdentityHashMap<>())));

        assertThat(made).hasSize(1);
    }

    @Test
    void anUnknownAccountOrARegionItsAccountDoesNotAllowIsRefusedNotSentToTheDefault() {
        IbmClients clients = IbmClients.create(settings(Map.of()), regionalEndpoints(sim.iamUrl()), "any-key");

        assertThatThrownBy(() -> clients.at("sandbox-3", "us-south")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown account 'sandbox-3'");
        assertThatThrownBy(() -> clients.vpc("sandbox-2", "jp-tok")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("account 'sandbox-2' may not be cleaned in region 'jp-tok'");
        assertThatThrownBy(() -> clients.dns("sandbox-3")).isInstanceOf(IllegalArgumentException.class);

        IbmClients euOnly = IbmClients.create(settings(Map.of("cleanup.ibm.account.sandbox-2.regions", "eu-de")),
                regionalEndpoints(sim.iamUrl()), "any-key");
        assertThat(euOnly.at("sandbox-2", null).region()).as("no region, the default not allowed: the account's first").isEqualTo("eu-de");
        assertThat(euOnly.at("sandbox-2", null).dns()).isSameAs(euOnly.dns("sandbox-2"));
        assertThatThrownBy(() -> euOnly.vpc("sandbox-2", "us-south")).isInstanceOf(IllegalArgumentException.class);

        IbmClients noTemplate = IbmClients.create(settings(Map.of()), simulatorEndpoints(), "any-key");
        assertThatThrownBy(() -> noTemplate.vpc("sandbox", "eu-de")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no VPC endpoint for region eu-de");
    }

    @Test
    void eachAccountGetsItsOwnTokenAndItsAccountIsChecked() {
        try (JwtIam iam = new JwtIam(Map.of("key-1", "sandbox0account0000000000000000", "key-2", "sandbox2account0000000000000000"))) {
            IbmClients clients = IbmClients.create(settings(Map.of("cleanup.ibm.account.sandbox.api-key", "key-1",
                    "cleanup.ibm.account.sandbox-2.api-key", "key-2")), regionalEndpoints(iam.url()), (String) null);

            clients.checkAccounts();

            assertThat(iam.minted()).as("one token per account").isEqualTo(2);
            clients.checkAccounts();
            assertThat(iam.minted()).as("cached, and reused by the calls").isEqualTo(2);
        }
    }

    @Test
    void aKeyOfAnotherAccountRefusesTheAccountAtStartAndEveryCallOfIt() {
        sim.createBareMetalServer("srv-other", null, "running", List.of());
        try (JwtIam iam = new JwtIam(Map.of("key-1", "sandbox0account0000000000000000"))) {
            IbmClients clients = IbmClients.create(settings(Map.of("cleanup.ibm.account.sandbox.api-key", "key-1",
                    "cleanup.ibm.account.sandbox-2.api-key", "key-1")), regionalEndpoints(iam.url()), (String) null);
            String expected = "account sandbox-2: the API key belongs to account sandbox0account0000000000000000, "
                    + "not the configured sandbox2account0000000000000000";

            assertThatThrownBy(clients::checkAccounts).isInstanceOf(IllegalStateException.class).hasMessage(expected);
            Throwable call = catchThrowable(() -> new BareMetalServers(clients.vpc("sandbox-2", "us-south")).getBareMetalServer("srv-other"));

            assertThat(causes(call)).extracting(Throwable::getMessage).contains(expected);
            assertThat(IbmErrors.retryable(call)).as("a person must change the key").isFalse();
            assertThat(sim.stats().count(SimulatorOperations.GET_BARE_METAL_SERVER)).as("nothing sent with that token").isZero();
        }
    }

    @Test
    void anAccountWithoutIdIsWarnedAboutAtStartAndNotChecked() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(IbmClients.class);
        log.start();
        logger.addAppender(log);
        try (JwtIam iam = new JwtIam(Map.of("key-1", "sandbox0account0000000000000000", "key-2", "someone-else"))) {
            IbmClients clients = IbmClients.create(settings(Map.of("cleanup.ibm.account.sandbox.api-key", "key-1",
                    "cleanup.ibm.account.sandbox-2.api-key", "key-2", "cleanup.ibm.account.sandbox-2.id", "")),
                    regionalEndpoints(iam.url()), (String) null);

            clients.checkAccounts();

            assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("account sandbox-2 has no cleanup.ibm.account.sandbox-2.id: the account check (that its "
                            + "credential belongs to that IBM account) is off for it");
            assertThat(iam.minted()).as("only the checked account's token is minted at start").isEqualTo(1);
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void aTokenNamingNoAccountIsRefusedAgainstIbmAndOnlyWarnedAboutInTheSandbox() {
        try (JwtIam iam = new JwtIam(Map.of("opaque-key", ""))) {
            IbmClients ibmcloud = IbmClients.create(settings(Map.of("cleanup.mode", "ibmcloud",
                    "cleanup.ibm.account.default.id", "0123456789abcdef")), regionalEndpoints(iam.url()), "opaque-key");
            assertThatThrownBy(ibmcloud::checkAccounts).hasMessageContaining("account default: its IAM token names no account");

            IbmClients sandbox = IbmClients.create(settings(Map.of()), regionalEndpoints(iam.url()), "opaque-key");
            sandbox.checkAccounts();
            assertThat(iam.minted()).isEqualTo(3);
        }
    }

    /**
     * Against the simulator itself, once it mints JWTs naming its accounts (branch sim-regions): its two sandbox keys
     * pass the check, a swapped one fails it. Skipped while its tokens are opaque.
     */
    @Test
    void theSimulatorsSandboxKeysBelongToTheirAccounts() {
        IamAuthenticator probe = new IamAuthenticator.Builder().apikey("sandbox-api-key").url(sim.iamUrl()).build();
        Assumptions.assumeTrue(TokenAccount.of(probe.getToken()).isPresent(), "the simulator's IAM tokens are not JWTs yet");

        IbmClients clients = IbmClients.create(settings(Map.of("cleanup.ibm.account.sandbox.api-key", "sandbox-api-key",
                "cleanup.ibm.account.sandbox-2.api-key", "sandbox-2-api-key")), regionalEndpoints(sim.iamUrl()), (String) null);
        clients.checkAccounts();

        IbmClients swapped = IbmClients.create(settings(Map.of("cleanup.ibm.account.sandbox.api-key", "sandbox-2-api-key",
                "cleanup.ibm.account.sandbox-2.api-key", "sandbox-api-key")), regionalEndpoints(sim.iamUrl()), (String) null);
        assertThatThrownBy(swapped::checkAccounts).hasMessageContaining("account sandbox: the API key belongs to account sandbox2account");
    }
}
