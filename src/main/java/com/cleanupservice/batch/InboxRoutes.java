package com.cleanupservice.batch;

import com.cleanupservice.config.Settings;
import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.persistence.Jdbc;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.support.Input;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

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
    Input input;
    @BeanInject
    Leases leases;
    @BeanInject
    CleanupMetrics metrics;

    /** The consumer's idempotent key of the file (name, size, last modified), as the repository holds it. */
    private static final String CLAIM_KEY = "cleanupInboxClaimKey";

    private static void requireClaim(Exchange e, InboxIdempotentRepository repository) {
        String key = e.getProperty(CLAIM_KEY, String.class);
        if (!repository.finishing(key)) {
            throw new IllegalStateException("the claim on inbox file " + key + " was lost (another instance took it over); "
                    + "nothing is written for it here");
        }
    }

    @Override
    public void configure() {
        InboxIdempotentRepository repository = new InboxIdempotentRepository(jdbc, leases);
        // bound before the context starts, so the YAML consumer's #inboxIdempotentRepository resolves
        getContext().getRegistry().bind("inboxIdempotentRepository", repository);
        Inbox inbox = new Inbox(Path.of(settings.string("cleanup.inbox.dir")),
                Path.of(settings.string("cleanup.outbox.dir")),
                settings.longValue("cleanup.inbox.max-bytes"), BatchRoutes.maxTargets(settings), json, input, metrics);
        // the consumer's filter and poll strategy (#inboxGuard): only regular files are ever opened
        getContext().getRegistry().bind("inboxGuard", new InboxGuard(inbox));
        if (settings.bool("cleanup.inbox.enabled")) {
            try {
                inbox.createDirectories();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the inbox directories (cleanup.inbox.dir, cleanup.outbox.dir)", e);
            }
        }

        // nothing is written for a file whose claim this instance lost (another instance has it): the failure then
        // escapes the catch, and the consumer rolls back without moving the file
        from(BatchEndpoints.PROCESS_INBOX_FILE).routeId("process-inbox-file")
                .process(inbox::open)
                .process(e -> e.setProperty(CLAIM_KEY, e.getIn().getHeader(Exchange.FILE_NAME_ONLY) + "-"
                        + e.getIn().getHeader(Exchange.FILE_LENGTH) + "-" + e.getIn().getHeader(Exchange.FILE_LAST_MODIFIED)))
                .doTry()
                    .process(inbox::read)
                    .to(BatchEndpoints.RUN_BATCH)
                    .process(e -> requireClaim(e, repository))
                    .process(inbox::writeResult)
                .doCatch(Exception.class)
                    .process(e -> requireClaim(e, repository))
                    .process(inbox::reject)
                .end();
    }
}
