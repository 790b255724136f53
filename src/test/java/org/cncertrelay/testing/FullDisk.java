package org.cncertrelay.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import org.cncertrelay.store.DurableFiles;

/**
 * A disk that fills up, for the files under one folder: writes there succeed while {@code bytesLeft} lasts; the
 * write that does not fit writes what still fits, as a real full disk does, then fails with "No space left on
 * device". Space returns with {@link #free()}, or by itself after a given number of refused writes. Installed in
 * {@link DurableFiles} until closed; runs of the relay in this JVM write through it.
 */
public final class FullDisk implements DurableFiles.Disk, AutoCloseable {

    private final Path under;
    private final DurableFiles.Disk real;
    private long bytesLeft;
    private int refusalsUntilFree = Integer.MAX_VALUE;
    private int refused;

    private FullDisk(Path under, long bytesLeft) {
        this.under = under.toAbsolutePath().normalize();
        this.bytesLeft = bytesLeft;
        this.real = DurableFiles.useDisk(this);
    }

    /** Files under {@code under} have {@code bytesLeft} bytes of room. */
    public static FullDisk under(Path under, long bytesLeft) {
        return new FullDisk(under, bytesLeft);
    }

    /** Space returns once this many writes were refused. */
    public synchronized FullDisk freeAfter(int refusals) {
        refusalsUntilFree = refusals;
        return this;
    }

    public synchronized void free() {
        bytesLeft = Long.MAX_VALUE;
    }

    public synchronized int refused() {
        return refused;
    }

    @Override
    public synchronized void write(Path file, FileChannel channel, ByteBuffer bytes) throws IOException {
        if (!file.toAbsolutePath().normalize().startsWith(under) || bytes.remaining() <= bytesLeft) {
            if (bytesLeft != Long.MAX_VALUE && file.toAbsolutePath().normalize().startsWith(under)) {
                bytesLeft -= bytes.remaining();
            }
            real.write(file, channel, bytes);
            return;
        }
        ByteBuffer fits = bytes.slice().limit((int) bytesLeft);
        real.write(file, channel, fits);
        bytes.position(bytes.position() + fits.limit());
        bytesLeft = 0;
        if (++refused >= refusalsUntilFree) {
            free();
        }
        throw new IOException("No space left on device");
    }

    @Override
    public void close() {
        DurableFiles.useDisk(real);
    }
}
