package org.cncertrelay.digest;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.cncertrelay.store.pg.Database;
import org.cncertrelay.testing.LocalPostgres;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Digest services on one fresh PostgreSQL database per test, each a separate instance with a data directory of its
 * own: what the file-ledger tests become when run against the database.
 */
final class PostgresInstances implements BeforeEachCallback, AfterEachCallback {

    private final AtomicInteger instances = new AtomicInteger();
    private Database database;

    @Override
    public void beforeEach(ExtensionContext context) {
        database = LocalPostgres.get().newMigratedDatabase();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        database.close();
    }

    /** The database every instance shares, for what the tests look at or change beside the services. */
    javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    DigestService newService(DigestSettings settings, Path dataDir) {
        Path instanceDir = dataDir.resolve("instance-" + instances.incrementAndGet());
        return DigestService.onDatabase(settings, instanceDir, database.dataSource());
    }
}
