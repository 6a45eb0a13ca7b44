package com.cleanupservice.notify;

import com.cleanupservice.config.Settings;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cleanup.notify.webhook-url} read: URLs, their fragment's events, and what stops the start. */
class WebhookTest {

    @Test
    void urlsAreSeparatedByCommasAndAFragmentNamesTheEventsAWebhookWants() {
        List<Webhook> hooks = Webhook.parse(" https://hooks.example/x?token=abc#events=dead_letter_opened+guard_refused ,http://10.0.0.1:9000/all ");
        assertThat(hooks).hasSize(2);
        assertThat(hooks.get(0).url()).isEqualTo("https://hooks.example/x?token=abc");
        assertThat(hooks.get(0).events()).isEqualTo(Set.of(EventType.DEAD_LETTER_OPENED, EventType.GUARD_REFUSED));
        assertThat(hooks.get(1).events()).containsExactlyInAnyOrder(EventType.values());
        assertThat(Webhook.shown(hooks.get(0).url())).isEqualTo("https://hooks.example/x");
        assertThat(Webhook.parse("")).isEmpty();
        assertThat(Webhook.shown("https://bot:pa55@hooks.example/x/y?t=1#events=run_ended")).isEqualTo("https://hooks.example/x/y");
        assertThat(Webhook.shown("http://hooks.example:8080/a@b")).isEqualTo("http://hooks.example:8080/a@b");
    }

    @Test
    void anUnknownEventOrABadUrlStopsTheStartNamingIt() {
        assertThatThrownBy(() -> Webhook.parse("https://hooks.example/x?token=abc#events=dead_letter_opened+run_finished"))
                .hasMessageContaining("unknown event 'run_finished'").hasMessageNotContaining("token=abc");
        assertThatThrownBy(() -> Webhook.parse("ftp://hooks.example/x")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> Webhook.parse("https://hooks.example/x#only=run_ended")).hasMessageContaining("fragment");
        assertThatThrownBy(() -> Webhook.parse("https://a.example/x, https://a.example/x")).hasMessageContaining("twice");
    }

    @Test
    void webhooksWithoutASecretRefuseToStart() {
        assertThatThrownBy(() -> Notifications.configured(settings("https://hooks.example/x", null), new ObjectMapper()))
                .hasMessageContaining("CLEANUP_NOTIFY_WEBHOOK_SECRET");
        assertThat(Notifications.configured(settings("https://hooks.example/x", "k"), new ObjectMapper()).enabled()).isTrue();
        Notifications off = Notifications.configured(settings("", null), new ObjectMapper());
        assertThat(off.enabled()).isFalse();
        assertThat(off.wants(EventType.RUN_ENDED)).isFalse();
    }

    @Test
    void theSignatureIsTheHexHmacSha256OfTheBody() {
        // RFC 4231 test case 2
        assertThat(Signature.of("Jefe".getBytes(), "what do ya want for nothing?".getBytes()))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    private static Settings settings(String urls, String secret) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.setProperty("cleanup.notify.webhook-url", urls);
        p.setProperty("cleanup.notify.console-url", "http://localhost:8080/console/");
        if (secret != null) {
            p.setProperty("cleanup.notify.webhook-secret", secret);
        }
        context.getPropertiesComponent().setInitialProperties(p);
        return new Settings(context);
    }
}
