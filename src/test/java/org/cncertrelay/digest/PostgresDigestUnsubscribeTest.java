package org.cncertrelay.digest;

import org.cncertrelay.subscribers.PgSubscriberList;
import org.cncertrelay.subscribers.SubscriberList;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DigestUnsubscribeTest} on PostgreSQL: every service is another instance sharing the database, so an
 * unsubscribe taken by one instance's page keeps every other instance from sending to that address.
 */
class PostgresDigestUnsubscribeTest extends DigestUnsubscribeTest {

    @RegisterExtension
    final PostgresInstances instances = new PostgresInstances();

    @Override
    DigestService newService() {
        return instances.newService(settings(), dataDir);
    }

    @Override
    SubscriberList subscribers() {
        return new PgSubscriberList(instances.dataSource());
    }
}
