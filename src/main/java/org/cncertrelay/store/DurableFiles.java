package org.cncertrelay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The ways state is written to disk, all crash-safe: whole files are replaced atomically, journals are appended
 * complete lines at a time, forced to disk (or, for lines whose loss only makes work be redone, left to the OS to
 * write). A line torn by a crash is cut off when the journal is next read, so a reader never sees half a line.
 */
public final class DurableFiles {

    private DurableFiles() {
    }

    /** Replaces {@code target} with {@code content}: readers see the old file or the new one, never a mix. */
    public static void replace(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writeFully(channel, ByteBuffer.wrap(content));
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

    /** Appends text that ends with a newline in one write and forces it to disk before returning. */
    public static void append(Path journal, String completeLines) throws IOException {
        append(journal, completeLines, true);
    }

    /**
     * Appends text that ends with a newline in one write, without waiting for the disk: for lines whose loss just
     * makes idempotent work be done again. A killed process loses nothing written; only a power failure or a
     * kernel crash can lose such lines (or cut the last one, which {@link #readJournal} then drops).
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

    private static void append(Path journal, String completeLines, boolean force) throws IOException {
        if (!completeLines.endsWith("\n")) {
            throw new IllegalArgumentException("journal entries must end with a newline");
        }
        Files.createDirectories(journal.toAbsolutePath().getParent());
        try (FileChannel channel = FileChannel.open(journal,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            writeFully(channel, ByteBuffer.wrap(completeLines.getBytes(StandardCharsets.UTF_8)));
            if (force) {
                channel.force(false);
            }
        }
    }

    /**
     * Reads a journal's complete lines. A trailing partial line (the mark of a crash during an append) is cut
     * off the file, so the next append starts on a fresh line.
     */
    public static List<String> readJournal(Path journal) throws IOException {
        if (!Files.exists(journal)) {
            return List.of();
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
        }
        List<String> lines = new ArrayList<>();
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
