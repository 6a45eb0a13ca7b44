package com.cleanupservice.cleanup;

import com.ibm.cloud.sdk.core.service.exception.ConflictException;
import com.ibm.cloud.sdk.core.service.exception.ForbiddenException;
import com.ibm.cloud.sdk.core.service.exception.ServiceUnavailableException;
import com.ibm.cloud.sdk.core.service.exception.TooManyRequestsException;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(1000), 2.0, Duration.ofSeconds(30));

    @Test
    void retriesTransientErrorsUpToTheLimit() {
        assertThat(policy.shouldRetry(failed(new ServiceUnavailableException(response(503, null)), 1))).isTrue();
        assertThat(policy.shouldRetry(failed(new TooManyRequestsException(response(429, "2")), 3))).isTrue();
        assertThat(policy.shouldRetry(failed(new ServiceUnavailableException(response(503, null)), 4))).isFalse();
        assertThat(policy.shouldRetry(failed(new UncheckedIOException(new SocketTimeoutException("read timed out")), 1))).isTrue();
        assertThat(policy.shouldRetry(failed(new ConflictException(response(409, null)), 1))).isTrue();
    }

    @Test
    void neverRetriesWhatCannotSucceed() {
        assertThat(policy.shouldRetry(failed(new ForbiddenException(response(403, null)), 1))).isFalse();
        assertThat(policy.shouldRetry(failed(new IllegalStateException("bug"), 1))).isFalse();
    }

    @Test
    void honoursRetryAfterAndOtherwiseBacksOffExponentiallyWithJitter() {
        assertThat(policy.delayAfter(1, new TooManyRequestsException(response(429, "7")))).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.delayAfter(1, new TooManyRequestsException(response(429, "999")))).isEqualTo(Duration.ofSeconds(30));
        for (int i = 0; i < 50; i++) {
            assertThat(policy.delayAfter(1, null).toMillis()).isBetween(50L, 100L);
            assertThat(policy.delayAfter(3, null).toMillis()).isBetween(200L, 400L);
            assertThat(policy.delayAfter(10, null).toMillis()).isBetween(500L, 1000L);
        }
    }

    private static Exchange failed(Throwable error, int failures) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setException(error);
        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, failures);
        return exchange;
    }

    private static Response response(int status, String retryAfter) {
        Response.Builder b = new Response.Builder()
                .request(new Request.Builder().url("http://127.0.0.1/v1/x").build())
                .protocol(Protocol.HTTP_1_1).code(status).message("status " + status)
                .body(ResponseBody.create("{\"errors\":[{\"code\":\"c\",\"message\":\"m\"}],\"trace\":\"t\"}",
                        MediaType.get("application/json")));
        if (retryAfter != null) {
            b.header("Retry-After", retryAfter);
        }
        return b.build();
    }

}
