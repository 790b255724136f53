package org.cncertrelay.digest;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DigestDeliveryFailureTest} on the PostgreSQL ledger. Each service is another instance with a data directory
 * of its own, so a digest cut off midway is resumed by an instance that shares nothing but the database.
 */
class PostgresDigestDeliveryFailureTest extends DigestDeliveryFailureTest {

    @RegisterExtension
    final PostgresInstances postgres = new PostgresInstances();

    @Override
    DigestService newService(DigestSettings settings) {
        return postgres.newService(settings, dataDir);
    }
}
