package org.cncertrelay.store.pg;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.ParserVersion;
import org.cncertrelay.store.PageLedger;

/** The page ledger in PostgreSQL: one row per page, upserted; shared by every instance. */
public final class PgPageLedger implements PageLedger {

    private static final String COLUMNS = "page_key, url, status, problem, attempts, retry_at, depth, parser_version";

    private final DataSource dataSource;

    public PgPageLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Entry> get(String key) {
        return Sql.query(dataSource, "SELECT " + COLUMNS + " FROM relay_pages WHERE page_key = ?",
                PgPageLedger::entry, key).stream().findFirst();
    }

    @Override
    public List<Entry> dueRetries(Instant now) {
        return Sql.query(dataSource, "SELECT " + COLUMNS + " FROM relay_pages "
                + "WHERE status = 'TEMPORARY_FAILURE' AND retry_at <= ? OR status = 'PERMANENT_FAILURE' "
                + "AND parser_version < ?", PgPageLedger::entry, Timestamp.from(now), ParserVersion.PARSER_VERSION)
                .stream().filter(entry -> entry.status() == Status.TEMPORARY_FAILURE || entry.retriedByNewParser())
                .toList();
    }

    @Override
    public boolean liveRetryPending() {
        return !Sql.query(dataSource, "SELECT 1 FROM relay_pages WHERE status = 'TEMPORARY_FAILURE' AND depth = 0 "
                + "AND page_key NOT LIKE 'file:%' LIMIT 1", row -> true).isEmpty();
    }

    @Override
    public void put(Entry entry) {
        Sql.update(dataSource, "INSERT INTO relay_pages (" + COLUMNS + ", updated) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, now()) "
                + "ON CONFLICT (page_key) DO UPDATE SET url = EXCLUDED.url, status = EXCLUDED.status, "
                + "problem = EXCLUDED.problem, attempts = EXCLUDED.attempts, retry_at = EXCLUDED.retry_at, "
                + "depth = EXCLUDED.depth, parser_version = EXCLUDED.parser_version, updated = now()",
                entry.key(), entry.url(), entry.status().name(),
                entry.problem() == null ? null : entry.problem().name(), entry.attempts(),
                entry.retryAt() == null ? null : Timestamp.from(entry.retryAt()), entry.depth(),
                entry.parserVersion());
    }

    private static Entry entry(ResultSet row) throws SQLException {
        Timestamp retryAt = row.getTimestamp("retry_at");
        String problem = row.getString("problem");
        return new Entry(row.getString("page_key"), row.getString("url"), Status.valueOf(row.getString("status")),
                problem == null ? null : PageProblem.valueOf(problem), row.getInt("attempts"),
                retryAt == null ? null : retryAt.toInstant(), row.getInt("depth"), row.getInt("parser_version"));
    }
}
