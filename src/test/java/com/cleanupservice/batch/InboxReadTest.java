package com.cleanupservice.batch;

import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The last line of defence: the consumer only offers regular files, but the entry can be replaced between that check
 * and the read. Driven directly, because no timing of a real poll makes that swap happen reliably.
 */
class InboxReadTest {
    @TempDir
    Path root;
    private DefaultCamelContext context;
    private Inbox inbox;
    private InboxDirs dirs;

    @BeforeEach
    void setUp() throws IOException {
        ObjectMapper json = new ObjectMapper();
        dirs = InboxDirs.under(root);
        inbox = new Inbox(dirs.inbox(), dirs.outbox(), 4096, 10, json, new Input(json));
        inbox.createDirectories();
        context = new DefaultCamelContext();
    }

    @AfterEach
    void tearDown() throws Exception {
        context.close();
    }

    @Test
    void aRegularFileIsRead() throws IOException {
        Exchange e = polled(dirs.drop("plain.json", InboxDirs.cleanupNodes("node-a")));

        inbox.read(e);

        assertThat(e.getIn().getBody(BatchRequest.class).targets()).isEqualTo(List.of("node-a"));
    }

    @Test
    void aFileSwappedForASymbolicLinkAfterItWasPolledIsRefused() throws IOException {
        Path file = dirs.drop("swap.json", InboxDirs.cleanupNodes("node-a"));
        Exchange e = polled(file);
        // the same size and modification time, so only the kind of entry differs from what was polled
        Path outside = Files.writeString(root.resolve("outside.json"), InboxDirs.cleanupNodes("node-b"));
        Files.setLastModifiedTime(outside, Files.getLastModifiedTime(file));
        Files.delete(file);
        Files.createSymbolicLink(file, outside);

        Refusal refused = catchThrowableOfType(Refusal.class, () -> inbox.read(e));

        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).isEqualTo("swap.json is a symbolic link; only regular files are read");
    }

    /** What the file consumer hands the route for this file, opened as the route opens it. */
    private Exchange polled(Path file) throws IOException {
        Exchange e = new DefaultExchange(context);
        e.getIn().setHeader(Exchange.FILE_NAME_ONLY, file.getFileName().toString());
        e.getIn().setHeader(FileConstants.FILE_ABSOLUTE_PATH, file.toAbsolutePath().toString());
        e.getIn().setHeader(Exchange.FILE_LENGTH, Files.size(file));
        e.getIn().setHeader(Exchange.FILE_LAST_MODIFIED, file.toFile().lastModified());
        inbox.open(e);
        return e;
    }
}
