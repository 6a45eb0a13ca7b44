package com.cleanupservice.ibm;

import com.ibm.cloud.sdk.core.service.exception.ServiceResponseException;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link IbmErrors} without a server: Retry-After parsing and classification of hand-built failures. */
class IbmErrorsTest {

    // ---------------------------------------------------------------- parseRetryAfter

    @Test
    void retryAfterInSeconds() {
        assertThat(IbmErrors.parseRetryAfter("7")).hasValue(Duration.ofSeconds(7));
        assertThat(IbmErrors.parseRetryAfter("0")).hasValue(Duration.ZERO);
        assertThat(IbmErrors.parseRetryAfter(" 120 ")).hasValue(Duration.ofSeconds(120));
    }

    @Test
    void negativeSecondsAreIgnored() {
        assertThat(IbmErrors.parseRetryAfter("-5")).isEmpty();
    }

    @Test
    void retryAfterAsAFutureHttpDate() {
        ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120);
        String header = DateTimeFormatter.RFC_1123_DATE_TIME.format(at); // e.g. "Tue, 3 Jun 2025 11:05:30 GMT"

        Duration delay = IbmErrors.parseRetryAfter(header).orElseThrow();

        // the header has whole seconds and time only moves on, so the delay can't exceed 120 s; the lower bound is
        // loose so that a stalled test machine does not fail it
        assertThat(delay).isLessThanOrEqualTo(Duration.ofSeconds(120)).isGreaterThan(Duration.ofSeconds(60));
    }

    @Test
    void retryAfterAsAnImfFixdateFromTheRfc() {
        // the example of RFC 9110 section 10.2.3: long past, so no wait
        assertThat(IbmErrors.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).hasValue(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "soon", "1.5", "7s", "PT7S", "2015-10-21T07:28:00Z", "99999999999999999999",
            "Wed, 32 Oct 2015 07:28:00 GMT"})
    void garbageIsIgnored(String value) {
        assertThat(IbmErrors.parseRetryAfter(value)).isEmpty();
    }

    // ---------------------------------------------------------------- classification of hand-built failures

    private static ServiceResponseException response(int status, Map<String, String> headers, String body) {
        Response.Builder builder = new Response.Builder()
                .request(new Request.Builder().url("https://us-south.iaas.cloud.ibm.com/v1/bare_metal_servers/x").build())
                .protocol(Protocol.HTTP_1_1)
                .code(status)
                .message("status " + status)
                .body(ResponseBody.create(body, MediaType.get("application/json")));
        headers.forEach(builder::header);
        return new ServiceResponseException(status, builder.build());
    }

    @Test
    void retryAfterHeaderAsAnHttpDateOnAnException() {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
        ServiceResponseException e = response(429, Map.of("Retry-After", inAMinute), "{\"errors\":[{\"message\":\"slow down\"}]}");

        assertThat(IbmErrors.retryAfter(e)).hasValueSatisfying(d ->
                assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(60)).isPositive());
        assertThat(IbmErrors.retryAfter(response(429, Map.of("Retry-After", "junk"), "{}"))).isEmpty();
        assertThat(IbmErrors.retryAfter(response(429, Map.of(), "{}"))).isEmpty();
    }

    @Test
    void traceIdPrefersTheBodyTraceOverXRequestId() {
        ServiceResponseException withTrace = response(500, Map.of("X-Request-Id", "header-id"),
                "{\"errors\":[{\"code\":\"internal_error\",\"message\":\"boom\"}],\"trace\":\"body-trace\"}");
        ServiceResponseException headerOnly = response(500, Map.of("X-Request-Id", "header-id"),
                "{\"errors\":[{\"code\":\"internal_error\",\"message\":\"boom\"}]}");
        ServiceResponseException neither = response(500, Map.of(), "{\"errors\":[{\"message\":\"boom\"}]}");

        assertThat(IbmErrors.traceId(withTrace)).hasValue("body-trace");
        assertThat(IbmErrors.traceId(headerOnly)).hasValue("header-id");
        assertThat(IbmErrors.traceId(neither)).isEmpty();
        assertThat(IbmErrors.describe(withTrace)).isEqualTo("HTTP 500: boom");
    }

    @Test
    void wrappedResponseExceptionsAreFoundInTheCauseChain() {
        Throwable wrapped = new CompletionException(new IllegalStateException(response(404, Map.of(), "{}")));

        assertThat(IbmErrors.status(wrapped)).hasValue(404);
        assertThat(IbmErrors.notFound(wrapped)).isTrue();
        assertThat(IbmErrors.retryable(wrapped)).isFalse();
    }

    @Test
    void statusClassification() {
        assertThat(IbmErrors.retryable(response(409, Map.of(), "{}"))).isTrue();
        assertThat(IbmErrors.retryable(response(429, Map.of(), "{}"))).isTrue();
        assertThat(IbmErrors.retryable(response(500, Map.of(), "{}"))).isTrue();
        assertThat(IbmErrors.retryable(response(504, Map.of(), "{}"))).isTrue();
        assertThat(IbmErrors.retryable(response(501, Map.of(), "{}"))).isFalse();
        assertThat(IbmErrors.retryable(response(400, Map.of(), "{}"))).isFalse();
        assertThat(IbmErrors.retryable(response(401, Map.of(), "{}"))).isFalse();
        assertThat(IbmErrors.retryable(response(403, Map.of(), "{}"))).isFalse();
        assertThat(IbmErrors.retryable(response(404, Map.of(), "{}"))).isFalse();
        assertThat(IbmErrors.notFound(response(410, Map.of(), "{}"))).isFalse();
    }

    @Test
    void connectionFailuresHaveNoStatusAndAreRetryable() {
        Throwable timeout = new RuntimeException(new SocketTimeoutException("timeout"));
        Throwable reset = new RuntimeException(new IOException("Connection reset"));

        assertThat(IbmErrors.status(timeout)).isEmpty();
        assertThat(IbmErrors.retryable(timeout)).isTrue();
        assertThat(IbmErrors.retryable(reset)).isTrue();
        assertThat(IbmErrors.traceId(reset)).isEmpty();
        assertThat(IbmErrors.retryAfter(reset)).isEmpty();
        assertThat(IbmErrors.describe(reset)).isEqualTo("connection failure (I/O error: Connection reset)");
    }

    @Test
    void programmingErrorsAreNotRetryable() {
        Throwable bug = new IllegalArgumentException("bad id");

        assertThat(IbmErrors.status(bug)).isEmpty();
        assertThat(IbmErrors.retryable(bug)).isFalse();
        assertThat(IbmErrors.notFound(bug)).isFalse();
        assertThat(IbmErrors.describe(bug)).isEqualTo("unexpected error: bad id");
    }

    // ---------------------------------------------------------------- a 409's blocker

    private static ServiceResponseException conflict(String code, String message) {
        return response(409, Map.of(), "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message
                + "\",\"more_info\":\"https://cloud.ibm.com/docs\"}],\"trace\":\"t-1\"}");
    }

    @Test
    void aSubnetsConflictNamesTheBlockersTypeAndId() {
        ServiceResponseException e = conflict("subnet_in_use_network_interface_exists", "Cannot delete the subnet while it"
                + " is in use by one or more network interfaces. Please delete the network interfaces and try again."
                + " (subnet 0717-s is in use by virtual_network_interface 0717-vni-1)");

        IbmErrors.Blocker blocker = IbmErrors.blocker(e, "0717-s").orElseThrow();

        assertThat(blocker.kind()).isEqualTo("virtual_network_interface");
        assertThat(blocker.id()).isEqualTo("0717-vni-1");
        assertThat(blocker.describe()).isEqualTo("virtual_network_interface 0717-vni-1");
        assertThat(blocker.reason()).startsWith("HTTP 409: Cannot delete the subnet");
    }

    @Test
    void otherConflictsNameTheirFirstBlocker() {
        assertThat(IbmErrors.blocker(conflict("security_group_in_use", "The security group sg-1 still has 2 target(s)"
                + " (vni-2, vni-3); remove them before deleting it."), "sg-1")).hasValueSatisfying(b -> {
                    assertThat(b.kind()).isEqualTo("target");
                    assertThat(b.id()).isEqualTo("vni-2");
                });
        assertThat(IbmErrors.blocker(conflict("public_gateway_in_use", "The public gateway pgw-1 is attached to subnet(s)"
                + " sub-1, sub-2; detach it from every subnet before deleting it."), "pgw-1").map(IbmErrors.Blocker::describe))
                .hasValue("subnet sub-1");
        assertThat(IbmErrors.blocker(conflict("virtual_network_interface_in_use", "The virtual network interface vni-1 is"
                + " attached to bare metal server bms-1; it cannot be deleted while it has a target."), "vni-1")
                .map(IbmErrors.Blocker::describe)).hasValue("bare_metal_server bms-1");
        assertThat(IbmErrors.blocker(conflict("reserved_ip_in_use", "The reserved IP ip-1 is bound to virtual network"
                + " interface vni-1; it cannot be deleted."), "ip-1").map(IbmErrors.Blocker::describe))
                .hasValue("virtual_network_interface vni-1");
        // an IBM-form id anywhere in the message, other than the resource's own
        assertThat(IbmErrors.blocker(conflict("conflict", "Resource 0717-0a1b2c3d-0000-4000-8000-000000000001 still uses"
                + " 0717-0a1b2c3d-0000-4000-8000-000000000002."), "0717-0a1b2c3d-0000-4000-8000-000000000001")
                .map(IbmErrors.Blocker::describe)).hasValue("0717-0a1b2c3d-0000-4000-8000-000000000002");
    }

    @Test
    void aConflictNamingNothingHasNoBlocker() {
        assertThat(IbmErrors.blocker(conflict("bare_metal_server_status_invalid",
                "The bare metal server cannot be deleted while its status is pending."), "bms-1")).isEmpty();
        assertThat(IbmErrors.blocker(conflict("subnet_in_use_network_interface_exists", "Cannot delete the subnet while it"
                + " is in use by one or more network interfaces."), "sub-1")).isEmpty();
        assertThat(IbmErrors.blocker(response(503, Map.of(), "{}"), "x")).isEmpty();
        assertThat(IbmErrors.blocker(new IllegalStateException("in use by subnet sub-1"), "x")).isEmpty();
    }
}
