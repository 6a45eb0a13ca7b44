package com.cleanupservice.ibm;

import com.cleanupservice.config.Settings;
import com.cleanupservice.metrics.CleanupMetrics;
import com.ibm.cloud.sdk.core.http.HttpClientSingleton;
import com.ibm.cloud.sdk.core.security.IamAuthenticator;
import com.ibm.cloud.sdk.core.security.TokenRequestBasedAuthenticatorImmutable;
import com.ibm.cloud.sdk.core.security.VpcInstanceAuthenticator;
import com.ibm.cloud.sdk.core.service.BaseService;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The IBM Cloud APIs the product calls, as clients of one account and region; resource types name the calls they make
 * on them ({@link #vpc()}, {@link #dns()}). The clients of every configured account and region are made when first
 * needed and reused ({@link #at}, {@link #vpc(String, String)}, {@link #dns(String)}); those of the default account and
 * region are what {@link #vpc()} and {@link #dns()} of the instance the service binds answer. Each account has one
 * authenticator (sdk-core's, caching and refreshing its own IAM token) that checks each token it mints belongs to the
 * account's configured id ({@link AccountCheck}); sdk-core's OkHttp clients pool connections.
 */
public final class IbmClients {
    private static final Logger LOG = LoggerFactory.getLogger(IbmClients.class);

    /**
     * Where the clients point; shown at startup (never the credentials). {@code vpcUrl} is the default region's VPC
     * endpoint; {@code vpcUrlByRegion} any region's, {@code {region}} replaced (null: only the default region is reachable).
     */
    public record Endpoints(String vpcUrl, String dnsUrl, String iamUrl, String region, String auth, String vpcUrlByRegion) {
        public Endpoints(String vpcUrl, String dnsUrl, String iamUrl, String region, String auth) {
            this(vpcUrl, dnsUrl, iamUrl, region, auth, null);
        }

        /** The VPC endpoint of {@code region}. */
        public String vpcUrl(String region) {
            if (region.equals(this.region)) {
                return vpcUrl;
            }
            if (vpcUrlByRegion == null) {
                throw new IllegalArgumentException("no VPC endpoint for region " + region + ": set cleanup.ibm.vpc-url-by-region");
            }
            return vpcUrlByRegion.replace("{region}", region);
        }
    }

    private final Places places;
    private final Account account;
    private final String region;

    private IbmClients(Places places, Account account, String region) {
        this.places = places;
        this.account = account;
        this.region = region;
    }

    /** {@code fallbackApiKey}: used when no key is configured (the sandbox simulator accepts any key); null in ibmcloud mode. */
    public static IbmClients create(Settings settings, Endpoints endpoints, String fallbackApiKey) {
        return create(settings, endpoints, fallbackApiKey, CleanupMetrics.none());
    }

    /** As {@link #create(Settings, Endpoints, String)}, every call counted and timed in {@code metrics}. */
    public static IbmClients create(Settings settings, Endpoints endpoints, String fallbackApiKey, CleanupMetrics metrics) {
        return create(settings, endpoints, fallbackApiKey == null ? null : name -> fallbackApiKey, metrics);
    }

    /**
     * The clients of every configured account ({@link Accounts}); {@code fallbackKeys}: an account's API key when none
     * is configured (the sandbox simulator's keys), null in ibmcloud mode. An account's token naming no account is
     * refused in ibmcloud mode and only warned about in sandbox mode (the simulator's tokens may not be JWTs).
     */
    public static IbmClients create(Settings settings, Endpoints endpoints, Function<String, String> fallbackKeys, CleanupMetrics metrics) {
        Accounts accounts = Accounts.from(settings, endpoints.auth(), fallbackKeys);
        Places places = new Places(accounts, endpoints, settings.string("cleanup.ibm.vpc-api-version"), connectTimeout(settings),
                readTimeout(settings), metrics, !settings.sandbox());
        accounts.all().forEach(places::authenticator); // a credential that cannot be built stops the start, not a later call
        return new IbmClients(places, accounts.defaultAccount(), accounts.defaultRegion());
    }

    /** The VPC API of this account and region. */
    public IbmService vpc() {
        return places.vpc(account, region);
    }

    /** DNS Services (global) of this account. */
    public IbmService dns() {
        return places.dns(account);
    }

    public Endpoints endpoints() {
        return places.endpoints;
    }

    public Accounts accounts() {
        return places.accounts;
    }

    /** This account's name. */
    public String account() {
        return account.name();
    }

    public String region() {
        return region;
    }

    /**
     * The clients of {@code account}'s {@code region} (account null: the default one; region null, as DNS rows have
     * none: the default region, or the account's first when it does not allow that one); an unknown account or a
     * region it does not allow is an {@link IllegalArgumentException}, never the default's clients.
     */
    public IbmClients at(String account, String region) {
        Account which = places.accounts.allowed(account, region);
        String where = region != null ? region
                : which.allows(places.accounts.defaultRegion()) ? places.accounts.defaultRegion() : which.regions().get(0);
        return new IbmClients(places, which, where);
    }

    /** The VPC client of {@code account} in {@code region}, made when first asked for and reused. */
    public IbmService vpc(String account, String region) {
        return at(account, region).vpc();
    }

    /** The DNS Services client of {@code account}, made when first asked for and reused. */
    public IbmService dns(String account) {
        return places.dns(places.accounts.account(account));
    }

    /**
     * The account check at start: mints each account's token (reused by its first calls) and compares its account with
     * the configured id. A credential of another account throws, naming it; an account without id is warned about; a
     * token that cannot be had now (IAM unreachable) is only warned about: the check is then made with the first token.
     */
    public void checkAccounts() {
        for (Account each : places.accounts.all()) {
            if (each.id() == null) {
                LOG.warn("account {} has no {}{}.id: the account check (that its credential belongs to that IBM account) is off for it",
                        each.name(), Accounts.PREFIX, each.name());
                continue;
            }
            try {
                places.authenticator(each).verify();
                LOG.info("account {}: its credential belongs to IBM account {}", each.name(), each.id());
            } catch (AccountCheck.Mismatch e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("account {}: could not get an IAM token at start ({}); its account is checked with its first token",
                        each.name(), IbmErrors.describe(e));
            }
        }
    }

    public static Duration connectTimeout(Settings settings) {
        return settings.millis("cleanup.ibm.connect-timeout-ms");
    }

    public static Duration readTimeout(Settings settings) {
        return settings.millis("cleanup.ibm.read-timeout-ms");
    }

    /** The IBM Cloud region of rows that name none ({@code cleanup.ibm.region}). */
    public static String region(Settings settings) {
        return settings.string("cleanup.ibm.region");
    }

    /** The endpoints configured for ibmcloud mode: the region's public VPC endpoint unless overridden. */
    public static Endpoints configuredEndpoints(Settings settings) {
        String region = region(settings);
        return new Endpoints(
                settings.string("cleanup.ibm.vpc-url"),
                settings.string("cleanup.ibm.dns-url"),
                settings.string("cleanup.ibm.iam-url"),
                region,
                settings.string("cleanup.ibm.auth"),
                settings.string("cleanup.ibm.vpc-url-by-region"));
    }

    @Override
    public String toString() {
        return "IbmClients[" + account.name() + " in " + region + "]";
    }

    /** Every account's authenticator and every (account, region)'s clients, each made once, when first needed. */
    private static final class Places {
        private final Accounts accounts;
        private final Endpoints endpoints;
        private final String vpcVersion;
        private final Duration connect;
        private final Duration read;
        private final CleanupMetrics metrics;
        private final boolean strict;
        private final Map<String, AccountCheck> authenticators = new ConcurrentHashMap<>();
        private final Map<String, IbmService> dns = new ConcurrentHashMap<>();
        private final Map<String, IbmService> vpc = new ConcurrentHashMap<>();

        Places(Accounts accounts, Endpoints endpoints, String vpcVersion, Duration connect, Duration read, CleanupMetrics metrics, boolean strict) {
            this.accounts = accounts;
            this.endpoints = endpoints;
            this.vpcVersion = vpcVersion;
            this.connect = connect;
            this.read = read;
            this.metrics = metrics;
            this.strict = strict;
        }

        AccountCheck authenticator(Account account) {
            return authenticators.computeIfAbsent(account.name(), name -> new AccountCheck(account, tokens(account), strict));
        }

        IbmService vpc(Account account, String region) {
            // the key joins two names that hold no '/'
            return vpc.computeIfAbsent(account.name() + "/" + region, key -> {
                VpcClient client = new VpcClient(endpoints.vpcUrl(region), vpcVersion, authenticator(account));
                withTimeouts(client);
                client.meteredBy(metrics.ibmCalls(IbmApi.VPC.label(), account.name()));
                return client;
            });
        }

        IbmService dns(Account account) {
            return dns.computeIfAbsent(account.name(), key -> {
                DnsServicesClient client = new DnsServicesClient(endpoints.dnsUrl(), authenticator(account));
                withTimeouts(client);
                client.meteredBy(metrics.ibmCalls(IbmApi.DNS.label(), account.name()));
                return client;
            });
        }

        /** Token requests get the same timeouts as every other call: sdk-core's own client would wait 90 s on a hung IAM. */
        private TokenRequestBasedAuthenticatorImmutable<?, ?> tokens(Account account) {
            OkHttpClient tokenClient = timed(HttpClientSingleton.getInstance().createHttpClient());
            if (Account.TRUSTED_PROFILE.equals(account.auth())) {
                // running on a VPC virtual server instance: its metadata service exchanges the instance identity for
                // an IAM token of the trusted profile; no API key exists anywhere
                VpcInstanceAuthenticator.Builder builder = new VpcInstanceAuthenticator.Builder();
                if (account.trustedProfileId() != null) {
                    builder.iamProfileId(account.trustedProfileId());
                }
                if (account.trustedProfileCrn() != null) {
                    builder.iamProfileCrn(account.trustedProfileCrn());
                }
                VpcInstanceAuthenticator authenticator = builder.build();
                authenticator.setClient(tokenClient);
                return authenticator;
            }
            IamAuthenticator authenticator = new IamAuthenticator.Builder()
                    .apikey(account.apiKey())
                    .url(endpoints.iamUrl())
                    .build();
            authenticator.setClient(tokenClient);
            return authenticator;
        }

        private void withTimeouts(BaseService service) {
            // retries stay off here: Camel redelivery owns them, so the two never multiply
            service.setClient(timed(service.getClient()));
        }

        private OkHttpClient timed(OkHttpClient client) {
            return client.newBuilder()
                    .connectTimeout(connect.toMillis(), TimeUnit.MILLISECONDS)
                    .readTimeout(read.toMillis(), TimeUnit.MILLISECONDS)
                    .callTimeout(read.toMillis() + connect.toMillis(), TimeUnit.MILLISECONDS)
                    .build();
        }
    }
}
