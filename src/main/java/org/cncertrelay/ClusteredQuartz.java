package org.cncertrelay;

import java.util.Properties;

import org.apache.camel.component.quartz.QuartzComponent;
import org.cncertrelay.config.RelayConfig;

/**
 * Quartz in clustered JDBC job-store mode on the shared PostgreSQL database: every instance schedules the poll and
 * the digest, and each firing runs on exactly one of them. When the instance running a job dies, the others notice
 * within a few check-in intervals and run it again (recoverable jobs).
 */
final class ClusteredQuartz {

    private ClusteredQuartz() {
    }

    static QuartzComponent component(RelayConfig config) {
        Properties quartz = new Properties();
        quartz.setProperty("org.quartz.scheduler.instanceName", "cncert-relay");
        quartz.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        quartz.setProperty("org.quartz.threadPool.threadCount", "2");
        quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        quartz.setProperty("org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        quartz.setProperty("org.quartz.jobStore.isClustered", "true");
        quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(config.duration("relay.cluster.checkin-interval", "10s").toMillis()));
        quartz.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        quartz.setProperty("org.quartz.jobStore.dataSource", "relay");
        quartz.setProperty("org.quartz.dataSource.relay.provider", "hikaricp");
        quartz.setProperty("org.quartz.dataSource.relay.driver", "org.postgresql.Driver");
        quartz.setProperty("org.quartz.dataSource.relay.URL", config.string("relay.jdbc.url", ""));
        quartz.setProperty("org.quartz.dataSource.relay.user", config.string("relay.jdbc.user", ""));
        quartz.setProperty("org.quartz.dataSource.relay.password", config.string("relay.jdbc.password", ""));
        quartz.setProperty("org.quartz.dataSource.relay.maxConnections", "3");
        QuartzComponent component = new QuartzComponent();
        component.setProperties(quartz);
        return component;
    }
}
