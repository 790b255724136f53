package org.cncertrelay.digest;

import org.cncertrelay.pg.LocalPostgres;
import org.cncertrelay.store.pg.Database;

/** A fresh, migrated database on the test PostgreSQL server; skips the test when PostgreSQL is not installed. */
final class TestDatabase {

    private TestDatabase() {
    }

    static String newUrl() {
        return LocalPostgres.get().newDatabase();
    }

    /** Another instance's connection pool on the database at {@code url}. */
    static Database connect(String url) {
        return new Database(url, "postgres", "").migrate();
    }

    static Database fresh() {
        return connect(newUrl());
    }
}
