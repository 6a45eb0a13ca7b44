package com.cleanupservice.notify;

import com.cleanupservice.api.Api;
import com.cleanupservice.config.Settings;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.persistence.Jdbc;
import io.micrometer.core.instrument.Counter;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers the outbox ({@link Notifications} writes it): a timer of its own polls due deliveries, a few at a time,
 * and POSTs each event's body to its webhook through camel-http, signed; 2xx is delivered, anything else (or no
 * answer) is tried again after an exponential backoff with jitter, for ever — {@code failing} after the configured
 * attempts, shown by {@code GET /api/notifications} and counted. Cleanups never wait for it: it runs on the timer's
 * thread. Also {@code GET /api/notifications}.
 */
public final class NotifyRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyRoutes.class);
    private static final String CLAIMED = "cleanupNotification";
    /** camel-http's endpoint; the webhook's URL is each request's {@code CamelHttpUri}. */
    private static final String WEBHOOK = "http://notification-webhook?throwExceptionOnFailure=false&followRedirects=false";

    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    Settings settings;
    @BeanInject
    Leases leases;
    @BeanInject
    Notifications notifications;

    private final Map<String, Counter> counted = new ConcurrentHashMap<>();
    private CleanupMetrics metrics;
    private byte[] secret;

    @Override
    public void configure() {
        Outbox outbox = new Outbox(jdbc, new Outbox.Bounds(settings.positiveInteger("cleanup.notify.batch"),
                settings.positiveInteger("cleanup.notify.max-attempts"), settings.positiveMillis("cleanup.notify.backoff-base-ms"),
                settings.positiveMillis("cleanup.notify.backoff-max-ms"), settings.positiveMillis("cleanup.notify.request-timeout-ms")));
        metrics = CleanupMetrics.of(getContext());
        metrics.gauge("cleanup.notifications.failing", "Webhook deliveries failing (still retried at the longest backoff)",
                metrics.cached(settings.millis("cleanup.metrics.gauge-max-age-ms"), outbox::failing), Long::doubleValue);

        from(NotifyEndpoints.API_NOTIFICATIONS).routeId("api-notifications").routeConfigurationId("api")
                .process(e -> api.write(e, 200, outbox.list(api.query(e, "state"), api.query(e, "limit"), api.query(e, "before"))));

        if (!notifications.enabled()) {
            return; // nothing is recorded, so nothing to deliver
        }
        secret = Notifications.secret(settings);
        long timeout = outbox.bounds().requestTimeout().toMillis();
        HttpComponent http = getContext().getComponent("http", HttpComponent.class);
        http.setConnectTimeout(timeout);
        http.setConnectionRequestTimeout(timeout);
        http.setSoTimeout(timeout);
        http.setResponseTimeout(timeout);
        long poll = settings.positiveMillis("cleanup.notify.poll-interval-ms").toMillis();
        String[] webhooks = notifications.webhooks().stream().map(Webhook::url).toArray(String[]::new);

        // the first poll after one interval too: an instance that just started leaves the table alone that long
        from("timer:deliver-notifications?delay=" + poll + "&period=" + poll).routeId("deliver-notifications")
                .process(e -> e.getIn().setBody(leases.closing() ? List.of() : outbox.claim(webhooks)))
                .split(body())
                    .process(e -> prepare(e))
                    .doTry()
                        .to(WEBHOOK)
                        .process(e -> answered(outbox, e))
                    .doCatch(Exception.class)
                        .process(e -> unreachable(outbox, e))
                    .end()
                .end();
    }

    /** The request: the exact body bytes, signed, and nothing of the exchange's own headers. */
    private void prepare(Exchange exchange) {
        Outbox.Claimed c = exchange.getIn().getBody(Outbox.Claimed.class);
        exchange.setProperty(CLAIMED, c);
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        Message in = exchange.getIn();
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_URI, c.webhook());
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("X-Cleanup-Event", c.type() == null ? "unknown" : c.type().wire());
        in.setHeader("X-Cleanup-Event-Id", c.eventId().toString());
        in.setHeader(Signature.HEADER, Signature.of(secret, body));
        in.setBody(body);
    }

    private void answered(Outbox outbox, Exchange exchange) {
        Outbox.Claimed c = exchange.getProperty(CLAIMED, Outbox.Claimed.class);
        Integer status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status >= 200 && status < 300) {
            outbox.delivered(c, status);
            count(c, "delivered");
            LOG.debug("Notification {} ({}) delivered to {}: HTTP {}", c.eventId(), type(c), Webhook.shown(c.webhook()), status);
        } else {
            failed(outbox, c, status, "HTTP " + status);
        }
    }

    private void unreachable(Outbox outbox, Exchange exchange) {
        Outbox.Claimed c = exchange.getProperty(CLAIMED, Outbox.Claimed.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        failed(outbox, c, null, scrub(error, c.webhook()));
    }

    private void failed(Outbox outbox, Outbox.Claimed c, Integer status, String error) {
        String state = outbox.failed(c, status, error);
        count(c, "failed");
        int attempts = c.attempts() + 1;
        if ("failing".equals(state) && attempts == outbox.bounds().maxAttempts()) {
            LOG.warn("Notification {} ({}) to {} is failing after {} attempts ({}); still retried every {} at most",
                    c.eventId(), type(c), Webhook.shown(c.webhook()), attempts, error, outbox.bounds().backoffMax());
        } else {
            LOG.info("Notification {} ({}) to {} not delivered (attempt {}): {}", c.eventId(), type(c), Webhook.shown(c.webhook()),
                    attempts, error);
        }
    }

    private void count(Outbox.Claimed c, String outcome) {
        counted.computeIfAbsent(type(c) + "/" + outcome, k -> metrics.notification(type(c), outcome)).increment();
    }

    private static String type(Outbox.Claimed c) {
        return c.type() == null ? "unknown" : c.type().wire();
    }

    /** What went wrong, without the URL's query string or user information (either may carry a token), in a line. */
    static String scrub(Throwable error, String url) {
        String message = error == null ? "no answer" : error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage());
        int query = url.indexOf('?');
        if (query >= 0 && query + 1 < url.length()) {
            message = message.replace(url.substring(query + 1), "…");
        }
        String user = Webhook.userInfo(url);
        if (user != null) {
            message = message.replace(user, "…");
        }
        message = message.replaceAll("[\\r\\n]+", " ");
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

}
