package org.cncertrelay.digest;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.cncertrelay.store.pg.Database;
import org.cncertrelay.testing.LocalPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link DigestDeliveryFailureTest} on the PostgreSQL ledger. Each service is another instance with a data directory
 * of its own, so a digest cut off midway is resumed by an instance that shares nothing but the database.
 */
class PostgresDigestDeliveryFailureTest extends DigestDeliveryFailureTest {

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
