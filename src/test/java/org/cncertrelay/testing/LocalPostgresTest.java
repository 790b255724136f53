package org.cncertrelay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

class LocalPostgresTest {

    @Test
    void startsARealServerWithAFreshDatabasePerCall() throws Exception {
        String url = LocalPostgres.get().newDatabase();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                ResultSet result = connection.createStatement().executeQuery("select version()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).startsWith("PostgreSQL");
        }
        assertThat(LocalPostgres.get().newDatabase()).isNotEqualTo(url);
    }
}
