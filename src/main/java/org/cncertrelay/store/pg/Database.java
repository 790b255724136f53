package org.cncertrelay.store.pg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.cncertrelay.config.ConfigException;
import org.flywaydb.core.Flyway;

/**
 * The shared PostgreSQL database of a multi-instance deployment: a small connection pool, and the schema created
 * and migrated by Flyway at start-up (Flyway's own lock makes concurrent starts of several instances safe).
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;

    public Database(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, Duration.ofSeconds(5));
    }

    /** @param connectTimeout how long a connection may take, from the pool or from the server */
    public Database(String jdbcUrl, String user, String password, Duration connectTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("relay");
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
        config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        // the pool starts even when the server is down; the first use says so with the real cause
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
    }

    /**
     * Connects once, before anything else runs, so a wrong setting is one line naming it: the password or user the
     * server refused, or the URL whose server or database is not there.
     *
     * @throws ConfigException naming relay.jdbc.url, relay.jdbc.user or relay.jdbc.password with the cause
     */
    public static void checkReachable(String jdbcUrl, String user, String password, Duration connectTimeout) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        properties.setProperty("socketTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            connection.isValid(1);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String cause = firstLine(e.getMessage());
            // 28P01: password authentication failed; 28000: no such role / not allowed; 3D000: no such database
            String key = state.equals("28P01") ? "relay.jdbc.password"
                    : state.startsWith("28") ? "relay.jdbc.user" : "relay.jdbc.url";
            throw new ConfigException(key, "cannot connect to PostgreSQL: " + cause);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "no answer" : message.lines().findFirst().orElse(message).trim();
    }

    /** Creates or migrates the schema; safe to run from several instances at once. */
    public Database migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return this;
    }

    /** Throws unless the server answers within the connect timeout. */
    public void ping() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                throw new SQLException("the connection did not answer");
            }
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
