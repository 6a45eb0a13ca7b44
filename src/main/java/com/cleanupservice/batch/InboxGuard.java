package com.cleanupservice.batch;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.AntFilter;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps the inbox's file consumer to regular files. Camel's file consumer takes every entry that is not a directory
 * for a file: it would follow a symbolic link and read what it points at, and wait forever on a FIFO. Bound as
 * {@code inboxGuard} and used twice by the consumer in {@code routes/inbox.camel.yaml}:
 * <ul>
 * <li>as its {@code pollStrategy}: before each poll, every entry the consumer would take by its name that is not a
 * regular file (a symbolic link, even to a regular file; a FIFO, socket or device; a directory, which a consumer that
 * is not recursive never even shows its filter) is set aside into {@code .error} with the reason
 * ({@link Inbox#setAside}). One that cannot be moved is left where it is and logged once;</li>
 * <li>as its {@code filter}: only regular files, looked at without following links, are offered at all, so an entry
 * that appears between the sweep and the listing, or could not be moved, is never opened.</li>
 * </ul>
 */
final class InboxGuard extends DefaultPollingConsumerPollStrategy implements GenericFileFilter<File> {
    private static final Logger LOG = LoggerFactory.getLogger(InboxGuard.class);

    private final Path inbox;
    private final Inbox files;
    /** Entries that could not be set aside and were logged: by path, the identity of the entry logged about. */
    private final Map<Path, Object> stuck = new HashMap<>();

    InboxGuard(Inbox files) {
        this.inbox = files.directory();
        this.files = files;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        return Files.isRegularFile(file.getFile().toPath(), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        // the names the consumer takes (antInclude in the YAML): other entries are none of the inbox's business
        AntFilter names = endpoint instanceof GenericFileEndpoint<?> consumed ? consumed.getAntFilter() : null;
        setAsideWhatIsNotAFile(names);
        return super.begin(consumer, endpoint);
    }

    /** Just before the consumer lists the inbox, so what is set aside is not even listed. */
    private void setAsideWhatIsNotAFile(AntFilter names) {
        Map<Path, Object> stillStuck = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                // hidden entries (.done, .error, a writer's temporary file) are never taken by the consumer either
                if (name.startsWith(".") || names != null && !names.accept(false, name)) {
                    continue;
                }
                setAside(entry, stillStuck);
            }
        } catch (IOException e) {
            // the consumer reports a missing or unreadable inbox itself when it lists it
            LOG.debug("Inbox {} could not be listed for entries that are not regular files", inbox, e);
            return;
        }
        stuck.keySet().retainAll(stillStuck.keySet());
        stuck.putAll(stillStuck);
    }

    private void setAside(Path entry, Map<Path, Object> stillStuck) {
        BasicFileAttributes attributes;
        try {
            attributes = Inbox.entry(entry);
            if (attributes.isRegularFile()) {
                return;
            }
        } catch (IOException gone) {
            return;
        }
        try {
            files.setAside(entry);
        } catch (NoSuchFileException gone) {
            // taken away meanwhile: by its writer, or set aside by another instance
        } catch (IOException | RuntimeException cannot) {
            // tells a new entry under the same name from the one already logged about (inode numbers are reused)
            Object identity = Arrays.asList(attributes.fileKey(), attributes.lastModifiedTime());
            stillStuck.put(entry, identity);
            if (!Objects.equals(stuck.get(entry), identity)) {
                LOG.warn("Inbox entry {} is not a regular file and could not be moved to {}; it is left where it is and "
                        + "never read", entry.getFileName(), inbox.resolve(Inbox.ERROR), cannot);
            }
        }
    }

    @Override
    public String toString() {
        return "InboxGuard[" + inbox + "]";
    }
}
