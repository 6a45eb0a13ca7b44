package com.cleanupservice.ibm;

import com.cleanupservice.config.Settings;
import com.cleanupservice.metrics.CleanupMetrics;
import com.ibm.cloud.sdk.core.http.HttpClientSingleton;
import com.ibm.cloud.sdk.core.security.Authenticator;
import com.ibm.cloud.sdk.core.security.IamAuthenticator;
import com.ibm.cloud.sdk.core.security.VpcInstanceAuthenticator;
import com.ibm.cloud.sdk.core.service.BaseService;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The IBM Cloud APIs the product calls, one client each; resource types name the calls they make on them. Built once
 * and shared: sdk-core's OkHttp clients pool connections and the authenticator caches and refreshes its IAM token.
 */
public record IbmClients(IbmService vpc, IbmService dns, Endpoints endpoints) {

    /** Where the clients point; shown at startup and in /observe/info (never the credentials). */
    public record Endpoints(String vpcUrl, String dnsUrl, String iamUrl, String region, String auth) {
    }

    /** {@code fallbackApiKey}: used when no key is configured (the sandbox simulator accepts any key); null in ibmcloud mode. */
    public static IbmClients create(Settings settings, Endpoints endpoints, String fallbackApiKey) {
        return create(settings, endpoints, fallbackApiKey, CleanupMetrics.none());
    }

    /** As {@link #create(Settings, Endpoints, String)}, every call counted and timed in {@code metrics}. */
    public static IbmClients create(Settings settings, Endpoints endpoints, String fallbackApiKey, CleanupMetrics metrics) {
        Duration connect = connectTimeout(settings);
        Duration read = readTimeout(settings);
        Authenticator authenticator = authenticator(settings, endpoints, fallbackApiKey, connect, read);
        VpcClient vpc = new VpcClient(endpoints.vpcUrl(), settings.string("cleanup.ibm.vpc-api-version"), authenticator);
        DnsServicesClient dns = new DnsServicesClient(endpoints.dnsUrl(), authenticator);
        withTimeouts(vpc, connect, read);
        withTimeouts(dns, connect, read);
        vpc.meteredBy(metrics.ibmCalls(IbmApi.VPC.label()));
        dns.meteredBy(metrics.ibmCalls(IbmApi.DNS.label()));
        return new IbmClients(vpc, dns, endpoints);
    }

    public static Duration connectTimeout(Settings settings) {
        return settings.millis("cleanup.ibm.connect-timeout-ms");
    }

    public static Duration readTimeout(Settings settings) {
        return settings.millis("cleanup.ibm.read-timeout-ms");
    }

    /** The IBM Cloud region of the resources this service cleans up ({@code cleanup.ibm.region}). */
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
                settings.string("cleanup.ibm.auth"));
    }

    /** Token requests get the same timeouts as every other call: sdk-core's own client would wait 90 s on a hung IAM. */
    private static Authenticator authenticator(Settings settings, Endpoints endpoints, String fallbackApiKey, Duration connect, Duration read) {
        OkHttpClient tokenClient = timed(HttpClientSingleton.getInstance().createHttpClient(), connect, read);
        if ("trusted-profile".equals(endpoints.auth())) {
            // running on a VPC virtual server instance: its metadata service exchanges the instance identity for
            // an IAM token of the trusted profile; no API key exists anywhere
            VpcInstanceAuthenticator.Builder builder = new VpcInstanceAuthenticator.Builder();
            settings.optional("cleanup.ibm.trusted-profile-id").ifPresent(builder::iamProfileId);
            settings.optional("cleanup.ibm.trusted-profile-crn").ifPresent(builder::iamProfileCrn);
            VpcInstanceAuthenticator authenticator = builder.build();
            authenticator.setClient(tokenClient);
            return authenticator;
        }
        if (!"apikey".equals(endpoints.auth())) {
            throw new IllegalStateException("cleanup.ibm.auth must be 'apikey' or 'trusted-profile', not '" + endpoints.auth() + "'");
        }
        IamAuthenticator authenticator = new IamAuthenticator.Builder()
                .apikey(fallbackApiKey == null ? settings.required("cleanup.ibm.api-key")
                        : settings.optional("cleanup.ibm.api-key").orElse(fallbackApiKey))
                .url(endpoints.iamUrl())
                .build();
        authenticator.setClient(tokenClient);
        return authenticator;
    }

    private static void withTimeouts(BaseService service, Duration connect, Duration read) {
        // retries stay off here: Camel redelivery owns them, so the two never multiply
        service.setClient(timed(service.getClient(), connect, read));
    }

    private static OkHttpClient timed(OkHttpClient client, Duration connect, Duration read) {
        return client.newBuilder()
                .connectTimeout(connect.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(read.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(read.toMillis() + connect.toMillis(), TimeUnit.MILLISECONDS)
                .build();
    }
}
