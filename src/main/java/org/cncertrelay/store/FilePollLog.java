package org.cncertrelay.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The embedded poll log: {@code last-poll-success} under the data dir, one instant, replaced whole. It outlives a
 * restart, so a relay restarted often still turns unhealthy when its source has been silent too long.
 */
public final class FilePollLog implements PollLog {

    private final Path file;
    private volatile Instant last;

    public FilePollLog(Path dataDir) {
        this.file = dataDir.resolve("last-poll-success");
        this.last = read(file);
    }

    @Override
    public void succeeded(Instant at) {
        try {
            DurableFiles.replace(file, at + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        last = at;
    }

    @Override
    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(last);
    }

    /** A missing or unreadable file is no success known: health then counts the silence from start-up. */
    private static Instant read(Path file) {
        try {
            return Files.exists(file) ? Instant.parse(Files.readString(file).trim()) : null;
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }
}
