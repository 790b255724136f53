package org.cncertrelay.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One relay per data dir: an OS lock on {@code <data-dir>/.lock}, held for the life of the process, with the
 * holder's PID written in the file for whoever finds the dir taken. The OS drops the lock when the process ends,
 * even by {@code kill -9}, so a stale lock never blocks a restart. The file itself is never deleted: a process
 * deleting it could let the next two lock two different files.
 */
public final class DataDirLock implements AutoCloseable {

    public static final String FILE_NAME = ".lock";

    /**
     * The data dirs this JVM holds. A second attempt in the same JVM must not open the file at all: closing any
     * channel on it would drop this JVM's lock (POSIX lock semantics).
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;

    private DataDirLock(Path dir, FileChannel channel) {
        this.dir = dir;
        this.channel = channel;
    }

    /** The data dir is held by another process, or by another run in this JVM. */
    public static final class InUse extends Exception {
        private final Path dir;
        private final String holderPid;

        InUse(Path dir, String holderPid) {
            super("data dir " + dir + " is in use by another cncert-relay (PID " + holderPid + ")");
            this.dir = dir;
            this.holderPid = holderPid;
        }

        public Path dir() {
            return dir;
        }

        public String holderPid() {
            return holderPid;
        }
    }

    /** Takes the data dir (which must exist) now, or says who holds it. */
    public static DataDirLock acquire(Path dataDir) throws InUse, IOException {
        Path dir = dataDir.toRealPath();
        if (!HELD.add(dir)) {
            throw new InUse(dir, Long.toString(ProcessHandle.current().pid()));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                throw new InUse(dir, holderPid(dir));
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.truncate(pid.length);
            return new DataDirLock(dir, channel);
        } catch (InUse | IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HELD.remove(dir);
            throw e;
        }
    }

    /** Takes the data dir, waiting for its holder to end; {@code waiting} hears once whom it waits for. */
    public static DataDirLock await(Path dataDir, Consumer<InUse> waiting) throws IOException, InterruptedException {
        boolean told = false;
        while (true) {
            try {
                return acquire(dataDir);
            } catch (InUse inUse) {
                if (!told) {
                    waiting.accept(inUse);
                    told = true;
                }
                Thread.sleep(250);
            }
        }
    }

    /**
     * The PID the holder wrote. A holder writes it just after taking the lock, so for a moment the file is empty (a
     * holder empties it when done) or names a process that died holding it: such a file is read again.
     */
    private static String holderPid(Path dir) throws IOException {
        String pid = "";
        for (int attempt = 0; attempt < 20; attempt++) {
            pid = Files.readString(dir.resolve(FILE_NAME), StandardCharsets.US_ASCII).trim();
            if (pid.matches("\\d{1,18}") && ProcessHandle.of(Long.parseLong(pid)).isPresent()) {
                return pid;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return pid.isEmpty() ? "unknown" : pid;
    }

    public Path dir() {
        return dir;
    }

    /** Empties the file (so nobody reads this PID as the holder's), then lets the lock go. */
    @Override
    public void close() {
        try (channel) {
            channel.truncate(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of " + dir, e);
        } finally {
            HELD.remove(dir);
        }
    }
}
