package org.cncertrelay.store;

import org.cncertrelay.store.pg.Database;
import org.cncertrelay.store.pg.PgRecordStore;
import org.cncertrelay.testing.LocalPostgres;
import org.junit.jupiter.api.AfterEach;

class PgRecordStoreTest extends RecordStoreContract {

    private Database database;

    @Override
    RecordStore open(boolean reopen) {
        if (!reopen) {
            database = LocalPostgres.get().newMigratedDatabase();
        }
        return new PgRecordStore(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }
}
