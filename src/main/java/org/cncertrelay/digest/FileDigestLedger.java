package org.cncertrelay.digest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.store.DurableFiles;

/**
 * The ledger as files in {@code <dataDir>/digest/}: each digest's message as {@code <id>.eml}, and a journal of
 * JSON lines ({@code ledger.jsonl}) appended through {@link DurableFiles}: {@code prepared} (the digest's issues
 * and subscribers, written after its message and before anything is sent), then one {@code sent} or
 * {@code failed} line per subscriber. Replaying the journal tells which issues are already taken by a digest and
 * which subscribers a digest still owes. Runs are serialised across processes (the daemon and
 * {@code --digest-now}) by a lock on the file {@code lock}.
 */
final class FileDigestLedger implements DigestLedger {

    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    /**
     * File locks are held per process, so two ledgers open in one JVM would collide on the lock file
     * ({@link java.nio.channels.OverlappingFileLockException}); this serialises them first. A lock rather than a
     * monitor because it is held from {@link #open} to {@link #close}.
     */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    /** One journal line. Fields a given event does not use are null and left out of the JSON. */
    record Entry(String event, String digest, List<String> issues, List<String> recipients, String recipient,
                 String reason) {
    }

    /** A digest as the journal knows it; recipients are kept in their RFC 822 text form. */
    private static final class Journalled {
        final String id;
        final List<ReportKey> issues;
        final List<String> recipients;
        final Set<String> settled = new HashSet<>();

        Journalled(String id, List<ReportKey> issues, List<String> recipients) {
            this.id = id;
            this.issues = List.copyOf(issues);
            this.recipients = List.copyOf(recipients);
        }

        Digest owing() {
            return new Digest(id, issues, recipients.stream().filter(recipient -> !settled.contains(recipient))
                    .toList());
        }
    }

    private final Path digestDir;
    private final Path journal;
    private final FileChannel lockFile;
    private final Map<String, Journalled> digests = new LinkedHashMap<>();

    private FileDigestLedger(Path digestDir, FileChannel lockFile) {
        this.digestDir = digestDir;
        this.journal = digestDir.resolve("ledger.jsonl");
        this.lockFile = lockFile;
    }

    static Store store(Path digestDir) {
        return () -> open(digestDir);
    }

    /** Waits for the lock, then replays the journal. */
    static FileDigestLedger open(Path digestDir) {
        IN_PROCESS.lock();
        FileChannel lockFile = null;
        try {
            Files.createDirectories(digestDir);
            lockFile = FileChannel.open(digestDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lockFile.lock(); // released when the channel is closed
            FileDigestLedger ledger = new FileDigestLedger(digestDir, lockFile);
            DurableFiles.replay(ledger.journal, line -> ledger.apply(JSON.readValue(line, Entry.class)));
            return ledger;
        } catch (IOException e) {
            release(lockFile);
            throw new UncheckedIOException("cannot use the digest state in " + digestDir, e);
        } catch (RuntimeException e) {
            release(lockFile);
            throw e;
        }
    }

    @Override
    public Set<ReportKey> digested() {
        Set<ReportKey> keys = new HashSet<>();
        digests.values().forEach(digest -> keys.addAll(digest.issues));
        return keys;
    }

    @Override
    public List<Digest> unfinished() {
        return digests.values().stream().map(Journalled::owing).filter(digest -> !digest.owed().isEmpty()).toList();
    }

    @Override
    public Digest prepare(String id, List<ReportKey> issues, List<String> recipients, byte[] message) {
        try {
            DurableFiles.replace(messageFile(id), message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the digest message " + messageFile(id), e);
        }
        List<String> keys = issues.stream().map(key -> key.year() + "-" + key.issue()).toList();
        record(new Entry("prepared", id, keys, recipients, null, null));
        return digests.get(id).owing();
    }

    @Override
    public byte[] message(Digest digest) {
        try {
            return Files.readAllBytes(messageFile(digest.id()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the digest message " + messageFile(digest.id()), e);
        }
    }

    @Override
    public void sent(Digest digest, String recipient) {
        record(new Entry("sent", digest.id(), null, null, recipient, null));
    }

    @Override
    public void failed(Digest digest, String recipient, String reason) {
        record(new Entry("failed", digest.id(), null, null, recipient, reason));
    }

    @Override
    public void close() {
        release(lockFile);
    }

    private static void release(FileChannel lockFile) {
        try {
            if (lockFile != null) {
                lockFile.close();
            }
        } catch (IOException e) {
            // closing drops the file lock even when it reports an error; nothing was left unwritten
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private Path messageFile(String digestId) {
        return digestDir.resolve(digestId + ".eml");
    }

    private void record(Entry entry) {
        try {
            DurableFiles.append(journal, JSON.writeValueAsString(entry) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + entry, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the digest ledger " + journal, e);
        }
        apply(entry);
    }

    private void apply(Entry entry) {
        switch (entry.event()) {
            case "prepared" -> digests.put(entry.digest(), new Journalled(entry.digest(), keys(entry.issues()),
                    entry.recipients()));
            case "sent", "failed" -> digests.get(entry.digest()).settled.add(entry.recipient());
            default -> throw new IllegalStateException("unknown event \"" + entry.event() + "\"");
        }
    }

    private static List<ReportKey> keys(Collection<String> texts) {
        List<ReportKey> keys = new ArrayList<>();
        for (String text : texts) {
            int dash = text.indexOf('-');
            keys.add(new ReportKey(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1))));
        }
        return keys;
    }
}
