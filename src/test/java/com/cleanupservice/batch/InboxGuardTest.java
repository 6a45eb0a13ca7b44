package com.cleanupservice.batch;

import com.cleanupservice.support.Input;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An entry that is not a regular file but cannot be moved aside: left where it is, and said once, not at every poll.
 * The guard is driven directly (one call is one poll) because the running consumer's polls cannot be counted.
 */
class InboxGuardTest {
    @TempDir
    Path root;
    private InboxDirs dirs;
    private InboxGuard guard;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(InboxGuard.class);

    @BeforeEach
    void setUp() throws IOException {
        dirs = InboxDirs.under(root);
        ObjectMapper json = new ObjectMapper();
        Inbox inbox = new Inbox(dirs.inbox(), dirs.outbox(), 4096, 10, json, new Input(json));
        inbox.createDirectories();
        guard = new InboxGuard(inbox);
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(log);
    }

    @Test
    void anEntryThatCannotBeMovedIsLeftInPlaceAndLoggedOnce() throws IOException {
        // .error is a file: nothing can be moved into it
        Files.delete(dirs.inbox().resolve(".error"));
        Files.writeString(dirs.inbox().resolve(".error"), "in the way");
        Path link = Files.createSymbolicLink(dirs.inbox().resolve("stuck.json"), root.resolve("elsewhere"));

        poll(3);

        assertThat(link).isSymbolicLink();
        assertThat(warningsAbout("stuck.json")).isEqualTo(1);

        // another entry under the same name is news again
        Files.delete(link);
        Files.createSymbolicLink(link, root.resolve("somewhere-else"));
        poll(2);
        assertThat(warningsAbout("stuck.json")).isEqualTo(2);

        // once it can be moved, it is
        Files.delete(dirs.inbox().resolve(".error"));
        poll(1);
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(dirs.error("stuck.json")).isSymbolicLink();
        assertThat(InboxDirs.read(dirs.reason("stuck.json")).get("error").asText())
                .isEqualTo("stuck.json is a symbolic link; only regular files are read");
    }

    @Test
    void regularFilesAndOtherNamesAreLeftToTheConsumer() throws IOException {
        Path request = dirs.drop("plain.json", InboxDirs.cleanupNodes("node-a"));
        Path hidden = Files.createSymbolicLink(dirs.inbox().resolve(".hidden.json"), root.resolve("elsewhere"));

        poll(1);

        assertThat(request).isRegularFile();
        assertThat(hidden).isSymbolicLink();
        assertThat(dirs.list(dirs.inbox().resolve(".error"))).isEmpty();
    }

    private void poll(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(guard.begin(null, null)).isTrue();
        }
    }

    private long warningsAbout(String name) {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(name)).count();
    }
}
