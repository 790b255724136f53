package org.cncertrelay.store.pg;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import org.cncertrelay.store.PollLog;

/** The poll log in PostgreSQL: one row, the last success of any instance and which one it was. */
public final class PgPollLog implements PollLog {

    private final DataSource dataSource;
    private final String instance;

    public PgPollLog(DataSource dataSource, String instance) {
        this.dataSource = dataSource;
        this.instance = instance;
    }

    @Override
    public void succeeded(Instant at) {
        Sql.update(dataSource, "INSERT INTO relay_polls (last_success, instance) VALUES (?, ?) ON CONFLICT (only_row) "
                + "DO UPDATE SET last_success = GREATEST(relay_polls.last_success, EXCLUDED.last_success), "
                + "instance = EXCLUDED.instance", Timestamp.from(at), instance);
    }

    @Override
    public Optional<Instant> lastSuccess() {
        return Sql.query(dataSource, "SELECT last_success FROM relay_polls",
                row -> row.getTimestamp("last_success").toInstant()).stream().findFirst();
    }
}
