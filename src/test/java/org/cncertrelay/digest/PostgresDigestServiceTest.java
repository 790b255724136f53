package org.cncertrelay.digest;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DigestServiceTest} on the PostgreSQL ledger. Each service is another instance with a data directory of its
 * own, so every "restart" there is also a hand-over between instances that share nothing but the database.
 */
class PostgresDigestServiceTest extends DigestServiceTest {

    @RegisterExtension
    final PostgresInstances postgres = new PostgresInstances();

    @Override
    DigestService newService(DigestSettings settings) {
        return postgres.newService(settings, dataDir);
    }
}
