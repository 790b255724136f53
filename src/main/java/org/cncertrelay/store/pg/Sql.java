package org.cncertrelay.store.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.cncertrelay.store.StoreUnavailableException;

/** The few JDBC shapes the stores use, with failures turned into one clear unchecked error. */
final class Sql {

    /** Maps one row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private Sql() {
    }

    static int update(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    static <T> List<T> query(DataSource dataSource, String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    static IllegalStateException failure(String what, SQLException e) {
        String statement = what.split(" ", 2)[0].toLowerCase(java.util.Locale.ROOT);
        if (unreachable(e)) {
            return new StoreUnavailableException("database unreachable (" + statement + " ...): " + e.getMessage(), e);
        }
        return new IllegalStateException("database error (" + statement + " ...): " + e.getMessage()
                + " — check relay.jdbc.url and that PostgreSQL is up", e);
    }

    /**
     * The server is not there (SQLSTATE class 08, connection exception; or the pool found no connection in time):
     * the statement itself was fine.
     */
    static boolean unreachable(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException
                    || cause instanceof SQLException sql && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
