package org.cncertrelay.store;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

class FileRecordStoreTest extends RecordStoreContract {

    @TempDir
    Path dataDir;

    @Override
    RecordStore open(boolean reopen) {
        return new FileRecordStore(dataDir);
    }
}
