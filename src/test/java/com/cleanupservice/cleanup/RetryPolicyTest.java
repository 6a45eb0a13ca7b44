package com.cleanupservice.cleanup;

import com.cleanupservice.config.Settings;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
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
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private static final ResourceTypes TYPES = ResourceTypes.discover(new DefaultCamelContext(), new Settings(new DefaultCamelContext()));
    private final RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(25), Duration.ofMillis(100), Duration.ofMillis(1000), 2.0, Duration.ofSeconds(30));

    @Test
    void retriesTransientErrorsWhileTheBudgetLastsNotUpToACount() {
        DeleteTask task = task(false);
        assertThat(policy.shouldRetry(failed(new ServiceUnavailableException(response(503, null)), task))).isTrue();
        assertThat(policy.shouldRetry(failed(new TooManyRequestsException(response(429, "2")), task))).isTrue();
        assertThat(policy.shouldRetry(failed(new UncheckedIOException(new SocketTimeoutException("read timed out")), task))).isTrue();
        assertThat(policy.shouldRetry(failed(new ConflictException(response(409, null)), task))).isTrue();

        RetryPolicy spent = new RetryPolicy(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(1000), 2.0, Duration.ofSeconds(30));
        assertThat(spent.shouldRetry(failed(new ServiceUnavailableException(response(503, null)), task))).isFalse();
    }

    @Test
    void neverRetriesWhatCannotSucceed() {
        assertThat(policy.shouldRetry(failed(new ForbiddenException(response(403, null)), task(false)))).isFalse();
        assertThat(policy.shouldRetry(failed(new IllegalStateException("bug"), task(false)))).isFalse();
        assertThat(policy.shouldRetry(failed(new ConflictException(response(409, null)), task(true))))
                .as("in use by a parent that an earlier step could not delete").isFalse();
    }

    @Test
    void retryAfterIsTheLeastDelayAndNeverResetsTheGrowth() {
        assertThat(policy.delayAfter(1, new TooManyRequestsException(response(429, "7")))).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.delayAfter(1, new TooManyRequestsException(response(429, "999")))).isEqualTo(Duration.ofSeconds(30));
        RetryPolicy slow = new RetryPolicy(Duration.ofMinutes(25), Duration.ofMillis(100), Duration.ofSeconds(60), 2.0, Duration.ofSeconds(30));
        for (int i = 0; i < 50; i++) {
            assertThat(policy.delayAfter(1, null).toMillis()).isBetween(50L, 100L);
            assertThat(policy.delayAfter(3, null).toMillis()).isBetween(200L, 400L);
            assertThat(policy.delayAfter(10, null).toMillis()).isBetween(500L, 1000L);
            assertThat(slow.delayAfter(8, new TooManyRequestsException(response(429, "1"))).toMillis())
                    .as("the eighth 429 in a row waits longer than its Retry-After of 1 s").isBetween(6400L, 12800L);
        }
    }

    /** A task of a step whose earlier step did (or did not) fail, just started. */
    private static DeleteTask task(boolean dependencyFailed) {
        CleanupRun run = new CleanupRun(UUID.randomUUID(), "node", "n", "test", "me", false, false,
                new WaitPolicy(Duration.ofMillis(10), Duration.ofSeconds(1), 1, Duration.ofHours(1)), null, 1);
        TrackedResource vni = new TrackedResource(TYPES.get("virtual_network_interface"), 1, "vni-1", "vni-1", "n", "d",
                null, null, null, null, LedgerState.PRESENT, 0);
        NodePlan plan = new Planner(TYPES).plan(run, null, "d", List.of(vni));
        return new DeleteTask(plan, vni, 0, dependencyFailed, null);
    }

    private static Exchange failed(Throwable error, DeleteTask task) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setException(error);
        exchange.getIn().setBody(task);
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
