package com.cleanupservice.batch;

import com.cleanupservice.api.Api;
import com.cleanupservice.config.Settings;
import com.cleanupservice.persistence.Jdbc;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BeanInject;
import org.apache.camel.builder.RouteBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The watched directory's Java side. The file consumer is in {@code routes/inbox.camel.yaml} (where an operator
 * tweaks it); it hands each request file to {@code direct:process-inbox-file}, which runs it as a batch
 * ({@code direct:run-batch}, trigger "inbox") and writes the result or the reason. Exactly once across restarts and
 * instances comes from the consumer's idempotent repository and read lock: {@link InboxIdempotentRepository}, bound
 * here as {@code inboxIdempotentRepository}.
 */
public final class InboxRoutes extends RouteBuilder {
    @BeanInject
    Settings settings;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    ObjectMapper json;
    @BeanInject
    Api api;

    @Override
    public void configure() {
        Duration stale = settings.millis("cleanup.inbox.claim-stale-ms", Duration.ofMinutes(15).toMillis());
        Duration renew = settings.millis("cleanup.inbox.claim-renew-ms", Duration.ofMinutes(1).toMillis());
        if (renew.compareTo(stale) >= 0) {
            throw new IllegalStateException("cleanup.inbox.claim-renew-ms (" + renew.toMillis()
                    + ") must be shorter than cleanup.inbox.claim-stale-ms (" + stale.toMillis() + ")");
        }
        InboxIdempotentRepository repository = new InboxIdempotentRepository(jdbc, stale);
        // bound before the context starts, so the YAML consumer's #inboxIdempotentRepository resolves
        getContext().getRegistry().bind("inboxIdempotentRepository", repository);
        Inbox inbox = new Inbox(Path.of(settings.string("cleanup.inbox.dir", "data/inbox")),
                Path.of(settings.string("cleanup.outbox.dir", "data/outbox")),
                settings.longValue("cleanup.inbox.max-bytes", 1_048_576), BatchRoutes.maxTargets(settings), json, api);
        // the consumer's filter and poll strategy (#inboxGuard): only regular files are ever opened
        getContext().getRegistry().bind("inboxGuard", new InboxGuard(inbox));
        if (settings.bool("cleanup.inbox.enabled", true)) {
            try {
                inbox.createDirectories();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the inbox directories (cleanup.inbox.dir, cleanup.outbox.dir)", e);
            }
        }

        from("direct:process-inbox-file").routeId("process-inbox-file")
                .process(inbox::open)
                .doTry()
                    .process(inbox::read)
                    .to("direct:run-batch")
                    .process(inbox::writeResult)
                .doCatch(Exception.class)
                    .process(inbox::reject)
                .end();

        // claims on files being processed here stay fresh; a crashed instance's go stale and are taken over
        from("timer:inbox-claim-renewal?period=" + renew.toMillis()).routeId("inbox-claim-renewal")
                .process(e -> repository.renewHeld());
    }
}
