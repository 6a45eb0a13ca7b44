package com.cleanupservice.batch;

import com.cleanupservice.report.Response;
import com.cleanupservice.support.Incident;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import com.cleanupservice.metrics.CleanupMetrics;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The watched directory's file handling. A request file {@code <inbox>/x.json} ends as either
 * {@code <outbox>/x.json.result.json} plus {@code <inbox>/.done/x.json}, or {@code <inbox>/.error/x.json} plus
 * {@code <inbox>/.error/x.json.error.json} saying why. The move itself is the file consumer's (its {@code move}
 * option reads {@link #ARCHIVE}), after this route finished; if writing the result or the reason fails, the route
 * fails and the consumer leaves the file in the inbox to be tried again: a request is never lost. An entry that is
 * not a regular file is never read: {@link InboxGuard} has it set aside ({@link #setAside}). Error files are private
 * to the service's user and never quote what the request held.
 */
final class Inbox {
    /** Exchange property: where the consumer moves the request, relative to the inbox. */
    static final String ARCHIVE = "cleanupInboxArchive";
    static final String DONE = ".done";
    static final String ERROR = ".error";
    private static final String FILE = "cleanupInboxFile";
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final Path inbox;
    private final Path outbox;
    private final long maxBytes;
    private final int maxTargets;
    private final ObjectMapper json;
    private final Input input;
    /** {@code cleanup_inbox_files_total{result}}, counted once the file has its result (moved, or to be moved). */
    private final Counter processed;
    private final Counter rejected;
    private final Counter failed;
    private final Counter setAside;

    Inbox(Path inbox, Path outbox, long maxBytes, int maxTargets, ObjectMapper json, Input input) {
        this(inbox, outbox, maxBytes, maxTargets, json, input, CleanupMetrics.none());
    }

    Inbox(Path inbox, Path outbox, long maxBytes, int maxTargets, ObjectMapper json, Input input, CleanupMetrics metrics) {
        this.processed = metrics.inboxFile("processed");
        this.rejected = metrics.inboxFile("rejected");
        this.failed = metrics.inboxFile("failed");
        this.setAside = metrics.inboxFile("set_aside");
        this.inbox = inbox.toAbsolutePath().normalize();
        this.outbox = outbox.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.maxTargets = maxTargets;
        this.json = json;
        this.input = input;
    }

    /** A request file as polled, and the name it is archived under. */
    record InboxFile(String name, Path path, long size, String archiveName) {
    }

    Path directory() {
        return inbox;
    }

    void createDirectories() throws IOException {
        Files.createDirectories(inbox.resolve(DONE));
        Files.createDirectories(inbox.resolve(ERROR));
        Files.createDirectories(outbox);
    }

    /**
     * The polled file. The consumer's idempotent key (name, size, last-modified) was taken when it was polled; a file
     * that changed since is refused here, so the consumer rolls back and polls it again under its final key.
     */
    void open(Exchange e) throws IOException {
        // nowhere to put the outcome: fail before running anything; the file stays and is taken again next poll
        createDirectories();
        String name = e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path path = Path.of(e.getIn().getHeader(FileConstants.FILE_ABSOLUTE_PATH, String.class));
        long polledSize = e.getIn().getHeader(Exchange.FILE_LENGTH, Long.class);
        long polledModified = e.getIn().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
        if (path.toFile().length() != polledSize || path.toFile().lastModified() != polledModified) {
            throw new IllegalStateException("inbox file " + name + " changed after it was polled; it will be taken again once it is complete");
        }
        e.setProperty(FILE, new InboxFile(name, path, polledSize, archiveName(name)));
    }

    /**
     * The request as a validated batch: refused (413) when larger than {@code cleanup.inbox.max-bytes}, 400 when not a
     * regular file, not a JSON object or not a valid batch. Refusals name what is wrong, never what the file holds.
     */
    void read(Exchange e) throws IOException {
        InboxFile file = file(e);
        if (file.size() > maxBytes) {
            throw tooLarge("File is " + file.size() + " bytes,");
        }
        e.getIn().setBody(BatchRequest.fromFile(BatchRequest.parse(input, readRegularFile(file)), maxTargets));
    }

    /**
     * The file's bytes, if it is still a regular file. It was one when polled, but the name may have been given to
     * something else since: a symbolic link is refused by the open itself (no link is followed), anything else by
     * looking at the entry just before and just after the open. One window stays: a FIFO put in place between that
     * look and the open makes the open wait for a writer, as Java cannot open without blocking; it is this narrow.
     */
    private byte[] readRegularFile(InboxFile file) throws IOException {
        BasicFileAttributes before = entry(file.path());
        if (!before.isRegularFile()) {
            throw notRegular(file.name(), file.path());
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes after = entry(file.path());
            if (!after.isRegularFile() || !Objects.equals(before.fileKey(), after.fileKey())) {
                throw Refusal.badRequest(file.name() + " was replaced while it was opened; it was not read");
            }
            byte[] content = Channels.newInputStream(channel).readNBytes((int) Math.min(maxBytes, Integer.MAX_VALUE - 16) + 1);
            if (content.length > maxBytes) {
                throw tooLarge("File grew while it was read; it is");
            }
            return content;
        } catch (FileSystemException refused) {
            // what the open refused (a link in the file's place: "too many levels of symbolic links") is said plainly
            if (Files.exists(file.path(), LinkOption.NOFOLLOW_LINKS) && !entry(file.path()).isRegularFile()) {
                throw notRegular(file.name(), file.path());
            }
            throw refused;
        }
    }

    private Refusal tooLarge(String what) {
        return Refusal.tooLarge(what + " larger than the limit of " + maxBytes + " bytes (setting cleanup.inbox.max-bytes)");
    }

    /**
     * Moves an inbox entry that is not a regular file into {@code .error} and writes the reason beside it. The entry
     * itself is renamed: a link is moved, not what it points at, and nothing is opened. {@link NoSuchFileException}
     * when it is gone already (another instance set it aside first); any other exception when it could not be moved.
     */
    void setAside(Path entry) throws IOException {
        if (entry(entry).isRegularFile()) {
            return; // became a file since it was looked at: the consumer's to take
        }
        String name = entry.getFileName().toString();
        String problem = notRegular(name, entry).getMessage();
        createDirectories();
        String archived = archiveName(name);
        // no REPLACE_EXISTING: an earlier entry of that name in .error is never overwritten
        Files.move(entry, inbox.resolve(ERROR).resolve(archived));
        Map<String, Object> why = new LinkedHashMap<>();
        why.put("file", name);
        why.put("error", problem);
        why.put("status", 400);
        if (!archived.equals(name)) {
            why.put("moved_to", ERROR + "/" + archived);
        }
        why.put("timestamp", Instant.now().toString());
        try {
            write(inbox.resolve(ERROR).resolve(archived + ".error.json"), why, true);
        } catch (IOException | RuntimeException cannot) {
            LOG.warn("Inbox entry {} set aside in {} ({}), but the reason could not be written beside it", name,
                    ERROR + "/" + archived, problem, cannot);
            setAside.increment();
            return;
        }
        setAside.increment();
        LOG.warn("Inbox entry {} set aside in {}: {}", name, ERROR + "/" + archived, problem);
    }

    /** "x.json is a symbolic link; only regular files are read", and so on for each kind of entry. */
    private static Refusal notRegular(String name, Path entry) throws IOException {
        return Refusal.badRequest(name + " is " + kind(entry) + "; only regular files are read");
    }

    /** What an entry is, looked at without following it. */
    private static String kind(Path entry) throws IOException {
        BasicFileAttributes attributes = entry(entry);
        if (attributes.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (attributes.isDirectory()) {
            return "a directory";
        }
        if (attributes.isRegularFile()) {
            return "a regular file";
        }
        try {
            // the file type bits of st_mode; "unix" is the JDK's own attribute view on Unix, hence the fallback
            int mode = (Integer) Files.getAttribute(entry, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0140000 -> "a socket";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                default -> "not a regular file";
            };
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return "not a regular file";
        }
    }

    static BasicFileAttributes entry(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** The batch's answer as {@code <outbox>/<name>.result.json}; the request then goes to {@code .done/}. */
    void writeResult(Exchange e) throws IOException {
        InboxFile file = file(e);
        Response response = e.getIn().getBody(Response.class);
        Map<String, Object> result = new LinkedHashMap<>(response.fields());
        result.put("source_file", file.name());
        result.put("http_status", response.status());
        result.put("processed_at", Instant.now().toString());
        write(outbox.resolve(file.archiveName() + ".result.json"), result, false);
        e.setProperty(ARCHIVE, DONE + "/" + file.archiveName());
        processed.increment();
        LOG.info("Inbox file {} processed (HTTP {}): result in {}", file.name(), response.status(),
                outbox.resolve(file.archiveName() + ".result.json"));
    }

    /** Anything that went wrong: the request goes to {@code .error/} with {@code <name>.error.json} saying why. */
    void reject(Exchange e) throws IOException {
        InboxFile file = file(e);
        Throwable error = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = error instanceof Refusal r ? r.status() : 500;
        boolean ran = e.getIn().getBody() instanceof Response;
        String cause = error instanceof Refusal ? error.getMessage()
                : Incident.report(LOG, ran ? "The batch ran but its result could not be written to " + outbox + " (inbox file " + file.name() + ")"
                        : "Inbox file " + file.name() + " failed unexpectedly", error).message();
        Map<String, Object> why = new LinkedHashMap<>();
        why.put("file", file.name());
        why.put("error", cause);
        if (ran) {
            // the batch did run; its answer must not be lost with the result file that could not be written
            why.put("result", e.getIn().getBody(Response.class).body());
        }
        why.put("status", status);
        if (!file.archiveName().equals(file.name())) {
            why.put("moved_to", ERROR + "/" + file.archiveName());
        }
        why.put("timestamp", Instant.now().toString());
        try {
            write(inbox.resolve(ERROR).resolve(file.archiveName() + ".error.json"), why, true);
        } catch (IOException | RuntimeException cannot) {
            LOG.error("Inbox file {} failed ({}) and the reason could not be written either; it stays in the inbox and is "
                    + "taken again at the next poll", file.name(), why.get("error"), cannot);
            throw cannot;
        }
        e.setProperty(ARCHIVE, ERROR + "/" + file.archiveName());
        (error instanceof Refusal ? rejected : failed).increment();
        if (error instanceof Refusal) {
            LOG.warn("Inbox file {} rejected ({}): {}", file.name(), status, why.get("error"));
        }
    }

    /** The file's own name unless an earlier file of that name left its traces: then a timestamped one. */
    private String archiveName(String name) {
        String candidate = name;
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        for (int n = 0; taken(candidate); n++) {
            candidate = stem + "." + STAMP.format(Instant.now()) + (n == 0 ? "" : "-" + n) + ".json";
        }
        return candidate;
    }

    private boolean taken(String name) {
        // a dangling link counts too: a move would refuse to go over it
        return Files.exists(inbox.resolve(DONE).resolve(name), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(inbox.resolve(ERROR).resolve(name), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(outbox.resolve(name + ".result.json"), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Written beside the target under a hidden name, then renamed: a reader never sees half a file. The temporary file
     * is always created anew (whatever was left under its name is removed, never written through), and a private one
     * (an error file) is created readable by this user only, so there is no moment at which anyone else could open it.
     */
    private void write(Path target, Map<String, Object> content, boolean ownerOnly) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(content);
        Files.deleteIfExists(tmp);
        Set<StandardOpenOption> create = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean posix = tmp.getFileSystem().supportedFileAttributeViews().contains("posix");
        try (SeekableByteChannel out = ownerOnly && posix ? Files.newByteChannel(tmp, create, OWNER_ONLY)
                : Files.newByteChannel(tmp, create)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static InboxFile file(Exchange e) {
        return e.getProperty(FILE, InboxFile.class);
    }
}
