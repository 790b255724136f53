package org.cncertrelay.store.pg;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * The shared PostgreSQL database of a multi-instance deployment: a small connection pool, and the schema created
 * and migrated by Flyway at start-up (Flyway's own lock makes concurrent starts of several instances safe).
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;

    public Database(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("relay");
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        // the pool starts even when the server is down; the first use says so with the real cause
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
    }

    /** Creates or migrates the schema; safe to run from several instances at once. */
    public Database migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return this;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
