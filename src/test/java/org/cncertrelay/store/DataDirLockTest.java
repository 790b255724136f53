package org.cncertrelay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock within one JVM; across processes and after kill -9, see operate/OneOwnerTest. */
class DataDirLockTest {

    private static final String PID = Long.toString(ProcessHandle.current().pid());

    @TempDir
    Path dir;

    @Test
    void aSecondHolderInTheSameJvmIsRefusedAndTheFirstKeepsTheLock() throws Exception {
        try (DataDirLock first = DataDirLock.acquire(dir)) {
            assertThat(Files.readString(dir.resolve(DataDirLock.FILE_NAME))).isEqualTo(PID + "\n");

            assertThatThrownBy(() -> DataDirLock.acquire(dir)).isInstanceOf(DataDirLock.InUse.class)
                    .hasMessage("data dir " + dir.toRealPath() + " is in use by another cncert-relay (PID " + PID + ")");
            assertThat(Files.readString(dir.resolve(DataDirLock.FILE_NAME))).isEqualTo(PID + "\n");
        }
        assertThat(Files.readString(dir.resolve(DataDirLock.FILE_NAME))).as("emptied when released").isEmpty();
        try (DataDirLock again = DataDirLock.acquire(dir)) {
            assertThat(again.dir()).isEqualTo(dir.toRealPath());
        }
    }
}
