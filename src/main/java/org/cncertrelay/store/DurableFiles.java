package org.cncertrelay.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ways state is written to disk, all crash-safe: whole files are replaced atomically, journals are appended
 * complete lines at a time, forced to disk (or, for lines whose loss only makes work be redone, left to the OS to
 * write). A line torn by a crash is cut off when the journal is next read, so a reader never sees half a line.
 *
 * <p>A failed append (a full disk) leaves the journal as it was: the bytes it wrote are cut off again, at the latest
 * before the next append, and the exception reaches the caller, so the work the line records does not count. A
 * spell of refused writes is one WARN line (naming the first file refused) and, once every file refused meanwhile
 * has been written again, one INFO line; each failure is counted ({@link #failedWrites()}).
 */
public final class DurableFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DurableFiles.class);

    /** Where written bytes go: the file itself, unless a test makes the disk fill up. */
    @FunctionalInterface
    public interface Disk {
        void write(Path file, FileChannel channel, ByteBuffer bytes) throws IOException;
    }

    /** What a journal's lines are turned into; an exception means the line is not a valid entry. */
    @FunctionalInterface
    public interface LineReader {
        void read(String line) throws Exception;
    }

    /**
     * An append the disk refused (the journal is left as it was): lets a caller tell a full disk, which this class
     * has already reported, from a failure of its own. The message is the disk's.
     */
    public static final class WriteFailedException extends IOException {
        WriteFailedException(IOException cause) {
            super(describe(cause), cause);
        }

        /** Whether {@code error} was caused by a refused write. */
        public static boolean causes(Throwable error) {
            for (Throwable cause = error; cause != null; cause = cause.getCause()) {
                if (cause instanceof WriteFailedException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One journal's appends: serialised, so a failed one can be cut off without cutting another's line. */
    private static final class Journal {
        /** The length before an append whose bytes could not be cut off yet; -1 when the file ends whole. */
        long cutBackTo = -1;
    }

    /** The files refused in the current spell of failures, and how many writes were refused in it. */
    private static final class Spell {
        /**
         * A file refused and not written since (a digest ledger waits a week) stops holding the spell open after
         * this long without refusals: a later spell is then reported too.
         */
        static final long QUIET_NANOS = 10L * 60 * 1_000_000_000;

        final Set<Path> refused = new LinkedHashSet<>();
        long failures;
        long lastFailure;
    }

    private static final Set<StandardOpenOption> TO_APPEND = Set.of(StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    /** About how much of a batch of lines is encoded before it is written. */
    private static final int PIECE_BYTES = 256 * 1024;

    private static final Disk REAL_DISK = (file, channel, bytes) -> {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    };
    private static volatile Disk disk = REAL_DISK;
    private static final Map<Path, Journal> JOURNALS = new ConcurrentHashMap<>();
    private static final AtomicLong FAILED_WRITES = new AtomicLong();
    private static final Spell SPELL = new Spell();

    private DurableFiles() {
    }

    /** Replaces {@code target} with {@code content}: readers see the old file or the new one, never a mix. */
    public static void replace(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                disk.write(target, channel, ByteBuffer.wrap(content));
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static void replace(Path target, String content) throws IOException {
        replace(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends text that ends with a newline in one write and forces it to disk before returning. Appends to one
     * journal are serialised, but the disk is waited for outside that: lines appended meanwhile share the flush.
     */
    public static void append(Path journal, String completeLines) throws IOException {
        append(journal, completeLines, true);
    }

    /**
     * Appends text that ends with a newline in one write, without waiting for the disk: for lines whose loss just
     * makes idempotent work be done again. A killed process loses nothing written; only a power failure or a
     * kernel crash can lose such lines (or cut the last one, which {@link #replay} then drops).
     */
    public static void appendRedoable(Path journal, String completeLines) throws IOException {
        append(journal, completeLines, false);
    }

    /** Forces what has been written to {@code file}, by any writer, to disk. */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(false);
        }
    }

    /**
     * Appends one whole binary record (such as a gzip member of a WARC file) in one write and forces it to disk:
     * like {@link #append}, a write the disk refuses is cut back off and reported once per spell of failures.
     */
    public static void appendRecord(Path file, byte[] record) throws IOException {
        // such a file may never be written again (each process begins its own): its folder holds the spell open
        // until a record is written there again
        append(file, ByteBuffer.wrap(record), true, file.toAbsolutePath().normalize().getParent());
    }

    /**
     * Appends one line per item (each {@code line} without a newline) and forces them to disk before returning, like
     * {@link #append}: written in pieces of about {@value #PIECE_BYTES} bytes, so a batch of thousands of lines (a
     * poll's announcements) is never in memory as one text. A piece the disk refuses cuts off the whole batch.
     */
    public static <T> void appendLines(Path journal, List<T> items, Function<T, String> line) throws IOException {
        append(journal, write -> {
            ByteArrayOutputStream piece = new ByteArrayOutputStream(8192);
            for (T item : items) {
                String text = line.apply(item);
                if (text.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a journal line holds a newline");
                }
                piece.writeBytes(text.getBytes(StandardCharsets.UTF_8));
                piece.write('\n');
                if (piece.size() >= PIECE_BYTES) {
                    write.accept(ByteBuffer.wrap(piece.toByteArray()));
                    piece.reset();
                }
            }
            if (piece.size() > 0) {
                write.accept(ByteBuffer.wrap(piece.toByteArray()));
            }
        }, true, journal.toAbsolutePath().normalize());
    }

    private static void append(Path file, String completeLines, boolean force) throws IOException {
        if (!completeLines.endsWith("\n")) {
            throw new IllegalArgumentException("journal entries must end with a newline");
        }
        append(file, ByteBuffer.wrap(completeLines.getBytes(StandardCharsets.UTF_8)), force,
                file.toAbsolutePath().normalize());
    }

    private static void append(Path file, ByteBuffer bytes, boolean force, Path spellKey) throws IOException {
        append(file, write -> write.accept(bytes), force, spellKey);
    }

    /** What an append writes, piece by piece, through {@code write}. */
    @FunctionalInterface
    private interface Content {
        void writeTo(Piece write) throws IOException;
    }

    @FunctionalInterface
    private interface Piece {
        void accept(ByteBuffer bytes) throws IOException;
    }

    /**
     * @param spellKey what must be written again after a refusal to end the spell of failures: the journal itself,
     *                 or the folder of record files
     */
    private static void append(Path file, Content content, boolean force, Path spellKey) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        Journal journal = JOURNALS.computeIfAbsent(key, path -> new Journal());
        FileChannel channel = null;
        try {
            synchronized (journal) {
                try {
                    channel = openToAppend(key);
                    if (journal.cutBackTo >= 0) {
                        channel.truncate(journal.cutBackTo);
                        journal.cutBackTo = -1;
                    }
                    long whole = channel.size();
                    FileChannel open = channel;
                    try {
                        content.writeTo(bytes -> disk.write(file, open, bytes));
                    } catch (IOException | RuntimeException e) {
                        journal.cutBackTo = whole;
                        try {
                            channel.truncate(whole); // frees what was written, so it works on a full disk too
                            journal.cutBackTo = -1;
                        } catch (IOException cut) {
                            e.addSuppressed(cut); // cut off before the next append instead
                        }
                        throw e;
                    }
                } catch (IOException e) {
                    throw failed(key, e, spellKey);
                }
            }
            if (force) {
                try {
                    channel.force(false);
                } catch (IOException e) {
                    // the lines are whole but maybe not on disk: the caller does not count them (replaying a
                    // journal line twice changes nothing)
                    throw failed(key, e, spellKey);
                }
            }
            written(spellKey);
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /**
     * Opens {@code file} to append, creating its folder only when it is missing: asking for an existing folder on
     * every append cost two failed system calls and two exceptions each, ~8 times per page read.
     */
    private static FileChannel openToAppend(Path file) throws IOException {
        try {
            return FileChannel.open(file, TO_APPEND);
        } catch (NoSuchFileException noFolder) {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, TO_APPEND);
        }
    }

    /** Counts a refused write, and says so when it starts a spell of them. */
    private static WriteFailedException failed(Path file, IOException e, Path spellKey) {
        FAILED_WRITES.incrementAndGet();
        synchronized (SPELL) {
            SPELL.failures++;
            SPELL.lastFailure = System.nanoTime();
            if (SPELL.refused.isEmpty()) {
                LOG.warn("Cannot write {}: {} — work whose state cannot be written is not counted and is redone "
                        + "later; the relay goes on, and says when writing works again", file, describe(e));
            }
            SPELL.refused.add(spellKey);
        }
        return new WriteFailedException(e);
    }

    /** Ends the spell of failures once every file refused in it has been written again, or all was quiet long. */
    private static void written(Path file) {
        synchronized (SPELL) {
            if (SPELL.refused.isEmpty()) {
                return;
            }
            SPELL.refused.remove(file);
            if (System.nanoTime() - SPELL.lastFailure > Spell.QUIET_NANOS) {
                SPELL.refused.clear();
            }
            if (SPELL.refused.isEmpty()) {
                LOG.info("Writing works again ({} was the last file refused), after {} refused write(s)", file,
                        SPELL.failures);
                SPELL.failures = 0;
            }
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Appends that failed since start, in every journal: {@code relay_store_write_failures_total}. */
    public static long failedWrites() {
        return FAILED_WRITES.get();
    }

    /** Makes writes go to {@code replacement} (a disk that fills up, in tests); returns the one it replaces. */
    public static Disk useDisk(Disk replacement) {
        Disk previous = disk;
        disk = replacement == null ? REAL_DISK : replacement;
        return previous;
    }

    /**
     * Reads a journal's complete lines, in order, into {@code reader}; blank lines are skipped. A trailing partial
     * line (the mark of a crash during an append) is cut off the file, so the next append starts on a fresh line.
     * A whole line the reader cannot take stops the start: {@link CorruptJournalException} names the file and the
     * line and says how to recover.
     */
    public static void replay(Path journal, LineReader reader) throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(journal);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                channel.truncate(end);
                channel.force(true);
            }
            LOG.info("Cut a line a crash left half written off the end of {}", journal);
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            if (line.isBlank()) {
                continue;
            }
            try {
                reader.read(line);
            } catch (Exception e) {
                throw new CorruptJournalException(journal, index + 1, reason(e));
            }
        }
    }

    /** The reason without the parser's own location, which counts lines within the one line it was given. */
    private static String reason(Exception e) {
        String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        if (reason == null) {
            reason = e.getClass().getSimpleName();
        }
        return reason.lines().findFirst().orElse(reason);
    }
}
