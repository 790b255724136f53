package org.cncertrelay.store;

import org.cncertrelay.pg.LocalPostgres;
import org.cncertrelay.store.pg.Database;
import org.cncertrelay.store.pg.PgRecordStore;
import org.junit.jupiter.api.AfterEach;

class PgRecordStoreTest extends RecordStoreContract {

    private Database database;

    @Override
    RecordStore open(boolean reopen) {
        if (!reopen) {
            database = new Database(LocalPostgres.get().newDatabase(), "postgres", "").migrate();
        }
        return new PgRecordStore(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }
}
