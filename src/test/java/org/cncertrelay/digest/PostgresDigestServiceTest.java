package org.cncertrelay.digest;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.cncertrelay.store.pg.Database;
import org.cncertrelay.testing.LocalPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link DigestServiceTest} on the PostgreSQL ledger. Each service is another instance with a data directory of its
 * own, so every "restart" there is also a hand-over between instances that share nothing but the database.
 */
class PostgresDigestServiceTest extends DigestServiceTest {

    private final AtomicInteger instances = new AtomicInteger();
    private Database database;

    @BeforeEach
    void createDatabase() {
        database = LocalPostgres.get().newMigratedDatabase();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Override
    DigestService newService(DigestSettings settings) {
        Path instanceDir = dataDir.resolve("instance-" + instances.incrementAndGet());
        return DigestService.onDatabase(settings, instanceDir, database.dataSource());
    }
}
